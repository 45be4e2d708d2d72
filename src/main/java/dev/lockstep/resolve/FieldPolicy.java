package dev.lockstep.resolve;

/** A synced field and how a conflict on it is decided; {@code owner} is set for {@link Rule#OWNER} only. */
public record FieldPolicy(String field, Rule rule, String owner) {

    public static FieldPolicy owner(String field, String system) {
        return new FieldPolicy(field, Rule.OWNER, system);
    }

    public static FieldPolicy of(String field, Rule rule) {
        return new FieldPolicy(field, rule, null);
    }
}
