package dev.lockstep.preview;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lockstep.mapping.MappingRegistry;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/pairs/{pair}/preview}: what a pair would do with a sample record, writing nothing. */
@RestController
public class PreviewController {

    private final MappingRegistry mappings;
    private final PairPreview preview;
    private final ObjectMapper json;

    public PreviewController(MappingRegistry mappings, PairPreview preview, ObjectMapper json) {
        this.mappings = mappings;
        this.preview = preview;
        this.json = json;
    }

    @PostMapping(path = "/api/pairs/{pair}/preview", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> preview(@PathVariable String pair, @RequestBody JsonNode sample) {
        if (!mappings.all().containsKey(pair)) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no pair " + pair + " (known: " + mappings.all().keySet() + ")"));
        }
        if (sample == null || !sample.isObject()) {
            return ResponseEntity.badRequest().body(Map.of("error", "the sample must be a JSON object (one source record)"));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> record = json.convertValue(sample, Map.class);
        return ResponseEntity.ok(preview.preview(mappings.get(pair), record));
    }
}
