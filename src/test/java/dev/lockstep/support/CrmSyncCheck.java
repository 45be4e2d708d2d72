package dev.lockstep.support;

import dev.lockstep.support.CrmWebhookSender.Event;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What crm-to-billing must end with after a {@link CrmWebhookSender} stream, whatever happened on
 * the way (kills, restarts, replicas): each event in the inbox once with a final outcome, one billing
 * row and one ledger entry per contact at its last version. Each method lists the differences.
 */
public final class CrmSyncCheck {

    public static final String PAIR = "crm-to-billing";
    private static final Set<String> FINAL_STATUSES = Set.of("APPLIED", "UNCHANGED", "STALE");
    /** CrmWebhookSender sends every live contact with this phone number, in GB. */
    private static final String PHONE_E164 = "+442079460958";

    /** Billing's columns for one customer, as compared. */
    record BillingRow(String email, String fullName, String phone, Instant crmUpdatedAt, Instant deletedAt) {
    }

    /** The ledger's entry for one contact, as compared. */
    record LedgerRow(String targetId, Instant sourceVersion, boolean deleted, String lastEventId) {
    }

    private CrmSyncCheck() {
    }

    /** Each event the CRM sent is in the inbox exactly once, with a final status; nothing else is. */
    public static List<String> inboxProblems(CrmWebhookSender crm, JdbcTemplate state) {
        Map<String, List<String>> statuses = new HashMap<>();
        state.query("SELECT event_id, status FROM inbox_event WHERE pair = ?", (ResultSet rs) -> {
            statuses.computeIfAbsent(rs.getString(1), id -> new ArrayList<>()).add(rs.getString(2));
        }, PAIR);
        List<String> problems = new ArrayList<>();
        for (String eventId : crm.events().keySet()) {
            List<String> found = statuses.getOrDefault(eventId, List.of());
            String what = eventId + (crm.retried().contains(eventId) ? " (resent)" : "");
            if (found.size() != 1) {
                problems.add(what + " is in the inbox " + found.size() + " times");
            } else if (!FINAL_STATUSES.contains(found.get(0))) {
                problems.add(what + " ended " + found.get(0));
            }
        }
        statuses.keySet().stream().filter(id -> !crm.events().containsKey(id))
                .forEach(id -> problems.add(id + " is in the inbox but was never sent"));
        return problems;
    }

    /** One billing row per contact, equal to the contact's last version; no other row of the test's. */
    public static List<String> billingProblems(CrmWebhookSender crm, JdbcTemplate billing, String prefix) {
        Map<String, BillingRow> rows = new HashMap<>();
        billing.query("SELECT customer_ref, email, full_name, phone, crm_updated_at, deleted_at FROM billing_customer"
                + " WHERE customer_ref LIKE ?", (ResultSet rs) -> {
            rows.put(rs.getString(1), new BillingRow(rs.getString(2), rs.getString(3), rs.getString(4),
                    instant(rs, 5), instant(rs, 6)));
        }, prefix + "-%");
        List<String> problems = new ArrayList<>();
        crm.latest().forEach((contactId, last) -> {
            Event upsert = crm.latestUpsert().get(contactId);
            BillingRow expected = new BillingRow(CrmWebhookSender.cleanedEmail(upsert),
                    upsert.firstName() + " " + upsert.lastName(), PHONE_E164, last.updatedAt(),
                    last.delete() ? last.updatedAt() : null);
            BillingRow actual = rows.get(contactId);
            if (!expected.equals(actual)) {
                problems.add(contactId + ": billing has " + actual + ", expected " + expected + " (events " + crm.eventsOf(contactId) + ")");
            }
        });
        rows.keySet().stream().filter(ref -> !crm.latest().containsKey(ref))
                .forEach(ref -> problems.add(ref + " is in billing but no such contact was sent"));
        return problems;
    }

    /** One ledger entry per contact, at the contact's last version and event. */
    public static List<String> ledgerProblems(CrmWebhookSender crm, JdbcTemplate state) {
        Map<String, LedgerRow> rows = new HashMap<>();
        state.query("SELECT source_id, target_id, source_version, deleted, last_event_id FROM sync_record WHERE pair = ?",
                (ResultSet rs) -> {
                    rows.put(rs.getString(1), new LedgerRow(rs.getString(2), instant(rs, 3), rs.getBoolean(4), rs.getString(5)));
                }, PAIR);
        List<String> problems = new ArrayList<>();
        crm.latest().forEach((contactId, last) -> {
            LedgerRow expected = new LedgerRow(contactId, last.updatedAt(), last.delete(), last.eventId());
            LedgerRow actual = rows.get(contactId);
            if (!expected.equals(actual)) {
                problems.add(contactId + ": ledger has " + actual + ", expected " + expected);
            }
        });
        rows.keySet().stream().filter(id -> !crm.latest().containsKey(id))
                .forEach(id -> problems.add(id + " is in the ledger but no such contact was sent"));
        return problems;
    }

    public static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
