package dev.lockstep.reconcile;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * One side of a pair as a reconciliation sees it: every record as a {@link KeyHash}, in ascending
 * key order ({@link String#compareTo}), fetched a page at a time. A side that pages by key passes
 * the last key it returned as the token; one that pages by number passes the page number.
 */
public interface ReconcileSide {

    /** A page of records, and the token of the next page (null: this was the last). */
    record Page(List<KeyHash> records, String next) {
    }

    /** The system's name, for messages. */
    String name();

    /** The first page when {@code token} is null, else the page the previous one pointed to. */
    Page page(String token);

    /** The records, page by page as they are consumed. */
    default Iterator<KeyHash> records() {
        return new Iterator<>() {
            private Iterator<KeyHash> current = List.<KeyHash>of().iterator();
            private String next;
            private boolean started;

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && (!started || next != null)) {
                    Page page = page(next);
                    started = true;
                    current = new ArrayList<>(page.records()).iterator();
                    next = page.next();
                }
                return current.hasNext();
            }

            @Override
            public KeyHash next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    /** A side made of a page function, e.g. {@code token -> api.invoices(page)}. */
    static ReconcileSide of(String name, Function<String, Page> pages) {
        return new ReconcileSide() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Page page(String token) {
                return pages.apply(token);
            }
        };
    }
}
