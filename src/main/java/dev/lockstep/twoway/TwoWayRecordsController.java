package dev.lockstep.twoway;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/pairs/{pair}/records/{key}}: a two-way record as the ledger knows it — the agreed
 * values, and per system the baseline, the hash of Lockstep's last write there and how many
 * writes Lockstep made there.
 */
@RestController
public class TwoWayRecordsController {

    private final TwoWayLedger ledger;

    public TwoWayRecordsController(TwoWayLedger ledger) {
        this.ledger = ledger;
    }

    @GetMapping("/api/pairs/{pair}/records/{key}")
    public ResponseEntity<?> record(@PathVariable String pair, @PathVariable String key) {
        return ledger.describe(pair, key).<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElse(ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no linked record " + key + " in " + pair)));
    }
}
