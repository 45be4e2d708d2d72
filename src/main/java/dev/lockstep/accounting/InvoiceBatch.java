package dev.lockstep.accounting;

import dev.lockstep.event.ChangeEvent;
import dev.lockstep.mapping.TargetRow;
import java.util.List;

/** One batch taken from the pair's inbox: what is sent in one bulk request, and what failed before it. */
public record InvoiceBatch(long number, List<Item> items, List<Failure> failures) {

    /** The exchange property holding the batch in flight. */
    public static final String PROPERTY = "lockstepInvoiceBatch";

    /** An invoice to send: its inbox row, mapped row and hash, and the accounting id the ledger links (null: new). */
    public record Item(long inboxId, String payload, ChangeEvent event, TargetRow row, String hash, String invoiceId) {
    }

    /**
     * An invoice that cannot be written: {@code invalid} ones (cleanup or mapping refused them) go to
     * the quarantine, the others (the API refused them) to the dead letters, each with its reason.
     */
    public record Failure(long inboxId, String payload, ChangeEvent event, Exception cause, boolean invalid) {
    }
}
