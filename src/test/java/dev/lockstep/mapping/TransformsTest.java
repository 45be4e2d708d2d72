package dev.lockstep.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lockstep.check.ConfigProblem;
import dev.lockstep.cleanup.CleanupFailure;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TransformsTest {

    private static final Map<String, Object> NO_RECORD = Map.of();

    /** Builds a transform from "key=value" pairs. */
    private static Transform create(String name, String... args) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            map.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        return Transforms.create(name, map);
    }

    private static Object apply(Transform transform, Object value) {
        return transform.apply(value, NO_RECORD);
    }

    // --- the catalogue -----------------------------------------------------------------------

    @Test
    void theCatalogueNamesEveryTransformAndItsArguments() {
        assertThat(Transforms.names()).containsExactly("boolean", "collapse-whitespace", "country", "date", "decimal", "email",
                "lower", "phone-e164", "split", "timestamp", "title", "trim", "truncate", "upper");
        assertThat(Transforms.arguments("phone-e164")).containsExactly("region-from", "default-region");
        assertThat(Transforms.arguments("truncate")).containsExactly("length");
        assertThat(Transforms.arguments("decimal")).containsExactly("scale", "rounding", "decimal-separator");
        assertThat(Transforms.arguments("date")).containsExactly("format");
        assertThat(Transforms.arguments("timestamp")).containsExactly("format", "zone");
        assertThat(Transforms.arguments("split")).containsExactly("separator", "part", "rest");
        for (String name : List.of("trim", "lower", "upper", "title", "collapse-whitespace", "email", "country", "boolean")) {
            assertThat(Transforms.arguments(name)).as(name).isEmpty();
        }
        assertThat(Transforms.arguments("default")).isEmpty();
        assertThat(Transforms.exists("default")).as("default is handled elsewhere").isFalse();
    }

    @Test
    void anUnknownTransformCannotBeCreated() {
        assertThatThrownBy(() -> Transforms.create("shout", Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown transform shout");
    }

    static Stream<Arguments> everyTransformWithWorkingArguments() {
        return Stream.of(
                Arguments.of("trim", new String[0]), Arguments.of("lower", new String[0]), Arguments.of("upper", new String[0]),
                Arguments.of("title", new String[0]), Arguments.of("collapse-whitespace", new String[0]),
                Arguments.of("email", new String[0]), Arguments.of("country", new String[0]), Arguments.of("boolean", new String[0]),
                Arguments.of("phone-e164", new String[] {"default-region=GB"}),
                Arguments.of("truncate", new String[] {"length=3"}),
                Arguments.of("decimal", new String[] {"scale=2"}),
                Arguments.of("date", new String[0]), Arguments.of("date", new String[] {"format=dd/MM/yyyy"}),
                Arguments.of("timestamp", new String[0]), Arguments.of("timestamp", new String[] {"zone=UTC"}),
                Arguments.of("timestamp", new String[] {"format=dd/MM/yyyy HH:mm", "zone=Europe/London"}),
                Arguments.of("timestamp", new String[] {"format=epoch-seconds"}),
                Arguments.of("split", new String[] {"separator= "}));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyTransformWithWorkingArguments")
    void nullAndBlankStayNullForEveryTransform(String name, String[] args) {
        Transform transform = create(name, args);
        for (Object empty : Arrays.asList(null, "", " ", "\t\n", "\u2003", new StringBuilder("  "))) {
            assertThat(apply(transform, empty)).as("%s of '%s'", name, empty).isNull();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyTransformWithWorkingArguments")
    void argumentsATransformDoesNotAcceptAreLeftToTheLoader(String name, String[] args) {
        String[] withStranger = Arrays.copyOf(args, args.length + 1);
        withStranger[args.length] = "colour=blue";
        assertThat(create(name, withStranger)).isNotNull();
    }

    @Test
    void chainsApplyInOrder() {
        List<Transform> chain = List.of(create("trim"), create("lower"), create("email"));
        Object value = " Ada@Example.COM ";
        for (Transform t : chain) {
            value = t.apply(value, NO_RECORD);
        }
        assertThat(value).isEqualTo("ada@example.com");
    }

    // --- the transforms that were there before keep their behaviour --------------------------

    @Test
    void textTransformsWorkAsBefore() {
        assertThat(apply(create("trim"), "  Ada  ")).isEqualTo("Ada");
        assertThat(apply(create("lower"), "ADA Ä")).isEqualTo("ada ä");
        assertThat(apply(create("upper"), "ada ß")).isEqualTo("ADA SS");
        assertThat(apply(create("collapse-whitespace"), " Ada \t Lovelace ")).isEqualTo("Ada Lovelace");
        assertThat(apply(create("email"), " Ada@Example.COM ")).isEqualTo("ada@example.com");
        assertThat(apply(create("trim"), 42)).as("non-text values are read as text").isEqualTo("42");
        assertThatThrownBy(() -> apply(create("email"), "ada")).isInstanceOf(CleanupFailure.class);
    }

    @Test
    void phonesUseTheSiblingRegionThenTheDefault() {
        Transform phone = create("phone-e164", "region-from=country", "default-region=GB");
        assertThat(phone.apply("(202) 555-0143", Map.of("country", "US"))).isEqualTo("+12025550143");
        assertThat(phone.apply("020 7946 0958", Map.of("country", " "))).isEqualTo("+442079460958");
        assertThat(phone.apply("020 7946 0958", NO_RECORD)).isEqualTo("+442079460958");
        assertThat(create("phone-e164", "default-region=gb").apply("020 7946 0958", NO_RECORD)).isEqualTo("+442079460958");
        assertThatThrownBy(() -> create("phone-e164").apply("020 7946 0958", NO_RECORD)).isInstanceOf(CleanupFailure.class);
        assertThat(create("phone-e164").apply("+44 20 7946 0958", NO_RECORD)).isEqualTo("+442079460958");
    }

    @ParameterizedTest
    @ValueSource(strings = {"XX", "UK", "Britain", "G"})
    void anUnknownDefaultRegionIsAnArgumentError(String region) {
        assertThatThrownBy(() -> create("phone-e164", "default-region=" + region)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("default-region '" + region + "' is not a region code libphonenumber knows (e.g. GB)");
    }

    @Test
    void countriesAcceptCodesAndNames() {
        Transform country = create("country");
        assertThat(apply(country, "gb")).isEqualTo("GB");
        assertThat(apply(country, "GBR")).isEqualTo("GB");
        assertThat(apply(country, "United Kingdom")).isEqualTo("GB");
        assertThat(apply(country, "UK")).isEqualTo("GB");
        assertThatThrownBy(() -> apply(country, "Narnia")).isInstanceOf(CleanupFailure.class);
    }

    // --- title, truncate, boolean ------------------------------------------------------------

    @Test
    void titleCasesWords() {
        assertThat(apply(create("title"), "o'brien-smith")).isEqualTo("O'Brien-Smith");
        assertThat(apply(create("title"), "ÉMILE zola")).isEqualTo("Émile Zola");
    }

    @Test
    void truncateKeepsAtMostLengthCodePoints() {
        Transform truncate = create("truncate", "length=2");
        assertThat(apply(truncate, "Ada")).isEqualTo("Ad");
        assertThat(apply(truncate, "😀😀😀")).isEqualTo("😀😀");
        assertThat(apply(truncate, "A")).isEqualTo("A");
        assertThat(apply(truncate, 12345)).isEqualTo("12");
        assertThat(apply(create("truncate", "length= 1 "), "Ada")).isEqualTo("A");
    }

    @ParameterizedTest(name = "length={0}")
    @CsvSource(delimiter = '|', value = {
        "-1 | length must be at least 1, not -1",
        "0 | length must be at least 1, not 0",
        "ten | length must be a whole number, not 'ten'",
        "2.5 | length must be a whole number, not '2.5'",
        "99999999999 | length must be a whole number, not '99999999999'",
        "'' | length is required",
    })
    void badLengthsAreArgumentErrors(String length, String message) {
        assertThatThrownBy(() -> create("truncate", "length=" + length)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
        assertThatThrownBy(() -> Transforms.create("truncate", Map.of())).hasMessage("length is required");
    }

    @Test
    void booleansKeepBooleansAndReadSpellings() {
        Transform bool = create("boolean");
        assertThat(apply(bool, true)).isEqualTo(true);
        assertThat(apply(bool, Boolean.FALSE)).isEqualTo(false);
        assertThat(apply(bool, " Yes ")).isEqualTo(true);
        assertThat(apply(bool, "off")).isEqualTo(false);
        assertThat(apply(bool, 1)).isEqualTo(true);
        assertThat(apply(bool, 0L)).isEqualTo(false);
        assertThatThrownBy(() -> apply(bool, 2)).isInstanceOf(CleanupFailure.class);
        assertThatThrownBy(() -> apply(bool, "perhaps")).isInstanceOf(CleanupFailure.class);
    }

    // --- decimal -----------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} scale {1} {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
        "2.345 | 2 | half-up | 2.35",
        "2.345 | 2 | half-even | 2.34",
        "2.355 | 2 | half-even | 2.36",
        "2.349 | 2 | down | 2.34",
        "2.341 | 2 | up | 2.35",
        "-2.341 | 2 | floor | -2.35",
        "-2.349 | 2 | ceiling | -2.34",
        "-2.345 | 2 | half-up | -2.35",
        "2.5 | 0 | half-up | 3",
        "2.5 | 0 | half-even | 2",
        "7 | 2 | half-up | 7.00",
        "1e3 | 1 | half-up | 1000.0",
        "1,234.567 | 2 | half-up | 1234.57",
    })
    void decimalsAreRescaledWithTheirRounding(String raw, String scale, String rounding, String expected) {
        Object result = apply(create("decimal", "scale=" + scale, "rounding=" + rounding), raw);
        assertThat(result).isInstanceOf(BigDecimal.class).hasToString(expected);
    }

    @Test
    void decimalsRoundHalfUpByDefaultAndKeepTheirScaleWithoutOne() {
        assertThat(apply(create("decimal", "scale=1"), "0.25")).hasToString("0.3");
        assertThat(apply(create("decimal"), "0.250")).hasToString("0.250");
        assertThat(apply(create("decimal"), 12)).isEqualTo(new BigDecimal("12"));
        assertThat(apply(create("decimal", "scale=2"), 0.1d)).isEqualTo(new BigDecimal("0.10"));
        assertThat(apply(create("decimal", "scale=2"), new BigDecimal("1.005"))).isEqualTo(new BigDecimal("1.01"));
        assertThat(apply(create("decimal", "decimal-separator=,", "scale=2"), "1.234,5")).isEqualTo(new BigDecimal("1234.50"));
        assertThat(apply(create("decimal", "decimal-separator=,"), 1.5d)).as("numbers have no separator")
                .isEqualTo(new BigDecimal("1.5"));
        assertThatThrownBy(() -> apply(create("decimal"), "twelve")).isInstanceOf(CleanupFailure.class);
        assertThatThrownBy(() -> apply(create("decimal", "decimal-separator=,"), "1,234.50")).isInstanceOf(CleanupFailure.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "scale=-1 | scale must be from 0 to 1000, not -1",
        "scale=1001 | scale must be from 0 to 1000, not 1001",
        "scale=two | scale must be a whole number, not 'two'",
        "rounding=half-up | rounding needs a scale to round to",
        "scale=2;rounding=HALF_UP | rounding must be one of half-up, half-even, down, up, floor, ceiling, not 'HALF_UP'",
        "scale=2;rounding=bankers | rounding must be one of half-up, half-even, down, up, floor, ceiling, not 'bankers'",
        "decimal-separator=; | decimal-separator must be one of ., ,, not ';'",
        "decimal-separator=dot | decimal-separator must be one of ., ,, not 'dot'",
    })
    void badDecimalArgumentsAreArgumentErrors(String args, String message) {
        assertThatThrownBy(() -> create("decimal", args.split(";(?=[a-z])"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    // --- date and timestamp ------------------------------------------------------------------

    @Test
    void datesBecomeIsoText() {
        assertThat(apply(create("date", "format=dd/MM/yyyy"), "26/11/2026")).isEqualTo("2026-11-26");
        assertThat(apply(create("date"), "2026-11-26")).isEqualTo("2026-11-26");
        assertThat(apply(create("date"), LocalDate.of(2026, 11, 26))).isEqualTo("2026-11-26");
        assertThatThrownBy(() -> apply(create("date"), "26/11/2026")).isInstanceOf(CleanupFailure.class);
        assertThatThrownBy(() -> apply(create("date", "format=dd/MM/yyyy"), "31/11/2026")).isInstanceOf(CleanupFailure.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dd/MM", "nonsense pattern with letters", "YYYY-MM-dd", "HH:mm", "[dd"})
    void badDateFormatsAreArgumentErrors(String format) {
        assertThatThrownBy(() -> create("date", "format=" + format)).isInstanceOf(IllegalArgumentException.class)
                .message().startsWith("format '" + format + "'").doesNotContain("\n");
    }

    @Test
    void timestampsWithoutArgumentsWorkAsBefore() {
        Transform timestamp = create("timestamp");
        Instant moment = Instant.parse("2026-11-26T10:00:00Z");
        assertThat(apply(timestamp, "2026-11-26T11:00:00+01:00")).isEqualTo(moment);
        assertThat(apply(timestamp, moment)).isSameAs(moment);
        assertThatThrownBy(() -> apply(timestamp, "2026-11-26T10:00:00")).isInstanceOf(CleanupFailure.class);
    }

    @Test
    void timestampsWithAZoneReadIsoTimesWithoutAnOffsetInIt() {
        Transform timestamp = create("timestamp", "zone=Europe/London");
        assertThat(apply(timestamp, "2026-07-26T10:00:00")).isEqualTo(Instant.parse("2026-07-26T09:00:00Z"));
        assertThat(apply(timestamp, "2026-07-26T10:00:00Z")).isEqualTo(Instant.parse("2026-07-26T10:00:00Z"));
        assertThat(apply(create("timestamp", "zone=+05:30"), "2026-07-26T10:00")).isEqualTo(Instant.parse("2026-07-26T04:30:00Z"));
    }

    @Test
    void timestampsWithAFormat() {
        Transform london = create("timestamp", "format=dd/MM/yyyy HH:mm", "zone=Europe/London");
        assertThat(apply(london, "26/07/2026 10:00")).isEqualTo(Instant.parse("2026-07-26T09:00:00Z"));
        assertThat(apply(london, "26/11/2026 10:00")).isEqualTo(Instant.parse("2026-11-26T10:00:00Z"));
        Transform withOffset = create("timestamp", "format=dd/MM/yyyy HH:mm XXX");
        assertThat(apply(withOffset, "26/11/2026 10:00 -05:00")).isEqualTo(Instant.parse("2026-11-26T15:00:00Z"));
        Transform tokyo = create("timestamp", "format=yyyy年M月d日 H時m分", "zone=Asia/Tokyo");
        assertThat(apply(tokyo, "2026年11月26日 9時5分")).isEqualTo(Instant.parse("2026-11-26T00:05:00Z"));
        assertThatThrownBy(() -> apply(london, "2026-11-26T10:00:00Z")).isInstanceOf(CleanupFailure.class);
    }

    @Test
    void epochTimestamps() {
        Instant moment = Instant.parse("2026-11-26T10:00:00Z");
        assertThat(apply(create("timestamp", "format=epoch-seconds"), moment.getEpochSecond())).isEqualTo(moment);
        assertThat(apply(create("timestamp", "format=epoch-seconds"), String.valueOf(moment.getEpochSecond()))).isEqualTo(moment);
        assertThat(apply(create("timestamp", "format=epoch-millis"), moment.toEpochMilli())).isEqualTo(moment);
        assertThat(apply(create("timestamp", "format=epoch-millis"), moment)).isSameAs(moment);
        assertThatThrownBy(() -> apply(create("timestamp", "format=epoch-millis"), "tomorrow")).isInstanceOf(CleanupFailure.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "format=dd/MM/yyyy HH:mm | format 'dd/MM/yyyy HH:mm' has no offset or zone, so the zone its times are in is needed (e.g. zone: UTC or zone: Europe/London)",
        "zone=Mars/Olympus | zone 'Mars/Olympus' is not a zone id (e.g. UTC, Europe/London, +01:00)",
        "zone=BST | zone 'BST' is not a zone id (e.g. UTC, Europe/London, +01:00)",
        "format=epoch-seconds;zone=UTC | zone has no meaning for epoch-seconds, which counts from 1970 UTC",
        "format=dd/MM/yyyy;zone=UTC | format 'dd/MM/yyyy' does not hold a time of day (use HH for 0-23, or hh with a for am/pm)",
        "format=dd/MM/yyyy hh:mm;zone=UTC | format 'dd/MM/yyyy hh:mm' does not hold a time of day (use HH for 0-23, or hh with a for am/pm)",
        "format=HH:mm;zone=UTC | format 'HH:mm' does not hold a full date (year, month, day)",
    })
    void badTimestampArgumentsAreArgumentErrors(String args, String message) {
        assertThatThrownBy(() -> create("timestamp", args.split(";"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    // --- split -------------------------------------------------------------------------------

    @Test
    void splitTakesOnePartOrTheRest() {
        assertThat(apply(create("split", "separator= "), "Ada Lovelace")).isEqualTo("Ada");
        assertThat(apply(create("split", "separator= ", "part=1"), "Ada Lovelace")).isEqualTo("Lovelace");
        assertThat(apply(create("split", "separator= ", "part=-1"), "Augusta Ada King")).isEqualTo("King");
        assertThat(apply(create("split", "separator= ", "part=1", "rest=true"), "Augusta Ada King")).isEqualTo("Ada King");
        assertThat(apply(create("split", "separator= ", "part=1", "rest=false"), "Augusta Ada King")).isEqualTo("Ada");
        assertThat(apply(create("split", "separator= ", "part=1"), "Ada")).isNull();
        assertThat(apply(create("split", "separator=, "), "Lovelace, Ada")).isEqualTo("Lovelace");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "part=1 | separator is required (e.g. separator: \" \")",
        "separator= ;part=first | part must be a whole number, not 'first'",
        "separator= ;rest=yes | rest must be true or false, not 'yes'",
    })
    void badSplitArgumentsAreArgumentErrors(String args, String message) {
        assertThatThrownBy(() -> create("split", args.split(";"))).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void oneSourceFieldFillsSeveralColumns() {
        Map<String, Object> record = new HashMap<>(Map.of("name", "  Augusta   Ada King "));
        Transform collapse = create("collapse-whitespace");
        Object name = collapse.apply(record.get("name"), record);
        assertThat(create("split", "separator= ", "part=0").apply(name, record)).isEqualTo("Augusta");
        assertThat(create("split", "separator= ", "part=1", "rest=true").apply(name, record)).isEqualTo("Ada King");
    }

    // --- results with a type of their own survive a second application -----------------------

    @Test
    void typedResultsPassThroughASecondTime() {
        Transform decimal = create("decimal", "scale=2");
        Object once = apply(decimal, "1.005");
        assertThat(apply(decimal, once)).isEqualTo(once);
        Transform bool = create("boolean");
        assertThat(apply(bool, apply(bool, "y"))).isEqualTo(true);
        Transform timestamp = create("timestamp", "format=dd/MM/yyyy HH:mm", "zone=UTC");
        Object instant = apply(timestamp, "26/11/2026 10:00");
        assertThat(apply(timestamp, instant)).isEqualTo(instant);
    }

    // --- the loader reports bad arguments with their position -------------------------------

    @TempDir
    Path dir;

    @Test
    void theLoaderReportsBadArgumentsAndUnknownOnesWithTheirLine() throws Exception {
        Path file = dir.resolve("p.yaml");
        Files.writeString(file, """
                pair: p
                source: {system: s, id: id, version: v}
                target: {system: t, table: t, key: k}
                cleanup:
                  name: [trim, title, {truncate: {length: -1}}]
                  amount: [{decimal: {scale: 2, rounding: bankers}}]
                  born: [{date: {format: "YYYY-MM-dd"}}]
                  seen: [{timestamp: {format: "dd/MM/yyyy HH:mm"}}]
                  first: [{split: {sep: " "}}]
                fields:
                  k: {from: id}
                """);
        InvalidMappingException e = catchThrowableOfType(() -> MappingLoader.load(file), InvalidMappingException.class);
        assertThat(e.problems()).extracting(p -> p.line() + ":" + p.column() + " " + p.message()).containsExactlyInAnyOrder(
                "5:23 bad arguments for 'truncate': length must be at least 1, not -1",
                "6:12 bad arguments for 'decimal': rounding must be one of half-up, half-even, down, up, floor, ceiling, not 'bankers'",
                "7:10 bad arguments for 'date': format 'YYYY-MM-dd' does not hold a full date (year, month, day); YYYY is the week-based year, use yyyy",
                "8:10 bad arguments for 'timestamp': format 'dd/MM/yyyy HH:mm' has no offset or zone, so the zone its times are in is needed (e.g. zone: UTC or zone: Europe/London)",
                "9:20 'split' has no argument 'sep'",
                "9:11 bad arguments for 'split': separator is required (e.g. separator: \" \")");
        assertThat(e.problems()).filteredOn(p -> p.message().contains("'sep'")).singleElement()
                .extracting(ConfigProblem::hint).isEqualTo("arguments of split: [separator, part, rest]");
    }

    @Test
    void aMappingUsingTheNewTransformsLoads() throws Exception {
        Path file = dir.resolve("p.yaml");
        Files.writeString(file, """
                pair: p
                source: {system: s, id: id, version: v}
                target: {system: t, table: t, key: k}
                cleanup:
                  name: [collapse-whitespace, title]
                  active: [boolean]
                  country: [country]
                fields:
                  k: {from: id}
                  first_name: {from: name, transforms: [{split: {separator: " ", part: 0}}]}
                  last_name: {from: name, transforms: [{split: {separator: " ", part: 1, rest: true}}, {truncate: {length: 5}}]}
                  amount: {from: amount, transforms: [{decimal: {scale: 2, rounding: half-even, decimal-separator: ","}}]}
                  born: {from: born, transforms: [{date: {format: "dd/MM/yyyy"}}]}
                  seen: {from: seen, transforms: [{timestamp: {format: "dd/MM/yyyy HH:mm", zone: Europe/London}}]}
                """);
        Mapping mapping = MappingLoader.load(file);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", "1");
        fields.put("name", " o'brien  mary-jane  smith ");
        fields.put("active", "Yes");
        fields.put("country", "United Kingdom");
        fields.put("amount", "1.234,565");
        fields.put("born", "26/11/1990");
        fields.put("seen", "26/07/2026 10:00");
        var event = new dev.lockstep.event.ChangeEvent("e", "p", "s", null, "1", dev.lockstep.event.ChangeEvent.Operation.UPSERT,
                fields, Instant.now(), Instant.now());
        TargetRow row = RecordMapper.map(mapping, dev.lockstep.cleanup.RecordCleaner.clean(mapping, event));
        assertThat(row.values()).containsEntry("first_name", "O'Brien").containsEntry("last_name", "Mary-")
                .containsEntry("amount", new BigDecimal("1234.56")).containsEntry("born", "1990-11-26")
                .containsEntry("seen", Instant.parse("2026-07-26T09:00:00Z"));
        assertThat(Set.copyOf(mapping.cleanup().keySet())).containsExactlyInAnyOrder("name", "active", "country");
    }
}
