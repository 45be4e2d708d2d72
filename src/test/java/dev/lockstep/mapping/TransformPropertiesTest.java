package dev.lockstep.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import dev.lockstep.cleanup.Cleaners;
import dev.lockstep.cleanup.CleanupFailure;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/**
 * Properties of the transforms, checked with generated values (jqwik): normalisers are idempotent
 * (applying one twice equals applying it once), and truncate and split keep exact promises.
 * Generators lean towards the awkward: accents, CJK, emoji, case pairs that do not round-trip
 * (ß, ǅ, İ, final sigma), odd white space, apostrophes and dashes.
 */
@StatisticsReport(onFailureOnly = true)
class TransformPropertiesTest {

    private static final Map<String, Object> NO_RECORD = Map.of();

    /** The value of a transform, or empty when it refuses the value (a CleanupFailure) or gives null. */
    private static Optional<Object> tryApply(Transform transform, Object value) {
        try {
            Object result = transform.apply(value, NO_RECORD);
            Statistics.label("outcome").collect(result == null ? "null" : "cleaned");
            return Optional.ofNullable(result);
        } catch (CleanupFailure e) {
            Statistics.label("outcome").collect("refused");
            return Optional.empty();
        }
    }

    private static Transform create(String name, String... args) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            map.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        return Transforms.create(name, map);
    }

    /** t(t(x)) equals t(x) whenever t accepts x; says how often it did, so a property is not vacuous. */
    private static void assertIdempotent(Transform transform, Object value) {
        Optional<Object> once = tryApply(transform, value);
        once.ifPresent(result -> assertThat(transform.apply(result, NO_RECORD)).isEqualTo(result));
    }

    /** Guards against a generator whose values the transform mostly refuses, which would test little. */
    private static void requireMostlyCleaned() {
        Statistics.label("outcome").coverage(c -> c.check("cleaned").percentage(p -> p > 50));
    }

    // --- generators --------------------------------------------------------------------------

    /** Text built from words, white space and awkward characters, including unpaired surrogates. */
    @Provide
    Arbitrary<String> awkwardText() {
        Arbitrary<String> piece = Arbitraries.oneOf(
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8),
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(3),
                Arbitraries.of(" ", "  ", "\t", "\n", "\r\n", "\u00a0", "\u2003", "\u3000", "\u0085"),
                Arbitraries.of("-", "'", "’", "ʼ", "—", "(", ")", ".", ",", "@"),
                Arbitraries.of("é", "É", "ß", "ẞ", "ǆ", "ǅ", "Ǆ", "İ", "ı", "Σ", "σ", "ς", "ŉ", "ﬁ", "Ω", "ΐ", "Ꭰ", "ꭰ",
                        "e\u0301", "山田", "太郎", "😀", "𠀋", "👩\u200d💻", "\ud800", "\udc00"),
                Arbitraries.strings().all().ofMaxLength(3));
        return piece.list().ofMaxSize(12).map(pieces -> String.join("", pieces));
    }

    private enum Case {
        AS_IS, LOWER, UPPER;

        String apply(String text) {
            return switch (this) {
                case AS_IS -> text;
                case LOWER -> text.toLowerCase(Locale.ROOT);
                case UPPER -> text.toUpperCase(Locale.ROOT);
            };
        }
    }

    /** Surrounds a value with white space, in some case. */
    private static Arbitrary<String> spelledVariously(Arbitrary<String> values) {
        Arbitrary<String> padding = Arbitraries.of("", " ", "\t", "  \n");
        return Combinators.combine(values, Arbitraries.of(Case.class), padding, padding)
                .as((value, letterCase, before, after) -> before + letterCase.apply(value) + after);
    }

    // --- idempotence of the text normalisers -------------------------------------------------

    @Property
    void textNormalisersAreIdempotentOnAwkwardText(@ForAll("awkwardText") String text,
            @ForAll("textNormaliser") String name) {
        assertIdempotent(create(name), text);
    }

    @Property
    void textNormalisersAreIdempotentOnAnyText(@ForAll String text, @ForAll("textNormaliser") String name) {
        assertIdempotent(create(name), text);
    }

    @Provide
    Arbitrary<String> textNormaliser() {
        return Arbitraries.of("trim", "lower", "upper", "title", "collapse-whitespace");
    }

    @Property
    void titleMakesEveryWordStartWithACapital(@ForAll("awkwardText") String text) {
        String title = Cleaners.title(text);
        if (title == null) {
            return;
        }
        // The same word breaks as title's: white space, space separators, dashes.
        for (String word : title.split("[\\p{javaWhitespace}\\p{Zs}\\p{Zl}\\p{Zp}\\p{Pd}]+")) {
            word.codePoints().filter(c -> Character.isLetterOrDigit(c) && c != 'ʼ').findFirst()
                    .ifPresent(first -> assertThat(Character.toTitleCase(first)).as(word).isEqualTo(first));
        }
    }

    @Property
    void emailsAreIdempotent(@ForAll("emails") String email) {
        assertIdempotent(create("email"), email);
        requireMostlyCleaned();
    }

    @Provide
    Arbitrary<String> emails() {
        Arbitrary<String> label = Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').withCharRange('0', '9')
                .withChars("-é").ofMinLength(1).ofMaxLength(10);
        Arbitrary<String> local = Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').withChars("._+-'ü")
                .ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> domain = label.list().ofMinSize(2).ofMaxSize(4).map(labels -> String.join(".", labels));
        Arbitrary<String> wellFormed = Combinators.combine(local, domain).as((l, d) -> l + "@" + d);
        return spelledVariously(Arbitraries.oneOf(wellFormed, wellFormed, wellFormed, awkwardText()));
    }

    // --- phone numbers -----------------------------------------------------------------------

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    /** A real-looking number (libphonenumber's own examples) written nationally or internationally, with its region. */
    @Provide
    Arbitrary<String[]> phones() {
        List<String> regions = new ArrayList<>(new TreeSet<>(PHONES.getSupportedRegions()));
        Arbitrary<PhoneNumberType> types = Arbitraries.of(PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE, PhoneNumberType.TOLL_FREE);
        Arbitrary<PhoneNumberFormat> formats = Arbitraries.of(PhoneNumberFormat.NATIONAL, PhoneNumberFormat.INTERNATIONAL,
                PhoneNumberFormat.E164, PhoneNumberFormat.RFC3966);
        return Combinators.combine(Arbitraries.of(regions), types, formats).as((region, type, format) -> {
            PhoneNumber example = PHONES.getExampleNumberForType(region, type);
            String written = example == null ? "12" : PHONES.format(example, format);
            return new String[] {written, region};
        });
    }

    @Property(tries = 500)
    void phonesAreIdempotentAndNoLongerNeedTheirRegion(@ForAll("phones") String[] phone, @ForAll("otherRegion") String other) {
        Transform inRegion = create("phone-e164", "default-region=" + phone[1]);
        assertIdempotent(inRegion, phone[0]);
        tryApply(inRegion, phone[0]).ifPresent(e164 ->
                assertThat(create("phone-e164", "default-region=" + other).apply(e164, NO_RECORD)).isEqualTo(e164));
        requireMostlyCleaned();
    }

    @Provide
    Arbitrary<String> otherRegion() {
        return Arbitraries.of("GB", "US", "DE", "JP", "BR", "IN", "AU");
    }

    // --- countries ---------------------------------------------------------------------------

    /** A country by its alpha-2 code, alpha-3 code or English name, with the alpha-2 code it means. */
    @Provide
    Arbitrary<String[]> countries() {
        return Arbitraries.of(Locale.getISOCountries()).flatMap(code -> {
            Locale country = new Locale("", code);
            Arbitrary<String> spelling = Arbitraries.of(code, country.getISO3Country(), country.getDisplayCountry(Locale.ENGLISH));
            return spelledVariously(spelling).map(written -> new String[] {written, code});
        });
    }

    @Property
    void countriesAreIdempotentAndAlwaysAlpha2(@ForAll("countries") String[] country) {
        Transform transform = create("country");
        assertIdempotent(transform, country[0]);
        assertThat(transform.apply(country[0], NO_RECORD)).isEqualTo(country[1]);
    }

    @Property
    void countriesAcceptAnyTextOnlyAsAKnownCode(@ForAll("awkwardText") String text) {
        Transform transform = create("country");
        assertIdempotent(transform, text);
        tryApply(transform, text).ifPresent(code -> assertThat(Locale.getISOCountries()).contains((String) code));
    }

    // --- decimals ----------------------------------------------------------------------------

    @Provide
    Arbitrary<BigDecimal> numbers() {
        return Arbitraries.oneOf(
                Arbitraries.bigDecimals().between(new BigDecimal("-1e12"), new BigDecimal("1e12")).ofScale(4),
                Arbitraries.bigDecimals().between(new BigDecimal("-10"), new BigDecimal("10")).ofScale(12),
                Arbitraries.longs().map(BigDecimal::valueOf));
    }

    /** A number written as plain digits, in scientific notation, or with thousands grouped. */
    private static String written(BigDecimal number, int style) {
        return switch (style) {
            case 0 -> number.toPlainString();
            case 1 -> number.toString();
            case 2 -> String.format(Locale.ROOT, "%e", number);
            default -> String.format(Locale.UK, "%,." + Math.max(0, number.scale()) + "f", number);
        };
    }

    @Property
    void decimalsAreIdempotentAndKeepTheirValue(@ForAll("numbers") BigDecimal number, @ForAll @IntRange(min = 0, max = 3) int style,
            @ForAll @IntRange(min = 0, max = 6) int scale, @ForAll("roundings") String rounding) {
        String text = written(number, style);
        Transform keep = create("decimal");
        Transform rescale = create("decimal", "scale=" + scale, "rounding=" + rounding);
        assertIdempotent(keep, text);
        assertIdempotent(rescale, text);
        if (style != 2) {
            // %e rounds to six digits; every other writing keeps the whole value
            assertThat((BigDecimal) keep.apply(text, NO_RECORD)).isEqualByComparingTo(number);
        }
        BigDecimal rounded = (BigDecimal) rescale.apply(text, NO_RECORD);
        assertThat(rounded.scale()).isEqualTo(scale);
        assertThat(rescale.apply(rounded.toString(), NO_RECORD)).as("its own text reads back the same").isEqualTo(rounded);
        requireMostlyCleaned();
    }

    @Provide
    Arbitrary<String> roundings() {
        return Arbitraries.of("half-up", "half-even", "down", "up", "floor", "ceiling");
    }

    @Property
    void aCommaSeparatorReadsTheSameNumbersWrittenTheContinentalWay(@ForAll("numbers") BigDecimal number) {
        String continental = String.format(Locale.GERMANY, "%,." + Math.max(0, number.scale()) + "f", number);
        assertThat((BigDecimal) create("decimal", "decimal-separator=,").apply(continental, NO_RECORD)).isEqualByComparingTo(number);
    }

    // --- booleans ----------------------------------------------------------------------------

    @Property
    void booleansAreIdempotentAndReadTheirOwnText(@ForAll("booleans") String text) {
        Transform bool = create("boolean");
        assertIdempotent(bool, text);
        Object flag = bool.apply(text, NO_RECORD);
        assertThat(bool.apply(String.valueOf(flag), NO_RECORD)).isEqualTo(flag);
    }

    @Provide
    Arbitrary<String> booleans() {
        return spelledVariously(Arbitraries.of("true", "false", "yes", "no", "y", "n", "1", "0", "on", "off", "t", "f"));
    }

    // --- timestamps and dates ----------------------------------------------------------------

    @Provide
    Arbitrary<Instant> instants() {
        // From the second day of year 1, so no zone turns it into year 0 (which yyyy cannot write).
        long first = Instant.parse("0001-01-02T00:00:00Z").getEpochSecond();
        long last = Instant.parse("9999-12-30T00:00:00Z").getEpochSecond();
        return Combinators.combine(Arbitraries.longs().between(first, last), Arbitraries.integers().between(0, 999_999_999))
                .as(Instant::ofEpochSecond);
    }

    @Provide
    Arbitrary<ZoneOffset> offsets() {
        return Arbitraries.integers().between(-18 * 60, 18 * 60).map(minutes -> ZoneOffset.ofTotalSeconds(minutes * 60));
    }

    @Property
    void isoTimestampsAreIdempotentAndExact(@ForAll("instants") Instant instant, @ForAll("offsets") ZoneOffset offset) {
        String text = instant.atOffset(offset).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        Transform timestamp = create("timestamp");
        assertIdempotent(timestamp, text);
        assertThat(timestamp.apply(text, NO_RECORD)).isEqualTo(instant);
        assertThat(timestamp.apply(Cleaners.utcIso(instant), NO_RECORD)).as("its UTC text reads back the same").isEqualTo(instant);
    }

    @Property
    void formattedTimestampsAreIdempotentAndReadBackWhatTheZoneWrites(@ForAll("instants") Instant instant,
            @ForAll("zones") String zone, @ForAll("timestampPatterns") String pattern) {
        Transform timestamp = create("timestamp", "format=" + pattern, "zone=" + zone);
        String text = DateTimeFormatter.ofPattern(pattern, Locale.ENGLISH).format(instant.atZone(ZoneId.of(zone)));
        assertIdempotent(timestamp, text);
        Instant read = (Instant) timestamp.apply(text, NO_RECORD);
        // The pattern keeps minutes only, and in the autumn overlap a local time names the earlier instant.
        String again = DateTimeFormatter.ofPattern(pattern, Locale.ENGLISH).format(read.atZone(ZoneId.of(zone)));
        assertThat(again).isEqualTo(text);
    }

    @Provide
    Arbitrary<String> zones() {
        return Arbitraries.of("UTC", "Europe/London", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Chatham", "+05:45");
    }

    @Provide
    Arbitrary<String> timestampPatterns() {
        return Arbitraries.of("dd/MM/yyyy HH:mm", "uuuu-MM-dd'T'HH:mm", "d MMM yyyy h:mm a", "MM/dd/yyyy HH:mm");
    }

    @Provide
    Arbitrary<LocalDate> dates() {
        return Arbitraries.longs().between(LocalDate.of(1, 1, 1).toEpochDay(), LocalDate.of(9999, 12, 31).toEpochDay())
                .map(LocalDate::ofEpochDay);
    }

    @Property
    void datesAreReadWithTheirPatternAndTheIsoResultIsAFixedPoint(@ForAll("dates") LocalDate date,
            @ForAll("datePatterns") String pattern) {
        String text = DateTimeFormatter.ofPattern(pattern, Locale.ENGLISH).format(date);
        Object iso = create("date", "format=" + pattern).apply(text, NO_RECORD);
        assertThat(iso).isEqualTo(date.toString());
        assertIdempotent(create("date"), iso);
        assertThat(create("date").apply(iso, NO_RECORD)).isEqualTo(iso);
    }

    @Provide
    Arbitrary<String> datePatterns() {
        return Arbitraries.of("dd/MM/yyyy", "MM/dd/uuuu", "d MMM yyyy", "yyyyMMdd", "EEEE d MMMM yyyy", "yyyy-MM-dd");
    }

    @Property
    void isoDatesAreIdempotentOnAnyText(@ForAll("awkwardText") String text) {
        assertIdempotent(create("date"), text);
    }

    // --- truncate ----------------------------------------------------------------------------

    @Property
    void truncateIsAPrefixOfAtMostLengthCodePoints(@ForAll("awkwardText") String text, @ForAll @IntRange(min = 1, max = 40) int length) {
        Object result = create("truncate", "length=" + length).apply(text, NO_RECORD);
        if (result == null) {
            assertThat(text.codePoints().limit(length).allMatch(Character::isWhitespace)).as("only blank prefixes vanish").isTrue();
            return;
        }
        String cut = (String) result;
        assertThat(text).startsWith(cut);
        assertThat(cut.codePointCount(0, cut.length())).isEqualTo(Math.min(length, text.codePointCount(0, text.length())));
        if (cut.length() < text.length()) {
            assertThat(Character.isLowSurrogate(text.charAt(cut.length())) && Character.isHighSurrogate(cut.charAt(cut.length() - 1)))
                    .as("a surrogate pair is not split").isFalse();
        }
    }

    // --- split -------------------------------------------------------------------------------

    @Provide
    Arbitrary<String> separators() {
        return Arbitraries.of(" ", ",", ", ", "::", ";", "|", ".", " - ", "😀");
    }

    /** Parts that are not blank and share no character with any separator. */
    @Provide
    Arbitrary<List<String>> parts() {
        Arbitrary<String> part = Arbitraries.oneOf(
                Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(6),
                Arbitraries.of("Zoë", "山田", "😁", "𠀋", "O'Brien"));
        return part.list().ofMinSize(1).ofMaxSize(6);
    }

    @Property
    void splitFindsEveryPartAndTheRestRejoinsTheText(@ForAll("parts") List<String> parts, @ForAll("separators") String separator) {
        String text = String.join(separator, parts);
        int n = parts.size();
        for (int i = 0; i < n; i++) {
            assertThat(split(separator, i, false).apply(text, NO_RECORD)).isEqualTo(parts.get(i));
            assertThat(split(separator, i - n, false).apply(text, NO_RECORD)).isEqualTo(parts.get(i));
            assertThat(split(separator, i, true).apply(text, NO_RECORD)).isEqualTo(String.join(separator, parts.subList(i, n)));
        }
        assertThat(split(separator, n, false).apply(text, NO_RECORD)).isNull();
        assertThat(split(separator, -n - 1, false).apply(text, NO_RECORD)).isNull();
        if (n >= 2) {
            assertThat(split(separator, 0, false).apply(text, NO_RECORD) + separator + split(separator, 1, true).apply(text, NO_RECORD))
                    .isEqualTo(text);
        }
    }

    @Property
    void splitOfAnyTextFromPartZeroWithTheRestIsTheText(@ForAll("awkwardText") String text, @ForAll("separators") String separator) {
        Object whole = split(separator, 0, true).apply(text, NO_RECORD);
        assertThat(whole).isEqualTo(text.isBlank() ? null : text);
        Object first = split(separator, 0, false).apply(text, NO_RECORD);
        Object rest = split(separator, 1, true).apply(text, NO_RECORD);
        if (first != null && rest != null) {
            assertThat(first + separator + rest).isEqualTo(text);
        }
    }

    private static Transform split(String separator, int part, boolean rest) {
        return create("split", "separator=" + separator, "part=" + part, "rest=" + rest);
    }

    // --- every transform: null and blank stay null --------------------------------------------

    @Property
    void blankTextIsNullForEveryTransform(@ForAll("blank") String blank, @ForAll("anyTransform") Transform transform) {
        assertThat(transform.apply(blank, NO_RECORD)).isNull();
    }

    @Provide
    Arbitrary<String> blank() {
        return Arbitraries.strings().whitespace().ofMaxLength(6);
    }

    @Provide
    Arbitrary<Transform> anyTransform() {
        return Arbitraries.of(Transforms.names().stream().map(TransformPropertiesTest::withWorkingArguments).toList());
    }

    private static Transform withWorkingArguments(String name) {
        return switch (name) {
            case "phone-e164" -> create(name, "default-region=GB");
            case "truncate" -> create(name, "length=3");
            case "split" -> create(name, "separator=,");
            default -> create(name);
        };
    }
}
