package dev.lockstep.mapping;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/** A test on one source field, used by conditional values ({@code when}). */
public record Condition(String field, Operator operator, Object operand) {

    /** How a field is compared; spelled in mapping files as the lower-case hyphenated name. */
    public enum Operator {
        EQUALS("equals"), NOT_EQUALS("not-equals"), IN("in"), MATCHES("matches"), PRESENT("present"),
        GREATER_THAN("greater-than"), LESS_THAN("less-than");

        private final String spelling;

        Operator(String spelling) {
            this.spelling = spelling;
        }

        public String spelling() {
            return spelling;
        }

        public static Operator of(String spelling) {
            for (Operator o : values()) {
                if (o.spelling.equals(spelling)) {
                    return o;
                }
            }
            return null;
        }
    }

    public boolean test(Map<String, Object> record) {
        Object value = RecordMapper.read(record, field);
        String text = value == null ? null : value.toString();
        return switch (operator) {
            case EQUALS -> Objects.equals(text, operand == null ? null : operand.toString());
            case NOT_EQUALS -> !Objects.equals(text, operand == null ? null : operand.toString());
            case IN -> text != null && ((List<?>) operand).stream().anyMatch(o -> text.equals(String.valueOf(o)));
            case MATCHES -> text != null && ((Pattern) operand).matcher(text).matches();
            case PRESENT -> (text != null && !text.isBlank()) == Boolean.TRUE.equals(operand);
            case GREATER_THAN -> compare(text) > 0;
            case LESS_THAN -> compare(text) < 0;
        };
    }

    /** Numeric comparison with the operand; a missing or non-numeric value never passes. */
    private int compare(String text) {
        if (text == null) {
            return 0;
        }
        try {
            return new BigDecimal(text.trim()).compareTo(new BigDecimal(operand.toString()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
