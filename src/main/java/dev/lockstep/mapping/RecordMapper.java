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
import java.util.Optional;

/**
 * Turns a cleaned event into the target row its mapping describes. Pure apart from {@link Links}
 * (the ledger's cross-system ids, for {@code lookup} rules).
 *
 * <p>Each column: its value source ({@code from}, {@code template}, {@code constant}, {@code when},
 * {@code lookup}), then the value map, the transforms, the default (when the value is missing or
 * blank), and the validations. Every failure of every column is collected, so the quarantine shows
 * them all.
 *
 * <p>An upsert writes every column that flows to the target and clears the soft-delete column (so a
 * newer upsert revives a deleted record). A delete writes only the key, the columns mapped from the
 * source's version field, and the delete column: a delete event carries no other data worth writing.
 * A delete's key may be empty; the match step then addresses the record the ledger linked.
 */
public final class RecordMapper {

    /** The ledger's links: the target id another pair's record has, if it is linked. */
    @FunctionalInterface
    public interface Links {
        Optional<String> targetId(String pair, String sourceId);

        Links NONE = (pair, sourceId) -> Optional.empty();
    }

    private RecordMapper() {
    }

    public static TargetRow map(Mapping mapping, ChangeEvent event) {
        return map(mapping, event, Links.NONE);
    }

    public static TargetRow map(Mapping mapping, ChangeEvent event, Links links) {
        Mapping.Target target = mapping.target();
        Map<String, Object> values = new LinkedHashMap<>();
        List<Violation> violations = new ArrayList<>();
        boolean delete = event.isDelete();
        for (FieldRule rule : mapping.fields().values()) {
            if (!rule.flowsToTarget()) {
                continue;
            }
            boolean keyOrVersion = rule.column().equals(target.key())
                    || (rule.source() instanceof ValueSource.From f && f.path().equals(mapping.source().version()));
            if (delete && !keyOrVersion) {
                continue;
            }
            column(rule, event.fields(), links, values, violations);
        }
        // A delete may come without the key column's source (an e-mail keyed target gets only the id):
        // the match step addresses it by the ledger's link instead.
        if (!delete && values.get(target.key()) == null && violations.stream().noneMatch(v -> v.field().equals(target.key()))) {
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

    /** Computes one column into {@code values}, or adds why it cannot be computed to {@code violations}. */
    static void column(FieldRule rule, Map<String, Object> record, Links links, Map<String, Object> values,
                       List<Violation> violations) {
        Object value = null;
        try {
            value = source(rule.source(), record, links);
            if (!rule.valueMap().isEmpty() && value != null) {
                String key = value.toString();
                if (rule.valueMap().containsKey(key)) {
                    value = rule.valueMap().get(key);
                } else if (rule.hasOtherwise()) {
                    value = rule.otherwise();
                } else {
                    throw new CleanupFailure("'" + key + "' is not in the value map " + rule.valueMap().keySet());
                }
            }
            for (Transform t : rule.transforms()) {
                value = t.apply(value, record);
            }
        } catch (CleanupFailure e) {
            violations.add(new Violation(rule.column(), value, e.getMessage()));
            return;
        }
        if (Validation.blank(value) && rule.defaultValue() != null) {
            value = rule.defaultValue();
        }
        boolean valid = true;
        for (Validation v : rule.validations()) {
            Optional<String> failure = v.check(value);
            if (failure.isPresent()) {
                violations.add(new Violation(rule.column(), value, failure.get()));
                valid = false;
            }
        }
        if (valid) {
            values.put(rule.column(), value);
        }
    }

    private static Object source(ValueSource source, Map<String, Object> record, Links links) {
        if (source instanceof ValueSource.From from) {
            return read(record, from.path());
        }
        if (source instanceof ValueSource.Template template) {
            return render(template.text(), record);
        }
        if (source instanceof ValueSource.Constant constant) {
            return constant.value();
        }
        if (source instanceof ValueSource.When when) {
            for (ValueSource.When.Branch branch : when.branches()) {
                if (branch.condition().test(record)) {
                    return literalOrTemplate(branch.then(), record);
                }
            }
            return literalOrTemplate(when.otherwise(), record);
        }
        ValueSource.Lookup lookup = (ValueSource.Lookup) source;
        Object linkedSourceId = read(record, lookup.from());
        if (linkedSourceId == null || linkedSourceId.toString().isBlank()) {
            return null;
        }
        Optional<String> targetId = links.targetId(lookup.pair(), linkedSourceId.toString());
        if (targetId.isEmpty() && !lookup.missingAsNull()) {
            throw new CleanupFailure("no record linked to " + lookup.from() + "=" + linkedSourceId + " in pair " + lookup.pair());
        }
        return targetId.orElse(null);
    }

    private static Object literalOrTemplate(Object value, Map<String, Object> record) {
        return value instanceof String text && text.contains("{") ? render(text, record) : value;
    }

    /** Reads a field, following dots into nested objects ({@code address.city}). */
    @SuppressWarnings("unchecked")
    public static Object read(Map<String, Object> record, String path) {
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
        StringBuilder out = new StringBuilder();
        java.util.regex.Matcher m = MappingLoader.TEMPLATE_FIELD.matcher(template);
        while (m.find()) {
            Object value = read(record, m.group(1).strip());
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(value == null ? "" : value.toString()));
        }
        m.appendTail(out);
        return out.toString();
    }
}
