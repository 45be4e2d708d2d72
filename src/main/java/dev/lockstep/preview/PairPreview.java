package dev.lockstep.preview;

import dev.lockstep.cleanup.InvalidRecordException;
import dev.lockstep.cleanup.RecordCleaner;
import dev.lockstep.cleanup.Violation;
import dev.lockstep.event.ChangeEvent;
import dev.lockstep.mapping.Mapping;
import dev.lockstep.mapping.RecordMapper;
import dev.lockstep.mapping.TargetRow;
import dev.lockstep.matching.MatchKeyLinker;
import dev.lockstep.webhook.WebhookEnvelope;
import dev.lockstep.webhook.WebhookRejection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Runs a sample source record through a pair's envelope, cleanup, map and match steps and reports
 * what each did — without writing anything anywhere. It reads the ledger and the target (for
 * lookups and match keys) exactly as the pipeline would.
 */
@Component
public class PairPreview {

    /** The preview answer. */
    public record Result(String pair, boolean valid, String envelopeProblem, Map<String, Object> envelope,
                         List<RecordCleaner.FieldCleanup> cleanup, String write, String table, String targetKey,
                         Map<String, Object> target, List<Violation> violations) {
    }

    private final MatchKeyLinker linker;
    private final RecordMapper.Links links;

    public PairPreview(MatchKeyLinker linker, RecordMapper.Links links) {
        this.linker = linker;
        this.links = links;
    }

    public Result preview(Mapping mapping, Map<String, Object> sample) {
        String envelopeProblem = null;
        ChangeEvent event;
        try {
            event = WebhookEnvelope.toEvent(mapping, sample, Instant.now());
        } catch (WebhookRejection e) {
            // Report the envelope's problem and still show what cleanup and mapping make of the fields.
            envelopeProblem = e.getMessage();
            event = new ChangeEvent("(preview)", mapping.pair(), mapping.source().system(), mapping.source().entity(),
                    "(preview)", ChangeEvent.Operation.UPSERT, sample, Instant.EPOCH, Instant.now());
        }
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("eventId", event.eventId());
        envelope.put("sourceId", event.sourceId());
        envelope.put("operation", event.operation());
        envelope.put("sourceVersion", event.sourceVersion());

        RecordCleaner.Trace trace = RecordCleaner.trace(mapping, event);
        List<Violation> violations = new ArrayList<>(trace.violations());
        TargetRow row = null;
        if (trace.cleaned() != null) {
            try {
                row = RecordMapper.map(mapping, trace.cleaned(), links);
                if (envelopeProblem == null) {
                    row = linker.link(mapping, trace.cleaned(), row);
                }
            } catch (InvalidRecordException e) {
                violations.addAll(e.violations());
            }
        }
        boolean valid = envelopeProblem == null && violations.isEmpty();
        return new Result(mapping.pair(), valid, envelopeProblem, envelope, trace.fields(),
                row == null ? null : row.write().name(), mapping.target().table(), row == null ? null : row.key(),
                row == null ? null : row.values(), violations);
    }
}
