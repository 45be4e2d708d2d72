package dev.lockstep.cleanup;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The normalisation rules, as plain functions: each returns the clean value, or throws
 * {@link CleanupFailure} saying why the value cannot be cleaned. Null and blank stay null.
 */
public final class Cleaners {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    // One '@', a non-empty local part, and a dotted domain: what a mailbox needs to be deliverable.
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+$");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Set<String> ISO_COUNTRIES = Set.of(Locale.getISOCountries());

    private Cleaners() {
    }

    public static String trim(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.strip();
        return trimmed.isEmpty() ? null : trimmed;
    }

    public static String collapseWhitespace(String value) {
        return value == null ? null : trim(WHITESPACE.matcher(value).replaceAll(" "));
    }

    public static String lower(String value) {
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }

    public static String upper(String value) {
        return value == null ? null : value.toUpperCase(Locale.ROOT);
    }

    /** Trimmed, lower-cased, and shaped like a mailbox ({@code local@domain.tld}). */
    public static String email(String value) {
        String email = lower(trim(value));
        if (email == null) {
            return null;
        }
        if (!EMAIL.matcher(email).matches()) {
            throw new CleanupFailure("not an e-mail address");
        }
        return email;
    }

    /**
     * E.164 ({@code +442079460958}). A number written without a country code is read in
     * {@code defaultRegion} (ISO 3166 alpha-2); one that cannot be a real number there fails.
     */
    public static String phoneE164(String value, String defaultRegion) {
        String raw = trim(value);
        if (raw == null) {
            return null;
        }
        String region = defaultRegion == null ? "ZZ" : defaultRegion.toUpperCase(Locale.ROOT);
        try {
            PhoneNumber number = PHONES.parse(raw, region);
            if (!PHONES.isValidNumber(number)) {
                throw new CleanupFailure("not a valid phone number" + regionNote(raw, region));
            }
            return PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
        } catch (NumberParseException e) {
            throw new CleanupFailure("not a phone number" + regionNote(raw, region) + ": " + e.getMessage());
        }
    }

    private static String regionNote(String raw, String region) {
        return raw.startsWith("+") || "ZZ".equals(region) ? "" : " in region " + region;
    }

    /** An ISO 3166-1 alpha-2 code, upper case. */
    public static String country(String value) {
        String code = upper(trim(value));
        if (code == null) {
            return null;
        }
        if (!ISO_COUNTRIES.contains(code)) {
            throw new CleanupFailure("not an ISO 3166 alpha-2 country code");
        }
        return code;
    }

    /** An ISO-8601 timestamp with an offset or {@code Z}, as an instant (UTC). */
    public static Instant timestamp(String value) {
        String raw = trim(value);
        if (raw == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(raw, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new CleanupFailure("not an ISO-8601 timestamp with an offset (e.g. 2026-11-26T10:00:00Z)");
        }
    }

    /** UTC ISO-8601 text of an instant, e.g. {@code 2026-11-26T10:00:00Z}. */
    public static String utcIso(Instant instant) {
        return instant == null ? null : DateTimeFormatter.ISO_INSTANT.format(instant.atOffset(ZoneOffset.UTC));
    }
}
