package dev.lockstep.resolve;

import java.util.Locale;

/** How a field changed on both sides since the baseline is decided. */
public enum Rule {
    /** The owning system's value wins (source of truth per field). */
    OWNER,
    /** The later source timestamp wins; equal timestamps: the greater value, so arrival order never matters. */
    LATEST,
    /** Numbers: base + (a - base) + (b - base), so concurrent changes on both sides are all kept. */
    COUNTER,
    /** Held for a person; nothing is overwritten until one picks a value. */
    MANUAL;

    /** The spelling in mapping files and the API: {@code owner}, {@code latest}, {@code counter}, {@code manual}. */
    public String spelling() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Rule of(String spelling) {
        for (Rule r : values()) {
            if (r.spelling().equals(spelling)) {
                return r;
            }
        }
        return null;
    }
}
