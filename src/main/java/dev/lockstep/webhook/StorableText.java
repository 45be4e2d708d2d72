package dev.lockstep.webhook;

import com.fasterxml.jackson.core.JsonPointer;
import java.util.List;
import java.util.Map;

/**
 * Refuses JSON text that PostgreSQL cannot store as it was sent: the NUL character (U+0000), which
 * neither {@code text} nor {@code jsonb} can hold, so the inbox insert would fail on every
 * redelivery; and unpaired UTF-16 surrogates (a U+D800 with no partner is not Unicode, and would be
 * stored as {@code ?}). Refusing with 400 tells the sender, where stripping would silently store
 * something other than what was sent (and signed). Every other character, emoji and right-to-left
 * text included, is stored as is.
 */
final class StorableText {

    private StorableText() {
    }

    /**
     * Checks a parsed JSON value (maps, lists, strings, numbers, booleans, nulls, as Jackson reads
     * it untyped).
     *
     * @throws WebhookRejection 400 naming the first field (as a JSON pointer) whose name or value cannot be stored
     */
    static void check(Object value) {
        check(value, JsonPointer.empty());
    }

    // Recursion is bounded by lockstep.webhook.max-json-depth, enforced while parsing.
    private static void check(Object value, JsonPointer at) {
        if (value instanceof String text) {
            checkText(text, at, "value");
        } else if (value instanceof Map<?, ?> object) {
            for (Map.Entry<?, ?> field : object.entrySet()) {
                String name = String.valueOf(field.getKey());
                JsonPointer child = at.appendProperty(name);
                checkText(name, child, "name");
                check(field.getValue(), child);
            }
        } else if (value instanceof List<?> array) {
            for (int i = 0; i < array.size(); i++) {
                check(array.get(i), at.appendIndex(i));
            }
        }
    }

    private static void checkText(String text, JsonPointer at, String what) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                throw refused(at, what, "contains the NUL character (\\u0000), which cannot be stored");
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw refused(at, what, "contains an unpaired surrogate (\\u" + Integer.toHexString(c)
                        + "), which is not Unicode text");
            }
        }
    }

    private static WebhookRejection refused(JsonPointer at, String what, String why) {
        String where = at.toString().isEmpty() ? "/" : at.toString();
        return new WebhookRejection(400, "the field " + what + " at " + escaped(where) + " " + why);
    }

    /** The pointer with control characters and lone surrogates written as JSON-style escapes, so the message itself is storable text. */
    private static String escaped(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp) || (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE)) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }
}
