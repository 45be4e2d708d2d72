package dev.lockstep.support;

import java.util.UUID;

/** CRM contact webhook bodies for tests, each with its own ids so tests never share records. */
public final class CrmEvents {

    private CrmEvents() {
    }

    public static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static String contact(String eventId, String id, String email, String first, String last, String phone,
                                 String country, String updatedAt, boolean deleted) {
        return """
                {"eventId":%s,"id":%s,"email":%s,"firstName":%s,"lastName":%s,"phone":%s,"country":%s,"updatedAt":%s,"deleted":%s}"""
                .formatted(q(eventId), q(id), q(email), q(first), q(last), q(phone), q(country), q(updatedAt), deleted);
    }

    /** A valid GB contact whose e-mail is derived from its id (so it is unique in billing). */
    public static String contact(String eventId, String id, String first, String updatedAt) {
        return contact(eventId, id, " " + id.toUpperCase() + "@Example.COM ", first, "Lovelace", "020 7946 0958", "GB", updatedAt, false);
    }

    public static String delete(String eventId, String id, String updatedAt) {
        return """
                {"eventId":%s,"id":%s,"updatedAt":%s,"deleted":true}""".formatted(q(eventId), q(id), q(updatedAt));
    }

    private static String q(String value) {
        return value == null ? "null" : "\"" + value.replace("\"", "\\\"") + "\"";
    }
}
