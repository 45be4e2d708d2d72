package dev.lockstep.mapping;

import dev.lockstep.cleanup.Cleaners;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * The catalogue of transforms a mapping file may name. A transform with arguments is written as a
 * one-key map: {@code {phone-e164: {region-from: country, default-region: GB}}}.
 */
public final class Transforms {

    private static final Map<String, UnaryOperator<String>> SIMPLE = Map.of(
            "trim", Cleaners::trim,
            "lower", Cleaners::lower,
            "upper", Cleaners::upper,
            "collapse-whitespace", Cleaners::collapseWhitespace,
            "email", Cleaners::email,
            "country", Cleaners::country);

    private static final Set<String> WITH_ARGUMENTS = Set.of("phone-e164", "timestamp");

    private Transforms() {
    }

    public static Set<String> names() {
        Set<String> names = new TreeSet<>(SIMPLE.keySet());
        names.addAll(WITH_ARGUMENTS);
        return names;
    }

    public static boolean exists(String name) {
        return SIMPLE.containsKey(name) || WITH_ARGUMENTS.contains(name);
    }

    /** The arguments each transform accepts; an unknown argument is a mapping error. */
    public static Set<String> arguments(String name) {
        return switch (name) {
            case "phone-e164" -> Set.of("region-from", "default-region");
            default -> Set.of();
        };
    }

    /** Builds a transform; the name and arguments were checked by the loader. */
    public static Transform create(String name, Map<String, String> args) {
        UnaryOperator<String> simple = SIMPLE.get(name);
        if (simple != null) {
            return (value, record) -> simple.apply(text(value));
        }
        return switch (name) {
            case "phone-e164" -> phone(args.get("region-from"), args.get("default-region"));
            // A timestamp stays an Instant so the target column receives a real timestamp.
            case "timestamp" -> (value, record) -> value instanceof Instant i ? i : Cleaners.timestamp(text(value));
            default -> throw new IllegalArgumentException("Unknown transform " + name);
        };
    }

    private static Transform phone(String regionField, String defaultRegion) {
        return (value, record) -> {
            Object region = regionField == null ? null : record.get(regionField);
            String effective = region == null || region.toString().isBlank() ? defaultRegion : region.toString().trim();
            return Cleaners.phoneE164(text(value), effective);
        };
    }

    static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
