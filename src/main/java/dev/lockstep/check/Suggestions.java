package dev.lockstep.check;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.apache.commons.text.similarity.LongestCommonSubsequence;

/** "Did you mean ...?": the known name closest to a misspelt one, when it is close enough to be a typo. */
final class Suggestions {

    private Suggestions() {
    }

    /**
     * The candidate with the smallest edit distance to {@code typed}, ignoring case, if it is close
     * enough to be a typo: at most 2 edits (a swapped pair of letters counts 2), or a third of the
     * longer name, and fewer edits than {@code typed} has letters. Further apart, a suggestion is a
     * guess that misleads more than it helps.
     */
    static Optional<String> closest(String typed, Collection<String> candidates) {
        if (typed == null || typed.isBlank()) {
            return Optional.empty();
        }
        String lower = typed.toLowerCase(Locale.ROOT);
        return candidates.stream()
                .filter(c -> !c.equals(typed))
                // Ties (a swapped pair costs as much as two other edits) go to the most letters in common order.
                .min(Comparator.comparingInt((String c) -> distance(lower, c))
                        .thenComparing((String c) -> -common(lower, c))
                        .thenComparing(Comparator.naturalOrder()))
                .filter(c -> {
                    int edits = distance(lower, c);
                    return edits < typed.length() && edits <= Math.max(2, Math.max(c.length(), typed.length()) / 3);
                });
    }

    private static int distance(String lowerTyped, String candidate) {
        return LevenshteinDistance.getDefaultInstance().apply(lowerTyped, candidate.toLowerCase(Locale.ROOT));
    }

    private static int common(String lowerTyped, String candidate) {
        return new LongestCommonSubsequence().apply(lowerTyped, candidate.toLowerCase(Locale.ROOT));
    }
}
