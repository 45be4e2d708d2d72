package dev.lockstep.mapping;

import dev.lockstep.cleanup.CleanupFailure;
import dev.lockstep.cleanup.InvalidRecordException;
import dev.lockstep.cleanup.Violation;
import dev.lockstep.event.ChangeEvent;
import dev.lockstep.mapping.Mapping.FieldRule;
import dev.lockstep.mapping.TargetRow.Write;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a cleaned event into the target row its mapping describes. Pure: no database, no Camel.
 *
 * <p>An upsert writes every mapped column and clears the soft-delete column (so a newer upsert
 * revives a deleted record). A delete writes only the key, the columns mapped from the source's
 * version field, and the delete column: a delete event carries no other data worth writing.
 */
public final class RecordMapper {

    private RecordMapper() {
    }

    public static TargetRow map(Mapping mapping, ChangeEvent event) {
        Mapping.Target target = mapping.target();
        Map<String, Object> values = new LinkedHashMap<>();
        List<Violation> violations = new ArrayList<>();
        boolean delete = event.isDelete();
        for (FieldRule rule : mapping.fields().values()) {
            boolean keyOrVersion = rule.column().equals(target.key())
                    || (rule.from() != null && rule.from().equals(mapping.source().version()));
            if (delete && !keyOrVersion) {
                continue;
            }
            Object value = rule.from() != null ? read(event.fields(), rule.from()) : render(rule.template(), event.fields());
            try {
                for (Transform t : rule.transforms()) {
                    value = t.apply(value, event.fields());
                }
                values.put(rule.column(), value);
            } catch (CleanupFailure e) {
                violations.add(new Violation(rule.column(), value, e.getMessage()));
            }
        }
        if (values.get(target.key()) == null && violations.isEmpty()) {
            violations.add(new Violation(target.key(), null, "the target key is empty"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidRecordException(violations);
        }
        Mapping.Deletes deletes = mapping.deletes();
        if (!delete) {
            if (deletes.policy() == Mapping.Deletes.Policy.SOFT) {
                values.put(deletes.column(), null);
            }
            return new TargetRow(Write.UPSERT, target.table(), target.key(), target.syncedAt(), values);
        }
        return switch (deletes.policy()) {
            case SOFT -> {
                values.put(deletes.column(), event.sourceVersion());
                yield new TargetRow(Write.SOFT_DELETE, target.table(), target.key(), target.syncedAt(), values);
            }
            case HARD -> new TargetRow(Write.HARD_DELETE, target.table(), target.key(), target.syncedAt(), values);
            case IGNORE -> new TargetRow(Write.NONE, target.table(), target.key(), target.syncedAt(), values);
        };
    }

    /** Reads a field, following dots into nested objects ({@code address.city}). */
    @SuppressWarnings("unchecked")
    static Object read(Map<String, Object> record, String path) {
        if (record.containsKey(path)) {
            return record.get(path);
        }
        Object current = record;
        for (String part : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = ((Map<String, Object>) map).get(part);
        }
        return current;
    }

    /** Fills {@code {field}} placeholders; a missing field renders as nothing. */
    static String render(String template, Map<String, Object> record) {
        String result = template;
        for (String field : MappingLoader.templateFields(template)) {
            Object value = read(record, field);
            result = result.replace("{" + field + "}", value == null ? "" : value.toString());
        }
        return result;
    }
}
