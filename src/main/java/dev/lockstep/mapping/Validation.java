package dev.lockstep.mapping;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One rule a target column's final value must satisfy. A failed rule quarantines the record with
 * the rule's message and the value.
 */
public sealed interface Validation {

    /** The reason the value breaks this rule, or empty when it holds. */
    Optional<String> check(Object value);

    static boolean blank(Object value) {
        return value == null || value.toString().isBlank();
    }

    record Required() implements Validation {
        public Optional<String> check(Object value) {
            return blank(value) ? Optional.of("is required") : Optional.empty();
        }
    }

    record Matches(Pattern pattern) implements Validation {
        public Optional<String> check(Object value) {
            return blank(value) || pattern.matcher(value.toString()).matches() ? Optional.empty()
                    : Optional.of("does not match the pattern " + pattern.pattern());
        }
    }

    record OneOf(List<String> allowed) implements Validation {
        public Optional<String> check(Object value) {
            return blank(value) || allowed.contains(value.toString()) ? Optional.empty()
                    : Optional.of("is not one of " + allowed);
        }
    }

    /** Inclusive numeric bounds; either may be null. */
    record Range(BigDecimal min, BigDecimal max) implements Validation {
        public Optional<String> check(Object value) {
            if (blank(value)) {
                return Optional.empty();
            }
            BigDecimal number;
            try {
                number = new BigDecimal(value.toString().trim());
            } catch (NumberFormatException e) {
                return Optional.of("is not a number");
            }
            if (min != null && number.compareTo(min) < 0) {
                return Optional.of("is less than the minimum " + min.toPlainString());
            }
            if (max != null && number.compareTo(max) > 0) {
                return Optional.of("is more than the maximum " + max.toPlainString());
            }
            return Optional.empty();
        }
    }

    /** Bounds on the length in characters (code points); either may be null. */
    record Length(Integer min, Integer max) implements Validation {
        public Optional<String> check(Object value) {
            if (blank(value)) {
                return Optional.empty();
            }
            String text = value.toString();
            int length = text.codePointCount(0, text.length());
            if (min != null && length < min) {
                return Optional.of("is shorter than " + min + " characters");
            }
            if (max != null && length > max) {
                return Optional.of("is longer than " + max + " characters");
            }
            return Optional.empty();
        }
    }
}
