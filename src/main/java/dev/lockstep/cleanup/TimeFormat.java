package dev.lockstep.cleanup;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.Locale;

/**
 * A date or date-time pattern from a mapping file ({@code dd/MM/yyyy HH:mm}), compiled and checked
 * once, when the mapping loads. {@code pattern} is the text as written, for failure messages.
 * {@code carriesZone} says whether the text it reads names its own offset or zone.
 *
 * <p>Parsing is strict (31/02 is refused, not moved to 03/03), case-insensitive, with English
 * month and day names. {@code yyyy} (year of era) works as well as {@code uuuu}: a strict parse
 * needs the era to place a year of era, so the era defaults to AD.
 */
public record TimeFormat(String pattern, DateTimeFormatter formatter, boolean carriesZone) {

    /** ISO dates, {@code 2026-11-26}. */
    public static final TimeFormat ISO_DATE = new TimeFormat("yyyy-MM-dd", DateTimeFormatter.ISO_LOCAL_DATE, false);

    /** ISO date-times, with or without an offset or a zone: {@code 2026-11-26T10:00}, {@code ...Z}, {@code ...+01:00[Europe/Paris]}. */
    public static final TimeFormat ISO_DATE_TIME = new TimeFormat("ISO-8601 (2026-11-26T10:00:00)",
            DateTimeFormatter.ISO_DATE_TIME, false);

    // Written with the pattern and read back, to learn what the pattern holds. A day above 12 and a
    // time after noon show day/month and 12/24-hour mix-ups; a real zone exercises zone patterns.
    private static final ZonedDateTime SAMPLE = ZonedDateTime.of(2001, 2, 23, 16, 5, 6, 789_000_000, ZoneId.of("Europe/Paris"));

    /** A pattern that must read a full date. Throws IllegalArgumentException when it cannot. */
    public static TimeFormat date(String pattern) {
        DateTimeFormatter formatter = compile(pattern);
        TemporalAccessor sample = readBackSample(pattern, formatter);
        if (sample.query(TemporalQueries.localDate()) == null) {
            throw new IllegalArgumentException("format '" + pattern + "' does not hold a full date (year, month, day)"
                    + weekYearHint(pattern));
        }
        return new TimeFormat(pattern, formatter, false);
    }

    /** A pattern that must read a full date and a time of day. Throws IllegalArgumentException when it cannot. */
    public static TimeFormat timestamp(String pattern) {
        DateTimeFormatter formatter = compile(pattern);
        TemporalAccessor sample = readBackSample(pattern, formatter);
        if (sample.query(TemporalQueries.localDate()) == null) {
            throw new IllegalArgumentException("format '" + pattern + "' does not hold a full date (year, month, day)"
                    + weekYearHint(pattern));
        }
        if (sample.query(TemporalQueries.localTime()) == null) {
            throw new IllegalArgumentException("format '" + pattern + "' does not hold a time of day"
                    + " (use HH for 0-23, or hh with a for am/pm)");
        }
        return new TimeFormat(pattern, formatter, sample.query(TemporalQueries.zone()) != null);
    }

    private static DateTimeFormatter compile(String pattern) {
        try {
            return new DateTimeFormatterBuilder()
                    .parseCaseInsensitive()
                    .appendPattern(pattern)
                    .parseDefaulting(ChronoField.ERA, 1)
                    .toFormatter(Locale.ENGLISH)
                    .withChronology(IsoChronology.INSTANCE)
                    .withResolverStyle(ResolverStyle.STRICT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("format '" + pattern + "' is not a date-time pattern: " + e.getMessage());
        }
    }

    private static TemporalAccessor readBackSample(String pattern, DateTimeFormatter formatter) {
        try {
            return formatter.parse(formatter.format(SAMPLE));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("format '" + pattern + "' cannot read back what it writes: " + e.getMessage());
        }
    }

    private static String weekYearHint(String pattern) {
        return pattern.contains("Y") ? "; YYYY is the week-based year, use yyyy" : "";
    }
}
