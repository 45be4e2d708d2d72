package dev.lockstep.batch;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lockstep.cleanup.RecordCleaner;
import dev.lockstep.deadletter.DeadLetterGate;
import dev.lockstep.deliver.JdbcWriteStatement;
import dev.lockstep.event.ChangeEvent;
import dev.lockstep.inbox.InboxReader;
import dev.lockstep.ledger.OrderingGuard;
import dev.lockstep.ledger.SyncLedger;
import dev.lockstep.mapping.Mapping;
import dev.lockstep.mapping.MappingRegistry;
import dev.lockstep.mapping.RecordMapper;
import dev.lockstep.mapping.TargetRow;
import dev.lockstep.matching.MatchKeyLinker;
import dev.lockstep.pipeline.Outcome;
import dev.lockstep.pipeline.PipelineProperties;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The plan step of the batch path: turns the inbox rows of one poll into a {@link BatchPlan} with
 * the same decisions the one-by-one route would reach for them, using one query per kind of
 * look-up for the whole batch (open dead letters, ledger entries, match keys, linked records).
 *
 * <p>A record's events are decided in arrival order against the record's ledger state as it
 * evolves through the batch, exactly as consecutive one-by-one events would see it after each
 * other's commits. A record goes the one-by-one way instead (all its events of this batch, so its
 * order holds) when it has an open dead letter, an event that fails cleanup or mapping, a match
 * key that is a duplicate (of a linked record, or of another record in this batch), or more than
 * one distinct write in this batch.
 */
@Component("batchPlanner")
public class BatchPlanner implements Processor {

    /** The exchange property holding the {@link BatchPlan}. */
    public static final String PLAN = "lockstepBatchPlan";
    /** The exchange property holding the rows to send through the one-by-one route. */
    public static final String SLOW_ROWS = "lockstepSlowRows";

    private static final Logger log = LoggerFactory.getLogger(BatchPlanner.class);

    private final ObjectMapper json;
    private final MappingRegistry mappings;
    private final RecordMapper.Links links;
    private final SyncLedger ledger;
    private final MatchKeyLinker linker;
    private final DeadLetterGate gate;

    public BatchPlanner(ObjectMapper json, MappingRegistry mappings, RecordMapper.Links links, SyncLedger ledger,
                        MatchKeyLinker linker, DeadLetterGate gate) {
        this.json = json;
        this.mappings = mappings;
        this.links = links;
        this.ledger = ledger;
        this.linker = linker;
        this.gate = gate;
    }

    /** One inbox event of the batch, and what the plan made of it. */
    private static final class Item {
        final Map<String, Object> row;
        final long inboxId;
        final ChangeEvent event;
        TargetRow target;

        Item(Map<String, Object> row, long inboxId, ChangeEvent event) {
            this.row = row;
            this.inboxId = inboxId;
            this.event = event;
        }
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = exchange.getMessage().getMandatoryBody(List.class);
        String pair = PipelineProperties.pair(exchange);
        BatchPlan plan = plan(pair, mappings.get(pair), rows);
        exchange.setProperty(PLAN, plan);
        exchange.setProperty(SLOW_ROWS, plan.slowRows());
        exchange.getMessage().setBody(plan.writes());
    }

    BatchPlan plan(String pair, Mapping mapping, List<Map<String, Object>> rows) throws Exception {
        Map<String, List<Item>> records = new LinkedHashMap<>();
        for (Map<String, Object> row : rows) {
            Item item = new Item(row, ((Number) row.get("id")).longValue(), InboxReader.read(json, row));
            records.computeIfAbsent(item.event.sourceId(), id -> new ArrayList<>()).add(item);
        }
        records.values().forEach(items -> items.sort(Comparator.comparingLong(item -> item.inboxId)));
        Set<String> slow = new HashSet<>(gate.recordsWithOpenDeadLetters(pair, records.keySet()));

        records.forEach((sourceId, items) -> {
            if (!cleanAndMap(mapping, items)) {
                slow.add(sourceId);
            }
        });
        slowSharedMatchKeys(mapping, records, slow);

        List<String> fast = records.keySet().stream().filter(id -> !slow.contains(id)).toList();
        Map<String, SyncLedger.RecordState> known = ledger.findAll(pair, fast);
        Set<List<String>> newKeys = new HashSet<>();
        for (String sourceId : fast) {
            if (!known.containsKey(sourceId)) {
                records.get(sourceId).forEach(item -> MatchKeyLinker.matchKey(mapping, item.target).ifPresent(newKeys::add));
            }
        }
        Map<List<String>, String> matched = linker.findTargetRecords(mapping, newKeys);
        Map<String, String> linkedSources = ledger.sourcesLinkedTo(pair, new HashSet<>(matched.values()));

        Map<String, WriteGroup> writes = new LinkedHashMap<>();
        List<SyncLedger.Entry> entries = new ArrayList<>();
        Map<Long, Outcome> outcomes = new HashMap<>();
        for (String sourceId : fast) {
            Optional<RecordDecisions> decided = decide(mapping, sourceId, records.get(sourceId),
                    Optional.ofNullable(known.get(sourceId)), matched, linkedSources);
            if (decided.isEmpty()) {
                slow.add(sourceId);
                continue;
            }
            RecordDecisions record = decided.get();
            outcomes.putAll(record.outcomes);
            record.entry.ifPresent(entries::add);
            record.write.ifPresent(row -> writes.computeIfAbsent(JdbcWriteStatement.sql(row),
                    sql -> new WriteGroup(sql, new ArrayList<>())).parameters().add(JdbcWriteStatement.parameters(row)));
        }

        List<Map<String, Object>> slowRows = new ArrayList<>();
        records.forEach((sourceId, items) -> {
            if (slow.contains(sourceId)) {
                items.forEach(item -> slowRows.add(item.row));
            }
        });
        slowRows.sort(Comparator.comparingLong(row -> ((Number) row.get("id")).longValue()));
        Map<Long, Outcome> ordered = new LinkedHashMap<>();
        outcomes.keySet().stream().sorted().forEach(id -> ordered.put(id, outcomes.get(id)));
        Map<Long, ChangeEvent> events = new HashMap<>();
        records.values().forEach(items -> items.stream().filter(item -> ordered.containsKey(item.inboxId))
                .forEach(item -> events.put(item.inboxId, item.event)));
        return new BatchPlan(List.copyOf(writes.values()), entries, ordered, events, slowRows);
    }

    /**
     * Cleans and maps every event of a record; false when one fails (the one-by-one route
     * quarantines it). Every event that can be mapped is, so its match key is known either way.
     */
    private boolean cleanAndMap(Mapping mapping, List<Item> items) {
        boolean all = true;
        for (Item item : items) {
            try {
                item.target = RecordMapper.map(mapping, RecordCleaner.clean(mapping, item.event), links);
            } catch (RuntimeException invalid) {
                log.debug("{} record {} event {} goes one by one: {}", item.event.pair(), item.event.sourceId(),
                        item.event.eventId(), invalid.getMessage());
                all = false;
            }
        }
        return all;
    }

    /**
     * Records of this batch whose rows carry the same match key would see each other's writes one
     * by one (the later is linked to, or quarantined as a duplicate of, the earlier), in the order
     * their events arrived: they all go that way, whatever else sent one of them there already.
     */
    private static void slowSharedMatchKeys(Mapping mapping, Map<String, List<Item>> records, Set<String> slow) {
        Map<List<String>, Set<String>> owners = new HashMap<>();
        records.forEach((sourceId, items) -> items.stream().filter(item -> item.target != null)
                .forEach(item -> MatchKeyLinker.matchKey(mapping, item.target)
                        .ifPresent(key -> owners.computeIfAbsent(key, k -> new HashSet<>()).add(sourceId))));
        owners.values().stream().filter(ids -> ids.size() > 1).forEach(slow::addAll);
    }

    /** What a record's events of this batch come to. */
    private record RecordDecisions(Map<Long, Outcome> outcomes, Optional<SyncLedger.Entry> entry, Optional<TargetRow> write) {
    }

    /**
     * Decides a record's events in order, as the one-by-one route would: the match step's link,
     * the resolve step's outcome, and the ledger state each commit leaves for the next event.
     * Empty when the record must go one by one.
     */
    private static Optional<RecordDecisions> decide(Mapping mapping, String sourceId, List<Item> items,
                                                    Optional<SyncLedger.RecordState> known, Map<List<String>, String> matched,
                                                    Map<String, String> linkedSources) {
        Optional<SyncLedger.RecordState> state = known;
        SyncLedger.Entry entry = null;
        List<TargetRow> writes = new ArrayList<>();
        Map<Long, Outcome> outcomes = new HashMap<>();
        for (Item item : items) {
            TargetRow row = item.target;
            if (state.isPresent()) {
                row = row.withKey(state.get().targetId());
            } else {
                Optional<String> existing = MatchKeyLinker.matchKey(mapping, row).map(matched::get);
                if (existing.isPresent()) {
                    String other = linkedSources.get(existing.get());
                    if (other != null && !other.equals(sourceId)) {
                        return Optional.empty(); // a duplicate pair: quarantined one by one, naming the other record
                    }
                    row = row.withKey(existing.get());
                }
            }
            // Hashed once: the decision, the record's state and its ledger entry all need it.
            String hash = row.contentHash();
            Outcome outcome = OrderingGuard.decide(item.event, row, hash, state);
            outcomes.put(item.inboxId, outcome);
            Instant version = item.event.sourceVersion();
            boolean advances = state.isEmpty() || !state.get().sourceVersion().isAfter(version);
            if ((outcome == Outcome.APPLIED || outcome == Outcome.UNCHANGED) && advances) {
                state = Optional.of(new SyncLedger.RecordState(row.key(), version, hash, item.event.isDelete()));
                entry = new SyncLedger.Entry(sourceId, row.key(), version, hash, item.event.isDelete(),
                        item.event.eventId());
            }
            if (outcome == Outcome.APPLIED) {
                addWrite(writes, row);
            }
        }
        if (writes.size() > 1) {
            return Optional.empty(); // e.g. an upsert then a delete: written in order, one by one
        }
        return Optional.of(new RecordDecisions(outcomes, Optional.ofNullable(entry), writes.stream().findFirst()));
    }

    /** A later upsert of the same columns (or more) overwrites an earlier one: only the later is written. */
    private static void addWrite(List<TargetRow> writes, TargetRow row) {
        if (!writes.isEmpty()) {
            TargetRow last = writes.get(writes.size() - 1);
            if (last.write() == TargetRow.Write.UPSERT && row.write() == TargetRow.Write.UPSERT
                    && row.values().keySet().containsAll(last.values().keySet())) {
                writes.set(writes.size() - 1, row);
                return;
            }
        }
        writes.add(row);
    }
}
