package dev.lockstep.event;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The one canonical form of a change, whatever the source. Everything after the envelope step
 * speaks only this. Immutable: {@code fields} is a read-only copy (values may be null).
 *
 * @param eventId       the source's id for this change; the idempotency key within a pair
 * @param pair          the sync pair this event belongs to, e.g. {@code crm-to-billing}
 * @param sourceSystem  the system the change came from, e.g. {@code crm}
 * @param entity        the kind of record, e.g. {@code contact}
 * @param sourceId      the record's id in the source system
 * @param operation     upsert or delete
 * @param fields        the record's field values as the source sent them
 * @param sourceVersion the source's modified-at for this version of the record
 * @param receivedAt    when Lockstep accepted the event
 */
public record ChangeEvent(
        String eventId,
        String pair,
        String sourceSystem,
        String entity,
        String sourceId,
        Operation operation,
        Map<String, Object> fields,
        Instant sourceVersion,
        Instant receivedAt) {

    public enum Operation { UPSERT, DELETE }

    public ChangeEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(pair, "pair");
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(sourceVersion, "sourceVersion");
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields == null ? Map.of() : fields));
    }

    @JsonIgnore
    public boolean isDelete() {
        return operation == Operation.DELETE;
    }

    /** A copy carrying other field values (e.g. cleaned ones); everything else is unchanged. */
    public ChangeEvent withFields(Map<String, Object> newFields) {
        return new ChangeEvent(eventId, pair, sourceSystem, entity, sourceId, operation, newFields, sourceVersion, receivedAt);
    }
}
