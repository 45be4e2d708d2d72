package dev.lockstep.mapping;

import dev.lockstep.cleanup.Cleaners;
import dev.lockstep.cleanup.TimeFormat;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The catalogue of transforms a mapping file may name. A transform with arguments is written as a
 * one-key map: {@code {phone-e164: {region-from: country, default-region: GB}}}.
 *
 * <p>Every transform turns a null or blank value into null before it looks at it, so a chain never
 * has to guard against empty input. Bad data fails with {@link dev.lockstep.cleanup.CleanupFailure}
 * (the record goes to the quarantine); bad arguments fail in {@link #create} with an
 * IllegalArgumentException whose message is one line (the loader reports it with file and line).
 *
 * <p>Transforms whose result is not text keep a value of their result type as it is, so applying
 * one twice equals applying it once: {@code boolean} keeps a Boolean, {@code decimal} a BigDecimal
 * (rescaled), {@code timestamp} an Instant.
 */
public final class Transforms {

    /** What a transform accepts, and how it is built from its (checked) arguments. */
    private record Definition(Set<String> arguments, Function<Arguments, Transform> factory) {
    }

    private static final Map<String, RoundingMode> ROUNDING = orderedMap(
            "half-up", RoundingMode.HALF_UP, "half-even", RoundingMode.HALF_EVEN, "down", RoundingMode.DOWN,
            "up", RoundingMode.UP, "floor", RoundingMode.FLOOR, "ceiling", RoundingMode.CEILING);
    private static final Map<String, Character> DECIMAL_SEPARATORS = orderedMap(".", '.', ",", ',');
    private static final String EPOCH_SECONDS = "epoch-seconds";
    private static final String EPOCH_MILLIS = "epoch-millis";
    private static final int MAX_SCALE = 1000;

    private static final Map<String, Definition> CATALOGUE = catalogue();

    private Transforms() {
    }

    private static Map<String, Definition> catalogue() {
        Map<String, Definition> c = new TreeMap<>();
        c.put("trim", text(Cleaners::trim));
        c.put("lower", text(Cleaners::lower));
        c.put("upper", text(Cleaners::upper));
        c.put("title", text(Cleaners::title));
        c.put("collapse-whitespace", text(Cleaners::collapseWhitespace));
        c.put("email", text(Cleaners::email));
        c.put("country", text(Cleaners::country));
        c.put("boolean", new Definition(Set.of(), a -> Transforms::bool));
        c.put("phone-e164", new Definition(ordered("region-from", "default-region"), Transforms::phone));
        c.put("truncate", new Definition(ordered("length"), Transforms::truncate));
        c.put("decimal", new Definition(ordered("scale", "rounding", "decimal-separator"), Transforms::decimal));
        c.put("date", new Definition(ordered("format"), Transforms::date));
        c.put("timestamp", new Definition(ordered("format", "zone"), Transforms::timestamp));
        c.put("split", new Definition(ordered("separator", "part", "rest"), Transforms::split));
        return Collections.unmodifiableMap(c);
    }

    public static Set<String> names() {
        return CATALOGUE.keySet();
    }

    public static boolean exists(String name) {
        return CATALOGUE.containsKey(name);
    }

    /** The arguments each transform accepts, in the order they are documented; an unknown one is a mapping error. */
    public static Set<String> arguments(String name) {
        Definition definition = CATALOGUE.get(name);
        return definition == null ? Set.of() : definition.arguments();
    }

    /**
     * Builds a transform. Arguments are checked here, once, so a mapping with a bad one fails to
     * load instead of failing every record; arguments the transform does not accept are ignored
     * (the loader reports them).
     *
     * @throws IllegalArgumentException for an unknown transform or a bad argument, with a one-line reason
     */
    public static Transform create(String name, Map<String, String> args) {
        Definition definition = CATALOGUE.get(name);
        if (definition == null) {
            throw new IllegalArgumentException("Unknown transform " + name);
        }
        Transform transform = definition.factory().apply(new Arguments(args == null ? Map.of() : args));
        return (value, record) -> isEmpty(value) ? null : transform.apply(value, record);
    }

    private static boolean isEmpty(Object value) {
        return value == null || value instanceof CharSequence text && text.toString().isBlank();
    }

    // --- the transforms ----------------------------------------------------------------------

    private static Definition text(UnaryOperator<String> function) {
        return new Definition(Set.of(), a -> (value, record) -> function.apply(text(value)));
    }

    private static Object bool(Object value, Map<String, Object> record) {
        return value instanceof Boolean b ? b : Cleaners.bool(text(value));
    }

    /**
     * {@code region-from}: the sibling field holding the region a national number is read in;
     * {@code default-region}: the region when that field is empty (or not named).
     */
    private static Transform phone(Arguments args) {
        String regionField = args.text("region-from");
        String defaultRegion = args.text("default-region");
        if (defaultRegion != null && !Cleaners.isPhoneRegion(defaultRegion)) {
            throw new IllegalArgumentException("default-region '" + defaultRegion + "' is not a region code libphonenumber knows (e.g. GB)");
        }
        return (value, record) -> {
            Object region = regionField == null ? null : record.get(regionField);
            String effective = region == null || region.toString().isBlank() ? defaultRegion : region.toString().trim();
            return Cleaners.phoneE164(text(value), effective);
        };
    }

    /** {@code length} (required, at least 1): the most code points kept. */
    private static Transform truncate(Arguments args) {
        int length = args.integer("length", null, 1, Integer.MAX_VALUE);
        return (value, record) -> Cleaners.truncate(text(value), length);
    }

    /**
     * {@code scale}: digits after the point (0 to 1000; absent keeps the number's own);
     * {@code rounding}: how to drop digits, half-up unless named (needs {@code scale});
     * {@code decimal-separator}: '.' (default) or ',' for text such as {@code 1.234,50}.
     */
    private static Transform decimal(Arguments args) {
        Integer scale = args.has("scale") ? args.integer("scale", null, 0, MAX_SCALE) : null;
        if (scale == null && args.has("rounding")) {
            throw new IllegalArgumentException("rounding needs a scale to round to");
        }
        RoundingMode rounding = args.choice("rounding", ROUNDING, RoundingMode.HALF_UP);
        char separator = args.choice("decimal-separator", DECIMAL_SEPARATORS, '.');
        return (value, record) -> {
            BigDecimal number = Cleaners.decimal(value, separator);
            return number == null || scale == null ? number : number.setScale(scale, rounding);
        };
    }

    /**
     * {@code format}: a java.time pattern ({@code dd/MM/yyyy}); absent reads ISO dates. The result is
     * ISO text, the date as written: a time or offset the pattern also reads does not move it (use
     * {@code timestamp} for instants).
     */
    private static Transform date(Arguments args) {
        TimeFormat format = args.has("format") ? TimeFormat.date(args.text("format")) : TimeFormat.ISO_DATE;
        return (value, record) -> value instanceof LocalDate d ? d.toString() : Cleaners.date(text(value), format);
    }

    /**
     * The result is always an Instant (UTC), so the target column receives a real timestamp.
     * <ul>
     * <li>no arguments: ISO-8601 with an offset or {@code Z}, as before;
     * <li>{@code zone} only: ISO-8601, where a time without an offset is in that zone;
     * <li>{@code format} (a java.time pattern): read with it; if the text has no offset or zone of
     * its own, the time is in {@code zone}. A pattern that holds no offset or zone needs
     * {@code zone}, and its absence is an argument error when the mapping loads. A pattern whose
     * offset is optional ({@code [XXX]}) does not, and a text without one fails at run time;
     * <li>{@code format: epoch-seconds} or {@code epoch-millis}: a number since 1970 UTC (no zone).
     * </ul>
     */
    private static Transform timestamp(Arguments args) {
        String pattern = args.text("format");
        ZoneId zone = args.has("zone") ? zone(args.text("zone")) : null;
        if (EPOCH_SECONDS.equals(pattern) || EPOCH_MILLIS.equals(pattern)) {
            if (zone != null) {
                throw new IllegalArgumentException("zone has no meaning for " + pattern + ", which counts from 1970 UTC");
            }
            boolean millis = EPOCH_MILLIS.equals(pattern);
            return (value, record) -> value instanceof Instant i ? i : Cleaners.epoch(value, millis);
        }
        if (pattern == null && zone == null) {
            return (value, record) -> value instanceof Instant i ? i : Cleaners.timestamp(text(value));
        }
        TimeFormat format = pattern == null ? TimeFormat.ISO_DATE_TIME : TimeFormat.timestamp(pattern);
        if (!format.carriesZone() && zone == null) {
            throw new IllegalArgumentException("format '" + pattern + "' has no offset or zone, so the zone its times are in is needed"
                    + " (e.g. zone: UTC or zone: Europe/London)");
        }
        return (value, record) -> value instanceof Instant i ? i : Cleaners.timestamp(text(value), format, zone);
    }

    private static ZoneId zone(String id) {
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("zone '" + id + "' is not a zone id (e.g. UTC, Europe/London, +01:00)");
        }
    }

    /**
     * {@code separator} (required, plain text); {@code part}: which part, from 0, or from the end
     * with -1 (default 0); {@code rest}: true takes the parts from {@code part} to the end.
     */
    private static Transform split(Arguments args) {
        String separator = args.raw("separator");
        if (separator == null || separator.isEmpty()) {
            throw new IllegalArgumentException("separator is required (e.g. separator: \" \")");
        }
        int part = args.integer("part", 0, Integer.MIN_VALUE, Integer.MAX_VALUE);
        boolean rest = args.flag("rest", false);
        return (value, record) -> Cleaners.split(text(value), separator, part, rest);
    }

    static String text(Object value) {
        return value == null ? null : value.toString();
    }

    // --- arguments -----------------------------------------------------------------------------

    /** A transform's arguments as written in the mapping file; each reader explains a bad value in one line. */
    private record Arguments(Map<String, String> values) {

        boolean has(String name) {
            return text(name) != null;
        }

        /** The value as written, spaces kept (a separator may be one). */
        String raw(String name) {
            return values.get(name);
        }

        /** The value without surrounding space; blank is absent. */
        String text(String name) {
            String value = values.get(name);
            return value == null || value.isBlank() ? null : value.strip();
        }

        int integer(String name, Integer fallback, int min, int max) {
            String value = text(name);
            if (value == null) {
                if (fallback == null) {
                    throw new IllegalArgumentException(name + " is required");
                }
                return fallback;
            }
            int number;
            try {
                number = Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a whole number, not '" + value + "'");
            }
            if (number < min || number > max) {
                throw new IllegalArgumentException(name + " must be " + range(min, max) + ", not " + number);
            }
            return number;
        }

        boolean flag(String name, boolean fallback) {
            String value = text(name);
            if (value == null) {
                return fallback;
            }
            return switch (value) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new IllegalArgumentException(name + " must be true or false, not '" + value + "'");
            };
        }

        <T> T choice(String name, Map<String, T> options, T fallback) {
            String value = text(name);
            if (value == null) {
                return fallback;
            }
            T choice = options.get(value);
            if (choice == null) {
                throw new IllegalArgumentException(name + " must be one of " + String.join(", ", options.keySet()) + ", not '" + value + "'");
            }
            return choice;
        }

        private static String range(int min, int max) {
            if (max == Integer.MAX_VALUE) {
                return min == Integer.MIN_VALUE ? "a whole number" : "at least " + min;
            }
            return "from " + min + " to " + max;
        }
    }

    private static Set<String> ordered(String... names) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(List.of(names)));
    }

    @SuppressWarnings("unchecked")
    private static <T> Map<String, T> orderedMap(Object... keysAndValues) {
        Map<String, T> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], (T) keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }
}
