package dev.lockstep.cleanup;

import dev.lockstep.event.ChangeEvent;
import dev.lockstep.mapping.Mapping;
import dev.lockstep.mapping.RecordMapper;
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

    /** What cleanup did to one field: its value before and after, or why it could not be cleaned. */
    public record FieldCleanup(String field, Object before, Object after, String error) {
    }

    /** Every field's cleanup, and the cleaned event (null when a field failed). */
    public record Trace(List<FieldCleanup> fields, List<Violation> violations, ChangeEvent cleaned) {
    }

    public static ChangeEvent clean(Mapping mapping, ChangeEvent event) {
        Trace trace = trace(mapping, event);
        if (!trace.violations().isEmpty()) {
            throw new InvalidRecordException(trace.violations());
        }
        return trace.cleaned();
    }

    /**
     * Writes a cleaned value where it was read: at a dotted path into nested objects, copying each
     * nested object on the way so the event's own fields are never changed.
     */
    @SuppressWarnings("unchecked")
    static void write(Map<String, Object> record, String path, Object value) {
        if (record.containsKey(path) || !path.contains(".")) {
            record.put(path, value);
            return;
        }
        int dot = path.indexOf('.');
        String head = path.substring(0, dot);
        if (!(record.get(head) instanceof Map<?, ?> nested)) {
            return; // nothing at that path: nothing to clean
        }
        Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) nested);
        write(copy, path.substring(dot + 1), value);
        record.put(head, copy);
    }

    /** Cleans field by field, recording each step; used by the pipeline and by the preview. */
    public static Trace trace(Mapping mapping, ChangeEvent event) {
        if (event.isDelete()) {
            return new Trace(List.of(), List.of(), event);
        }
        Map<String, Object> record = new LinkedHashMap<>(event.fields());
        List<Violation> violations = new ArrayList<>();
        List<FieldCleanup> steps = new ArrayList<>();
        for (Map.Entry<String, List<Transform>> rule : mapping.cleanup().entrySet()) {
            String field = rule.getKey();
            Object before = RecordMapper.read(record, field);
            Object value = before;
            try {
                for (Transform t : rule.getValue()) {
                    value = t.apply(value, record);
                }
                write(record, field, value);
                steps.add(new FieldCleanup(field, before, value, null));
            } catch (CleanupFailure e) {
                violations.add(new Violation(field, before, e.getMessage()));
                steps.add(new FieldCleanup(field, before, null, e.getMessage()));
            }
        }
        return new Trace(steps, violations, violations.isEmpty() ? event.withFields(record) : null);
    }
}
