package dev.lockstep.cleanup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CleanersTest {

    @ParameterizedTest
    @CsvSource({
        "' Ada@Example.COM ', ada@example.com",
        "ADA.LOVELACE+billing@EXAMPLE.co.uk, ada.lovelace+billing@example.co.uk",
        "'\tgrace@navy.mil\n', grace@navy.mil",
    })
    void emailsAreTrimmedAndLowerCased(String raw, String clean) {
        assertThat(Cleaners.email(raw)).isEqualTo(clean);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ada-at-example.com", "ada@", "@example.com", "ada@example", "ada@@example.com", "ada lovelace@example.com"})
    void malformedEmailsAreRefused(String raw) {
        assertThatThrownBy(() -> Cleaners.email(raw)).isInstanceOf(CleanupFailure.class).hasMessage("not an e-mail address");
    }

    @Test
    void blankValuesBecomeNull() {
        assertThat(Cleaners.email("   ")).isNull();
        assertThat(Cleaners.trim("")).isNull();
        assertThat(Cleaners.phoneE164(" ", "GB")).isNull();
        assertThat(Cleaners.timestamp(null)).isNull();
    }

    @Test
    void whitespaceInNamesCollapsesToOneSpace() {
        assertThat(Cleaners.collapseWhitespace("  Ada \t  Byron\nLovelace ")).isEqualTo("Ada Byron Lovelace");
    }

    @ParameterizedTest(name = "{0} in {1} -> {2}")
    @CsvSource({
        "020 7946 0958, GB, +442079460958",
        "+44 20 7946 0958, US, +442079460958",
        "(202) 555-0143, US, +12025550143",
        "030 123456, DE, +4930123456",
        "01 23 45 67 89, FR, +33123456789",
        "03-1234-5678, JP, +81312345678",
        "0412 345 678, AU, +61412345678",
        "+1 202 555 0143, , +12025550143",
    })
    void phonesBecomeE164UsingTheCountryAsDefaultRegion(String raw, String region, String e164) {
        assertThat(Cleaners.phoneE164(raw, region)).isEqualTo(e164);
    }

    @Test
    void impossiblePhonesAreRefusedWithTheRegion() {
        assertThatThrownBy(() -> Cleaners.phoneE164("12", "GB")).isInstanceOf(CleanupFailure.class)
                .hasMessageContaining("region GB");
        assertThatThrownBy(() -> Cleaners.phoneE164("not a phone", "GB")).isInstanceOf(CleanupFailure.class);
        assertThatThrownBy(() -> Cleaners.phoneE164("020 7946 0958", null))
                .as("a national number with no region cannot be placed").isInstanceOf(CleanupFailure.class);
    }

    @ParameterizedTest
    @CsvSource({
        "2026-11-26T10:00:00Z, 2026-11-26T10:00:00Z",
        "2026-11-26T11:00:00+01:00, 2026-11-26T10:00:00Z",
        "2026-11-26T05:30:00-04:30, 2026-11-26T10:00:00Z",
        "2026-11-27T00:15:00.250+14:00, 2026-11-26T10:15:00.250Z",
    })
    void timestampsWithOffsetsBecomeUtcInstants(String raw, String utc) {
        assertThat(Cleaners.utcIso(Cleaners.timestamp(raw))).isEqualTo(utc);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-26T10:00:00", "26/11/2026 10:00", "2026-13-01T00:00:00Z", "yesterday"})
    void timestampsWithoutAnOffsetOrUnreadableAreRefused(String raw) {
        assertThatThrownBy(() -> Cleaners.timestamp(raw)).isInstanceOf(CleanupFailure.class);
    }

    // --- country ------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "' gb ', GB", "de, DE", "GBR, GB", "deu, DE", "USA, US",
        "United Kingdom, GB", "germany, DE", "United States, US", "UNITED STATES OF AMERICA, US",
        "UK, GB", "U.K., GB", "U.S., US", "U.S.A., US", "Great Britain, GB",
        "Côte d’Ivoire, CI", "cote d'ivoire, CI", "Ivory Coast, CI", "Åland Islands, AX", "aland islands, AX",
        "Bosnia and Herzegovina, BA", "Bosnia & Herzegovina, BA", "Saint Lucia, LC", "St Lucia, LC",
        "The Gambia, GM", "the netherlands, NL", "Guinea Bissau, GW", "Myanmar, MM", "Burma, MM",
        "Czech Republic, CZ", "Czechia, CZ", "Turkey, TR", "Türkiye, TR", "Hong Kong, HK", "São Tomé & Príncipe, ST",
        "ST, ST", "IN, IN",
    })
    void countriesAreCodesOrEnglishNames(String raw, String code) {
        assertThat(Cleaners.country(raw)).isEqualTo(code);
    }

    @Test
    void everyIsoCountryIsFoundByItsCodesAndItsEnglishName() {
        for (String code : Locale.getISOCountries()) {
            Locale country = new Locale("", code);
            assertThat(Cleaners.country(code.toLowerCase(Locale.ROOT))).isEqualTo(code);
            assertThat(Cleaners.country(country.getISO3Country())).as(country.getISO3Country()).isEqualTo(code);
            assertThat(Cleaners.country(country.getDisplayCountry(Locale.ENGLISH))).as(country.getDisplayCountry(Locale.ENGLISH))
                    .isEqualTo(code);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"XX", "ZZZ", "Atlantis", "Deutschland", "Congo", "G B", "1", "🇬🇧", "英国", "United Kingdom of Atlantis"})
    void unknownCountriesAreRefused(String raw) {
        assertThatThrownBy(() -> Cleaners.country(raw)).isInstanceOf(CleanupFailure.class)
                .hasMessage("not a country (an ISO 3166 code or an English country name)");
    }

    @Test
    void blankCountriesAreNull() {
        assertThat(Cleaners.country(null)).isNull();
        assertThat(Cleaners.country(" \t ")).isNull();
    }

    // --- title -------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "ada lovelace | Ada Lovelace",
        "ADA LOVELACE | Ada Lovelace",
        "aDA   lOVELACE | Ada   Lovelace",
        "o'brien-smith | O'Brien-Smith",
        "mary-jane o’neill | Mary-Jane O’Neill",
        "d'arcy | D'Arcy",
        "oʼbrien | OʼBrien",
        "don't stop | Don't Stop",
        "rock'n'roll | Rock'n'roll",
        "l'oréal | L'Oréal",
        "émile zola | Émile Zola",
        "ÉLODIE DUPRÉ | Élodie Dupré",
        "björk guðmundsdóttir | Björk Guðmundsdóttir",
        "ΟΔΥΣΣΕΑΣ ΕΛΥΤΗΣ | Οδυσσεας Ελυτης",
        "ǆemal | ǅemal",
        "3rd avenue | 3rd Avenue",
        "(ada) | (Ada)",
        "ada—lovelace | Ada—Lovelace",
        "山田 太郎 | 山田 太郎",
        "😀ada 😀 | 😀Ada 😀",
        "x | X",
    })
    void titleCapitalisesEachWord(String raw, String title) {
        assertThat(Cleaners.title(raw)).isEqualTo(title);
    }

    @Test
    void titleKeepsSpacingAndLength() {
        assertThat(Cleaners.title(" ada\tbyron\n")).isEqualTo(" Ada\tByron\n");
        assertThat(Cleaners.title("  ")).isNull();
        assertThat(Cleaners.title(null)).isNull();
        String longName = "ab ".repeat(40_000);
        assertThat(Cleaners.title(longName)).isEqualTo("Ab ".repeat(40_000));
    }

    // --- truncate ----------------------------------------------------------------------------

    @Test
    void truncateCountsCodePointsAndNeverSplitsASurrogatePair() {
        assertThat(Cleaners.truncate("Lovelace", 4)).isEqualTo("Love");
        assertThat(Cleaners.truncate("Love", 4)).isEqualTo("Love");
        assertThat(Cleaners.truncate("Lo", 4)).isEqualTo("Lo");
        assertThat(Cleaners.truncate("😀😀😀", 2)).isEqualTo("😀😀");
        assertThat(Cleaners.truncate("a😀b", 2)).isEqualTo("a😀");
        assertThat(Cleaners.truncate("𠀋𠀋", 1)).isEqualTo("𠀋");
        assertThat(Cleaners.truncate("Zoë", 3)).isEqualTo("Zoë");
        assertThat(Cleaners.truncate("x".repeat(100_000), 255)).hasSize(255);
        assertThat(Cleaners.truncate("   ", 2)).isNull();
        assertThat(Cleaners.truncate("   Ada", 2)).as("a cut that leaves only white space").isNull();
        assertThat(Cleaners.truncate(" Ada", 2)).isEqualTo(" A");
        assertThat(Cleaners.truncate(null, 2)).isNull();
    }

    // --- boolean -----------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"true", "TRUE", " True ", "yes", "Y", "y", "1", "on", "ON", "t", "T"})
    void trueSpellings(String raw) {
        assertThat(Cleaners.bool(raw)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "False", "no", "NO", "n", "0", "off", "f", "\tF\n"})
    void falseSpellings(String raw) {
        assertThat(Cleaners.bool(raw)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"maybe", "2", "-1", "yes!", "tru", "oui", "nein", "1.0", "y e s", "ｙｅｓ"})
    void otherBooleansAreRefused(String raw) {
        assertThatThrownBy(() -> Cleaners.bool(raw)).isInstanceOf(CleanupFailure.class).hasMessageStartingWith("not a yes/no value");
    }

    @Test
    void blankBooleansAreNull() {
        assertThat(Cleaners.bool(" ")).isNull();
        assertThat(Cleaners.bool(null)).isNull();
    }

    // --- decimal -----------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "1234.5 | 1234.5",
        "-3 | -3",
        "+3 | 3",
        "1e3 | 1000",
        "1E-2 | 0.01",
        "2.50 | 2.50",
        ".5 | 0.5",
        "5. | 5",
        "1,234.50 | 1234.50",
        "1,234,567 | 1234567",
        "-1,234 | -1234",
        "' 42 ' | 42",
        "0.000 | 0.000",
    })
    void decimalsWithAPoint(String raw, String expected) {
        assertThat(Cleaners.decimal(raw, '.')).isEqualByComparingTo(expected).hasToString(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "1.234,50 | 1234.50",
        "1234,5 | 1234.5",
        "-3 | -3",
        "1,5e2 | 150",
        "1.234.567 | 1234567",
    })
    void decimalsWithAComma(String raw, String expected) {
        assertThat(Cleaners.decimal(raw, ',')).hasToString(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1,5", "1,23", "12,34.5", "1.234,50", "abc", "1.2.3", "--1", "1e", "e3", "1 234", "£12", "12%",
        "NaN", "Infinity", "0x10", "١٢٣", "１２３", "1_000", ".", "-", "1e3.5"})
    void malformedDecimalsWithAPointAreRefused(String raw) {
        assertThatThrownBy(() -> Cleaners.decimal(raw, '.')).isInstanceOf(CleanupFailure.class).hasMessage("not a number");
    }

    @Test
    void theWrongSeparatorFailsRatherThanChangingTheValue() {
        assertThatThrownBy(() -> Cleaners.decimal("1234.5", ',')).isInstanceOf(CleanupFailure.class)
                .hasMessage("not a number with ',' as the decimal separator");
        assertThatThrownBy(() -> Cleaners.decimal("1,5", '.')).isInstanceOf(CleanupFailure.class);
    }

    @Test
    void numbersAreTakenAsTheyAre() {
        assertThat(Cleaners.decimal(42, '.')).isEqualTo(new BigDecimal("42"));
        assertThat(Cleaners.decimal(42L, '.')).isEqualTo(new BigDecimal("42"));
        assertThat(Cleaners.decimal(0.1d, '.')).isEqualTo(new BigDecimal("0.1"));
        assertThat(Cleaners.decimal(2.5f, '.')).isEqualTo(new BigDecimal("2.5"));
        assertThat(Cleaners.decimal(1e20d, '.')).isEqualTo(new BigDecimal("100000000000000000000"));
        assertThat(Cleaners.decimal(new BigInteger("123456789012345678901234567890"), '.'))
                .isEqualTo(new BigDecimal("123456789012345678901234567890"));
        assertThat(Cleaners.decimal(new BigDecimal("1.50"), ',')).isEqualTo(new BigDecimal("1.50"));
        assertThatThrownBy(() -> Cleaners.decimal(Double.NaN, '.')).isInstanceOf(CleanupFailure.class).hasMessage("not a finite number");
        assertThatThrownBy(() -> Cleaners.decimal(Double.POSITIVE_INFINITY, '.')).isInstanceOf(CleanupFailure.class);
    }

    @Test
    void hugeDecimalsAreRefusedQuickly() {
        assertThatThrownBy(() -> Cleaners.decimal("1e999999999", '.')).isInstanceOf(CleanupFailure.class)
                .hasMessageContaining("more than 1000 digits");
        assertThatThrownBy(() -> Cleaners.decimal("1e-999999999", '.')).isInstanceOf(CleanupFailure.class);
        assertThatThrownBy(() -> Cleaners.decimal("1e99999999999", '.')).isInstanceOf(CleanupFailure.class);
        assertThatThrownBy(() -> Cleaners.decimal("9".repeat(100_000), '.')).isInstanceOf(CleanupFailure.class)
                .hasMessageContaining("more than 1000 digits");
        assertThat(Cleaners.decimal("9".repeat(1000), '.')).hasToString("9".repeat(1000));
        assertThat(Cleaners.decimal(" ", '.')).isNull();
        assertThat(Cleaners.decimal(null, '.')).isNull();
    }

    // --- date --------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} as {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "26/11/2026 | dd/MM/yyyy | 2026-11-26",
        "26/11/2026 | dd/MM/uuuu | 2026-11-26",
        "11/26/2026 | MM/dd/yyyy | 2026-11-26",
        "1/2/2026 | d/M/yyyy | 2026-02-01",
        "26.11.26 | dd.MM.yy | 2026-11-26",
        "26 Nov 2026 | dd MMM yyyy | 2026-11-26",
        "26 NOV 2026 | dd MMM yyyy | 2026-11-26",
        "26 november 2026 | d MMMM yyyy | 2026-11-26",
        "Thu, 26 Nov 2026 | EEE, d MMM yyyy | 2026-11-26",
        "20261126 | yyyyMMdd | 2026-11-26",
        "29/02/2024 | dd/MM/yyyy | 2024-02-29",
        "26/11/2026 10:30 | dd/MM/yyyy HH:mm | 2026-11-26",
    })
    void datesAreReadWithTheirPatternAndWrittenAsIso(String raw, String pattern, String iso) {
        assertThat(Cleaners.date(raw, TimeFormat.date(pattern))).isEqualTo(iso);
    }

    @ParameterizedTest(name = "{0} as {1}")
    @CsvSource(delimiter = '|', value = {
        "31/02/2026 | dd/MM/yyyy",
        "29/02/2026 | dd/MM/yyyy",
        "26/13/2026 | dd/MM/yyyy",
        "00/11/2026 | dd/MM/yyyy",
        "Fri, 26 Nov 2026 | EEE, d MMM yyyy",
    })
    void impossibleDatesAreRefused(String raw, String pattern) {
        assertThatThrownBy(() -> Cleaners.date(raw, TimeFormat.date(pattern))).isInstanceOf(CleanupFailure.class)
                .hasMessageStartingWith("not a real date");
    }

    @ParameterizedTest(name = "{0} as {1}")
    @CsvSource(delimiter = '|', value = {
        "2026-11-26 | dd/MM/yyyy",
        "1/2/2026 | dd/MM/yyyy",
        "26/11/2026 extra | dd/MM/yyyy",
        "yesterday | dd/MM/yyyy",
        "26-11-2026 | dd/MM/yyyy",
    })
    void datesInAnotherShapeAreRefused(String raw, String pattern) {
        assertThatThrownBy(() -> Cleaners.date(raw, TimeFormat.date(pattern))).isInstanceOf(CleanupFailure.class)
                .hasMessage("not a date in the form " + pattern);
    }

    @Test
    void isoDatesAreChecked() {
        assertThat(Cleaners.date(" 2026-11-26 ")).isEqualTo("2026-11-26");
        assertThat(Cleaners.date("")).isNull();
        assertThatThrownBy(() -> Cleaners.date("2026-02-30")).isInstanceOf(CleanupFailure.class);
        assertThatThrownBy(() -> Cleaners.date("2026-11-26T10:00:00Z")).isInstanceOf(CleanupFailure.class);
        assertThatThrownBy(() -> Cleaners.date("26/11/2026")).isInstanceOf(CleanupFailure.class)
                .hasMessage("not a date in the form yyyy-MM-dd");
        assertThatThrownBy(() -> Cleaners.date("2026-11-26".repeat(10_000))).isInstanceOf(CleanupFailure.class)
                .message().hasSizeLessThan(100);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dd/MM", "HH:mm", "yyyy", "YYYY-MM-dd", "dd/MM/yyyy bbb", "{}", "'unclosed"})
    void datePatternsThatCannotGiveADateAreArgumentErrors(String pattern) {
        assertThatThrownBy(() -> TimeFormat.date(pattern)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("format '" + pattern + "'").message().doesNotContain("\n");
    }

    @Test
    void weekBasedYearsGetAHint() {
        assertThatThrownBy(() -> TimeFormat.date("YYYY-MM-dd")).hasMessageContaining("YYYY is the week-based year, use yyyy");
    }

    // --- timestamp with a format -------------------------------------------------------------

    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    @ParameterizedTest(name = "{0} as {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "26/11/2026 10:00 | dd/MM/yyyy HH:mm | 2026-11-26T10:00:00Z",
        "26/07/2026 10:00 | dd/MM/yyyy HH:mm | 2026-07-26T09:00:00Z",
        "26/07/2026 10:00:30.5 | dd/MM/yyyy HH:mm:ss.S | 2026-07-26T09:00:30.500Z",
        "26/07/2026 10:00 pm | dd/MM/yyyy hh:mm a | 2026-07-26T21:00:00Z",
        "26/07/2026 10:00 +02:00 | dd/MM/yyyy HH:mm XXX | 2026-07-26T08:00:00Z",
        "26/07/2026 10:00 Z | dd/MM/yyyy HH:mm XXX | 2026-07-26T10:00:00Z",
        "26/07/2026 10:00 America/New_York | dd/MM/yyyy HH:mm VV | 2026-07-26T14:00:00Z",
        "2026-07-26T10:00:00Z | yyyy-MM-dd'T'HH:mm:ss'Z' | 2026-07-26T09:00:00Z",
    })
    void formattedTimestampsAreInstants(String raw, String pattern, String utc) {
        assertThat(Cleaners.timestamp(raw, TimeFormat.timestamp(pattern), LONDON)).isEqualTo(Instant.parse(utc));
    }

    @Test
    void isoTimestampsWithoutAnOffsetAreInTheZone() {
        assertThat(Cleaners.timestamp("2026-07-26T10:00", TimeFormat.ISO_DATE_TIME, LONDON))
                .isEqualTo(Instant.parse("2026-07-26T09:00:00Z"));
        assertThat(Cleaners.timestamp("2026-07-26T10:00:00+02:00", TimeFormat.ISO_DATE_TIME, LONDON))
                .isEqualTo(Instant.parse("2026-07-26T08:00:00Z"));
        assertThat(Cleaners.timestamp("2026-07-26T10:00:00+02:00[Europe/Paris]", TimeFormat.ISO_DATE_TIME, LONDON))
                .isEqualTo(Instant.parse("2026-07-26T08:00:00Z"));
        assertThatThrownBy(() -> Cleaners.timestamp("2026-07-26", TimeFormat.ISO_DATE_TIME, LONDON))
                .isInstanceOf(CleanupFailure.class);
    }

    @Test
    void clockChangesAreHandledExplicitly() {
        TimeFormat format = TimeFormat.timestamp("yyyy-MM-dd HH:mm");
        assertThatThrownBy(() -> Cleaners.timestamp("2026-03-29 01:30", format, LONDON)).isInstanceOf(CleanupFailure.class)
                .hasMessage("is a local time that does not exist in Europe/London (the clocks went forward)");
        assertThat(Cleaners.timestamp("2026-10-25 01:30", format, LONDON)).as("the earlier of the two 01:30s")
                .isEqualTo(Instant.parse("2026-10-25T00:30:00Z"));
    }

    @Test
    void formattedTimestampsThatDoNotFitAreRefused() {
        TimeFormat format = TimeFormat.timestamp("dd/MM/yyyy HH:mm");
        assertThatThrownBy(() -> Cleaners.timestamp("2026-11-26T10:00:00Z", format, LONDON)).isInstanceOf(CleanupFailure.class)
                .hasMessage("not a timestamp in the form dd/MM/yyyy HH:mm");
        assertThatThrownBy(() -> Cleaners.timestamp("31/11/2026 10:00", format, LONDON)).isInstanceOf(CleanupFailure.class)
                .hasMessageStartingWith("not a real timestamp");
        assertThatThrownBy(() -> Cleaners.timestamp("26/11/2026 24:00", format, LONDON)).isInstanceOf(CleanupFailure.class);
        assertThatThrownBy(() -> Cleaners.timestamp("x".repeat(100_000), format, LONDON)).isInstanceOf(CleanupFailure.class)
                .message().hasSizeLessThan(100);
        assertThat(Cleaners.timestamp("  ", format, LONDON)).isNull();
    }

    @Test
    void anOptionalOffsetThatIsMissingNeedsAZone() {
        TimeFormat format = TimeFormat.timestamp("yyyy-MM-dd HH:mm[ XXX]");
        assertThat(format.carriesZone()).isTrue();
        assertThat(Cleaners.timestamp("2026-11-26 10:00 +01:00", format, null)).isEqualTo(Instant.parse("2026-11-26T09:00:00Z"));
        assertThatThrownBy(() -> Cleaners.timestamp("2026-11-26 10:00", format, null)).isInstanceOf(CleanupFailure.class)
                .hasMessage("has no offset or zone, and the mapping names no zone");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dd/MM/yyyy", "HH:mm", "dd/MM/yyyy hh:mm", "YYYY-MM-dd HH:mm", "dd/MM/yyyy HH:mm qqqqqq"})
    void timestampPatternsWithoutADateAndTimeAreArgumentErrors(String pattern) {
        assertThatThrownBy(() -> TimeFormat.timestamp(pattern)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("format '" + pattern + "'");
    }

    @Test
    void timestampPatternsKnowWhetherTheyCarryAZone() {
        assertThat(TimeFormat.timestamp("dd/MM/yyyy HH:mm").carriesZone()).isFalse();
        assertThat(TimeFormat.timestamp("dd/MM/yyyy HH:mm XXX").carriesZone()).isTrue();
        assertThat(TimeFormat.timestamp("dd/MM/yyyy HH:mm VV").carriesZone()).isTrue();
        assertThat(TimeFormat.timestamp("dd/MM/yyyy HH:mm 'Z'").carriesZone()).as("a quoted Z is text").isFalse();
    }

    // --- epoch -------------------------------------------------------------------------------

    @Test
    void epochSecondsAndMillis() {
        Instant moment = Instant.parse("2026-11-26T10:00:00Z");
        assertThat(Cleaners.epoch(moment.getEpochSecond(), false)).isEqualTo(moment);
        assertThat(Cleaners.epoch(String.valueOf(moment.getEpochSecond()), false)).isEqualTo(moment);
        assertThat(Cleaners.epoch((int) 0, false)).isEqualTo(Instant.EPOCH);
        assertThat(Cleaners.epoch(" -1 ", false)).isEqualTo(Instant.parse("1969-12-31T23:59:59Z"));
        assertThat(Cleaners.epoch(moment.toEpochMilli(), true)).isEqualTo(moment);
        assertThat(Cleaners.epoch(moment.toEpochMilli() + ".0", true)).isEqualTo(moment);
        assertThat(Cleaners.epoch(1.7e9, false)).isEqualTo(Instant.ofEpochSecond(1_700_000_000));
        assertThat(Cleaners.epoch(" ", false)).isNull();
        assertThatThrownBy(() -> Cleaners.epoch("1700000000.5", false)).isInstanceOf(CleanupFailure.class)
                .hasMessage("not a whole number of epoch seconds");
        assertThatThrownBy(() -> Cleaners.epoch("soon", true)).isInstanceOf(CleanupFailure.class)
                .hasMessage("not a number of epoch milliseconds");
        assertThatThrownBy(() -> Cleaners.epoch("99999999999999999999", false)).isInstanceOf(CleanupFailure.class)
                .hasMessage("out of range for epoch seconds");
        assertThatThrownBy(() -> Cleaners.epoch(Long.MAX_VALUE, false)).isInstanceOf(CleanupFailure.class)
                .hasMessage("out of range for epoch seconds");
    }

    // --- split -------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} split at ''{1}'' part {2} rest {3} -> {4}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "Ada Lovelace | ' ' | 0 | false | Ada",
        "Ada Lovelace | ' ' | 1 | false | Lovelace",
        "Ada Lovelace | ' ' | -1 | false | Lovelace",
        "Ada Lovelace | ' ' | -2 | false | Ada",
        "Ada Lovelace | ' ' | 2 | false | NULL",
        "Ada Lovelace | ' ' | -3 | false | NULL",
        "Augusta Ada King Lovelace | ' ' | 1 | true | Ada King Lovelace",
        "Augusta Ada King Lovelace | ' ' | -2 | true | King Lovelace",
        "Augusta Ada King Lovelace | ' ' | 0 | true | Augusta Ada King Lovelace",
        "Lovelace | ' ' | 0 | false | Lovelace",
        "Lovelace | ' ' | 1 | false | NULL",
        "Lovelace | ' ' | 1 | true | NULL",
        "a,,c | , | 1 | false | NULL",
        "a,,c | , | 2 | false | c",
        "a,b, | , | -1 | false | NULL",
        "a::b::c | :: | 1 | false | b",
        "a.b/c | . | 1 | false | b/c",
        "a.*b | .* | 1 | false | b",
        "東京都 渋谷区 | ' ' | 1 | false | 渋谷区",
        "😀-😁 | - | 1 | false | 😁",
    })
    void splitTakesOnePart(String raw, String separator, int part, boolean rest, String expected) {
        assertThat(Cleaners.split(raw, separator, part, rest)).isEqualTo(expected);
    }

    @Test
    void splitHandlesLongAndEmptyText() {
        String many = "x,".repeat(50_000) + "last";
        assertThat(Cleaners.split(many, ",", -1, false)).isEqualTo("last");
        assertThat(Cleaners.split(many, ",", 49_999, true)).isEqualTo("x,last");
        assertThat(Cleaners.split("", ",", 0, false)).isNull();
        assertThat(Cleaners.split(" ", ",", 0, false)).isNull();
        assertThat(Cleaners.split(null, ",", 0, false)).isNull();
    }

    // --- long and unusual input --------------------------------------------------------------

    @Test
    void veryLongValuesFailOrPassWithoutTrouble() {
        String huge = "a".repeat(100_000);
        assertThat(Cleaners.trim(" " + huge + " ")).isEqualTo(huge);
        assertThat(Cleaners.upper(huge)).isEqualTo("A".repeat(100_000));
        assertThat(Cleaners.collapseWhitespace(huge + "   " + huge)).hasSize(200_001);
        assertThat(Cleaners.email(huge + "@example.com")).hasSize(100_012);
        assertThatThrownBy(() -> Cleaners.email(huge)).isInstanceOf(CleanupFailure.class);
        assertThatThrownBy(() -> Cleaners.phoneE164("1".repeat(100_000), "GB")).isInstanceOf(CleanupFailure.class)
                .message().hasSizeLessThan(300);
        assertThatThrownBy(() -> Cleaners.country(huge)).isInstanceOf(CleanupFailure.class);
        assertThatThrownBy(() -> Cleaners.bool(huge)).isInstanceOf(CleanupFailure.class);
        assertThatThrownBy(() -> Cleaners.timestamp(huge)).isInstanceOf(CleanupFailure.class).message().hasSizeLessThan(100);
    }

    @Test
    void unicodeTextKeepsItsCharacters() {
        assertThat(Cleaners.trim("\u2003Zoë 😀\u3000")).isEqualTo("Zoë 😀");
        assertThat(Cleaners.lower("ÉCOLE ÇA")).isEqualTo("école ça");
        assertThat(Cleaners.upper("straße")).isEqualTo("STRASSE");
        assertThat(Cleaners.email(" Zoë@Exämple.DE ")).isEqualTo("zoë@exämple.de");
        assertThat(Cleaners.collapseWhitespace("山田 \t 太郎")).isEqualTo("山田 太郎");
    }
}
