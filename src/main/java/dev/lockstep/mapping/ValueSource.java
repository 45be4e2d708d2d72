package dev.lockstep.mapping;

import java.util.List;

/**
 * Where a target column's value comes from, before value maps, transforms and defaults. Exactly
 * one per field rule.
 */
public sealed interface ValueSource {

    /** A source field; dots follow nested objects ({@code address.city}). */
    record From(String path) implements ValueSource {
    }

    /** Fields joined into text: {@code "{firstName} {lastName}"}. */
    record Template(String text) implements ValueSource {
    }

    /** The same value for every record (typed as YAML types it: text, number, boolean, null). */
    record Constant(Object value) implements ValueSource {
    }

    /** The first branch whose condition holds; {@code otherwise} when none does. */
    record When(List<Branch> branches, Object otherwise) implements ValueSource {
        /** {@code then} is a literal, or a template when it contains {@code {field}}. */
        public record Branch(Condition condition, Object then) {
        }
    }

    /**
     * The id another pair's target uses for a linked record: reads {@code from} (a source field
     * holding the other record's source id) and asks the ledger of {@code pair} for its target id.
     * A missing link quarantines the record unless {@code missingAsNull}.
     */
    record Lookup(String pair, String from, boolean missingAsNull) implements ValueSource {
    }
}
