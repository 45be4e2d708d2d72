package dev.lockstep.cleanup;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
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
    private static final Map<String, Boolean> BOOLEANS = Map.ofEntries(
            Map.entry("true", true), Map.entry("yes", true), Map.entry("y", true), Map.entry("1", true),
            Map.entry("on", true), Map.entry("t", true),
            Map.entry("false", false), Map.entry("no", false), Map.entry("n", false), Map.entry("0", false),
            Map.entry("off", false), Map.entry("f", false));
    // Bounds on a decimal's digits before and after the point: PostgreSQL's numeric(p, s) allows
    // p up to 1000, and a bound keeps "1e999999999" from becoming a billion-digit number.
    private static final int MAX_DIGITS = 1000;
    private static final Map<Character, Pattern> NUMBER_SHAPES = Map.of('.', numberShape('.'), ',', numberShape(','));

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

    /**
     * An ISO 3166-1 alpha-2 code, upper case, from an alpha-2 code, an alpha-3 code ({@code GBR}) or
     * an English name ({@code United Kingdom}, {@code germany}, {@code Côte d'Ivoire}); case,
     * accents and punctuation do not matter, and a few everyday names work ({@code UK}, {@code USA}).
     */
    public static String country(String value) {
        String raw = trim(value);
        if (raw == null) {
            return null;
        }
        String code = Countries.alpha2(raw);
        if (code == null) {
            throw new CleanupFailure("not a country (an ISO 3166 code or an English country name)");
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

    /**
     * A timestamp read with {@code format}, as an instant. An offset or zone in the text wins;
     * otherwise the local time is placed in {@code zone}. A local time that the clocks skip (the
     * spring-forward gap) fails; one they pass twice (autumn) is the earlier of the two instants.
     */
    public static Instant timestamp(String value, TimeFormat format, ZoneId zone) {
        String raw = trim(value);
        if (raw == null) {
            return null;
        }
        TemporalAccessor parsed = parse(raw, format, "timestamp");
        LocalDate date = parsed.query(TemporalQueries.localDate());
        LocalTime time = parsed.query(TemporalQueries.localTime());
        if (date == null || time == null) {
            throw new CleanupFailure("not a full date and time in the form " + format.pattern());
        }
        LocalDateTime local = LocalDateTime.of(date, time);
        ZoneOffset offset = parsed.query(TemporalQueries.offset());
        if (offset != null) {
            return local.toInstant(offset);
        }
        ZoneId parsedZone = parsed.query(TemporalQueries.zoneId());
        ZoneId effective = parsedZone != null ? parsedZone : zone;
        if (effective == null) {
            throw new CleanupFailure("has no offset or zone, and the mapping names no zone");
        }
        if (effective.getRules().getValidOffsets(local).isEmpty()) {
            throw new CleanupFailure("is a local time that does not exist in " + effective + " (the clocks went forward)");
        }
        return ZonedDateTime.ofLocal(local, effective, null).toInstant();
    }

    /** Seconds (or milliseconds) since 1970-01-01T00:00:00Z, as an instant: a number, or text of one. */
    public static Instant epoch(Object value, boolean millis) {
        String unit = millis ? "epoch milliseconds" : "epoch seconds";
        BigDecimal number;
        try {
            number = decimal(value, '.');
        } catch (CleanupFailure e) {
            throw new CleanupFailure("not a number of " + unit);
        }
        if (number == null) {
            return null;
        }
        if (number.signum() != 0 && number.stripTrailingZeros().scale() > 0) {
            throw new CleanupFailure("not a whole number of " + unit);
        }
        try {
            long whole = number.longValueExact();
            return millis ? Instant.ofEpochMilli(whole) : Instant.ofEpochSecond(whole);
        } catch (ArithmeticException | DateTimeException e) {
            throw new CleanupFailure("out of range for " + unit);
        }
    }

    /** A date read with {@code format}, as ISO text ({@code 2026-11-26}). */
    public static String date(String value, TimeFormat format) {
        String raw = trim(value);
        if (raw == null) {
            return null;
        }
        LocalDate date = parse(raw, format, "date").query(TemporalQueries.localDate());
        if (date == null) {
            throw new CleanupFailure("not a full date in the form " + format.pattern());
        }
        return date.toString();
    }

    /** An ISO date ({@code 2026-11-26}), checked to be a real one. */
    public static String date(String value) {
        return date(value, TimeFormat.ISO_DATE);
    }

    // A text that matches the pattern's shape but names no real date (31/02) gets its own reason.
    // The parse exception's own message quotes the whole input, so it is never passed on.
    private static TemporalAccessor parse(String raw, TimeFormat format, String what) {
        try {
            return format.formatter().parse(raw);
        } catch (DateTimeParseException e) {
            if (e.getCause() instanceof DateTimeException cause) {
                throw new CleanupFailure("not a real " + what + ": " + cause.getMessage());
            }
            throw new CleanupFailure("not a " + what + " in the form " + format.pattern());
        }
    }

    /**
     * Title case: the first letter of each word in title case, the other letters in lower case.
     * Words are separated by white space and dashes ("Lovelace-Byron"); a word's first letter is
     * its first letter or digit ("(ada)" is "(Ada)", "3rd" stays). After an apostrophe that follows
     * a single letter the next letter is a capital too ("O'Brien", "D'Arcy"), but not after a
     * longer start ("Don't"). Names such as "McDonald" or "van der Berg" need more than this.
     */
    public static String title(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        // Lower-case the whole text first: String's rules know context (a Greek word's final sigma).
        String lower = value.toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(lower.length());
        boolean started = false;
        int letters = 0;
        boolean afterApostrophe = false;
        for (int i = 0; i < lower.length(); ) {
            int c = lower.codePointAt(i);
            i += Character.charCount(c);
            if (isWordBreak(c)) {
                started = false;
                letters = 0;
            } else if (isApostrophe(c)) {
                // Not counted as a letter, not even U+02BC (which Unicode calls one), so "oʼbrien" is "OʼBrien".
            } else if (Character.isLetter(c)) {
                if (!started || (afterApostrophe && letters == 1)) {
                    c = Character.toTitleCase(c);
                }
                started = true;
                letters++;
            } else {
                started |= Character.isDigit(c);
            }
            out.appendCodePoint(c);
            afterApostrophe = isApostrophe(c);
        }
        return out.toString();
    }

    private static boolean isApostrophe(int c) {
        return c == '\'' || c == '’' || c == 'ʼ';
    }

    // Dashes join the parts of a name ("Lovelace-Byron"): each part is a word of its own.
    private static boolean isWordBreak(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.getType(c) == Character.DASH_PUNCTUATION;
    }

    /**
     * At most {@code maxCodePoints} code points, cut from the end; a surrogate pair is never split.
     * A cut that leaves only white space is null, like blank input.
     */
    public static String truncate(String value, int maxCodePoints) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() <= maxCodePoints || value.codePointCount(0, value.length()) <= maxCodePoints) {
            return value;
        }
        String cut = value.substring(0, value.offsetByCodePoints(0, maxCodePoints));
        return cut.isBlank() ? null : cut;
    }

    /** true/false, yes/no, y/n, 1/0, on/off, t/f in any case, as a Boolean. */
    public static Boolean bool(String value) {
        String raw = lower(trim(value));
        if (raw == null) {
            return null;
        }
        Boolean flag = BOOLEANS.get(raw);
        if (flag == null) {
            throw new CleanupFailure("not a yes/no value (true/false, yes/no, y/n, 1/0, on/off, t/f)");
        }
        return flag;
    }

    /**
     * A number as a BigDecimal, exactly as written (no rounding here). Text may use
     * {@code decimalSeparator} ('.' or ',') and an exponent ({@code 1e3}); the other of '.' and ','
     * may group thousands, but only in groups of three ({@code 1,234.50}), so that "1,5" with the
     * wrong separator fails instead of becoming 15. Only ASCII digits; no currency signs or spaces.
     * A negative scale ({@code 1e3}) becomes 0, so the result reads as {@code 1000}.
     */
    public static BigDecimal decimal(Object value, char decimalSeparator) {
        BigDecimal number;
        if (value == null || value instanceof BigDecimal) {
            number = (BigDecimal) value;
        } else if (value instanceof BigInteger i) {
            number = new BigDecimal(i);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            number = BigDecimal.valueOf(((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            // Through the shortest decimal text of the double, so 0.1 stays 0.1 and not 0.1000000000000000055...
            number = fromDouble(value.toString());
        } else {
            number = parseDecimal(value.toString(), decimalSeparator);
        }
        if (number == null) {
            return null;
        }
        if (number.precision() - number.scale() > MAX_DIGITS || number.scale() > MAX_DIGITS) {
            throw new CleanupFailure("a number with more than " + MAX_DIGITS + " digits before or after the point");
        }
        return number.scale() < 0 ? number.setScale(0) : number;
    }

    private static BigDecimal fromDouble(String shortest) {
        try {
            return new BigDecimal(shortest);
        } catch (NumberFormatException e) {
            throw new CleanupFailure("not a finite number");
        }
    }

    private static BigDecimal parseDecimal(String value, char decimalSeparator) {
        String raw = trim(value);
        if (raw == null) {
            return null;
        }
        if (raw.length() > 3 * MAX_DIGITS) {
            throw new CleanupFailure("a number with more than " + MAX_DIGITS + " digits before or after the point");
        }
        Pattern shape = NUMBER_SHAPES.get(decimalSeparator);
        if (shape == null) {
            throw new IllegalArgumentException("the decimal separator is '.' or ',', not '" + decimalSeparator + "'");
        }
        if (!shape.matcher(raw).matches()) {
            throw new CleanupFailure("not a number" + (decimalSeparator == ',' ? " with ',' as the decimal separator" : ""));
        }
        String canonical = raw.replace(String.valueOf(groupSeparator(decimalSeparator)), "").replace(decimalSeparator, '.');
        try {
            return new BigDecimal(canonical);
        } catch (NumberFormatException e) {
            // Only an exponent beyond an int gets here.
            throw new CleanupFailure("a number out of range");
        }
    }

    private static char groupSeparator(char decimalSeparator) {
        return decimalSeparator == ',' ? '.' : ',';
    }

    /** Plain ({@code -1234.5}, {@code 1e3}, {@code .5}) or grouped in threes without an exponent ({@code 1,234.50}). */
    private static Pattern numberShape(char decimalSeparator) {
        String point = Pattern.quote(String.valueOf(decimalSeparator));
        String group = Pattern.quote(String.valueOf(groupSeparator(decimalSeparator)));
        String plain = "([0-9]+(" + point + "[0-9]*)?|" + point + "[0-9]+)([eE][+-]?[0-9]+)?";
        String grouped = "[0-9]{1,3}(" + group + "[0-9]{3})+(" + point + "[0-9]*)?";
        return Pattern.compile("[+-]?(" + plain + "|" + grouped + ")");
    }

    /**
     * One part of the text split at every {@code separator} (plain text, not a pattern): part 0 is
     * the first, -1 the last. With {@code rest}, the parts from there to the end, joined again by
     * the separator. The text is split as given: trim or collapse white space before if it matters.
     * A part that does not exist, or is blank, is null.
     */
    public static String split(String value, String separator, int part, boolean rest) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String[] parts = value.split(Pattern.quote(separator), -1);
        int index = part < 0 ? parts.length + part : part;
        if (index < 0 || index >= parts.length) {
            return null;
        }
        String result = rest ? String.join(separator, Arrays.asList(parts).subList(index, parts.length)) : parts[index];
        return result.isBlank() ? null : result;
    }

    /** Whether libphonenumber knows {@code region} (an ISO 3166 alpha-2 code, any case). */
    public static boolean isPhoneRegion(String region) {
        return region != null && PHONES.getSupportedRegions().contains(region.toUpperCase(Locale.ROOT));
    }

    /** UTC ISO-8601 text of an instant, e.g. {@code 2026-11-26T10:00:00Z}. */
    public static String utcIso(Instant instant) {
        return instant == null ? null : DateTimeFormatter.ISO_INSTANT.format(instant.atOffset(ZoneOffset.UTC));
    }
}
