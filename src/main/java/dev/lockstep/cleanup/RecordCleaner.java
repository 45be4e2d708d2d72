package dev.lockstep.cleanup;

import dev.lockstep.event.ChangeEvent;
import dev.lockstep.mapping.Mapping;
import dev.lockstep.mapping.Transform;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies a mapping's {@code cleanup} section to an event's fields, in the order written, and
 * collects every failure instead of stopping at the first, so the quarantine shows them all.
 * Deletes carry no data to clean.
 */
public final class RecordCleaner {

    private RecordCleaner() {
    }

    public static ChangeEvent clean(Mapping mapping, ChangeEvent event) {
        if (event.isDelete()) {
            return event;
        }
        Map<String, Object> record = new LinkedHashMap<>(event.fields());
        List<Violation> violations = new ArrayList<>();
        for (Map.Entry<String, List<Transform>> rule : mapping.cleanup().entrySet()) {
            String field = rule.getKey();
            Object value = record.get(field);
            try {
                for (Transform t : rule.getValue()) {
                    value = t.apply(value, record);
                }
                record.put(field, value);
            } catch (CleanupFailure e) {
                violations.add(new Violation(field, event.fields().get(field), e.getMessage()));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidRecordException(violations);
        }
        return event.withFields(record);
    }
}
