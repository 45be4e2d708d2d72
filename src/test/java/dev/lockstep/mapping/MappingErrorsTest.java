package dev.lockstep.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lockstep.check.ConfigProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per kind of mapping error: the reported line, column and message. */
class MappingErrorsTest {

    static final String BASE = """
            pair: p
            source:
              system: crm
              id: id
              version: updatedAt
            target:
              system: billing
              table: t
              key: k
            fields:
              k: {from: id}
              name: {from: name}
            """;

    @TempDir
    Path dir;

    @Test
    void aColumnMappedTwice() throws Exception {
        assertProblem(BASE + "  name: {from: other}\n", "13:3 target column 'name' is mapped twice");
    }

    @Test
    void aSourceFieldTheSampleDoesNotHave() throws Exception {
        Files.writeString(dir.resolve("sample.json"), "{\"id\":\"1\",\"updatedAt\":\"x\",\"name\":\"n\",\"address\":{\"city\":\"c\"}}");
        String yaml = BASE.replace("  version: updatedAt\n", "  version: updatedAt\n  sample: sample.json\n")
                + "  city: {from: address.city}\n  town: {from: address.town}\n  greeting: {template: \"Hi {nmae}\"}\n";
        ConfigProblem[] problems = load(yaml);
        assertThat(render(problems)).containsExactlyInAnyOrder(
                "15:16 source field 'address.town' is not in the sample sample.json",
                "16:24 source field 'nmae' is not in the sample sample.json");
        assertThat(problems[0].hint()).contains("[id, updatedAt, name, address]");
    }

    @Test
    void aMissingSampleFile() throws Exception {
        assertProblem(BASE.replace("  version: updatedAt\n", "  version: updatedAt\n  sample: nowhere.json\n"),
                "6:11 the sample file nowhere.json does not exist");
    }

    @Test
    void aSoftDeleteWithoutItsColumn() throws Exception {
        assertProblem(BASE + "deletes:\n  policy: soft\n", "14:3 a soft delete needs the column it stamps");
    }

    @Test
    void aMatchColumnThatIsNotMapped() throws Exception {
        assertProblem(BASE + "match: [email]\n", "13:9 match column 'email' is not a mapped target column");
    }

    @Test
    void badRegularExpressions() throws Exception {
        ConfigProblem[] problems = load(BASE + "  code: {from: code, validate: {pattern: \"([a-z\"}}\n"
                + "  kind:\n    when:\n      - if: {field: x, matches: \"[\"}\n        then: y\n");
        assertThat(render(problems)).containsExactlyInAnyOrder(
                "13:42 not a valid regular expression",
                "16:33 not a valid regular expression: Unclosed character class near index 0");
    }

    @Test
    void anOwnerThatIsNeitherSystem() throws Exception {
        assertProblem(BASE + "  tier: {from: tier, owner: erp}\n", "13:29 owner 'erp' is neither system of this pair");
    }

    @Test
    void anUnknownDirection() throws Exception {
        assertProblem(BASE + "  tier: {from: tier, direction: sideways}\n", "13:33 unknown direction 'sideways'");
    }

    @Test
    void otherwiseWithoutAValueMap() throws Exception {
        assertProblem(BASE + "  tier: {from: tier, otherwise: x}\n", "13:33 'otherwise' belongs to a value map");
    }

    @Test
    void conditionsWithNoTestOrTwo() throws Exception {
        ConfigProblem[] problems = load(BASE + "  a:\n    when:\n      - if: {field: x}\n        then: y\n"
                + "  b:\n    when:\n      - if: {field: x, equals: 1, in: [1]}\n        then: y\n");
        assertThat(render(problems)).containsExactly(
                "15:13 a condition needs exactly one test",
                "19:13 a condition needs exactly one test");
    }

    @Test
    void elseThatIsNotLast() throws Exception {
        assertProblem(BASE + "  a:\n    when:\n      - else: z\n      - if: {field: x, equals: 1}\n        then: y\n",
                "15:9 else must be alone and last");
    }

    @Test
    void badNumbersAndLengths() throws Exception {
        ConfigProblem[] problems = load(BASE + "  a: {from: a, validate: {min: lots, max-length: 2.5}}\n");
        assertThat(render(problems)).containsExactlyInAnyOrder(
                "13:32 'lots' is not a number",
                "13:50 a length must be a whole number of characters");
    }

    @Test
    void anUnknownLookupOption() throws Exception {
        assertProblem(BASE + "  acc: {lookup: {pair: accounts, from: accountId, missing: ignore}}\n",
                "13:60 unknown value 'ignore' for missing");
    }

    @Test
    void anUnknownTransformArgumentAndAnUnknownTransform() throws Exception {
        ConfigProblem[] problems = load(BASE + "  phone: {from: phone, transforms: [{phone-e164: {region: GB}}, uppercase]}\n");
        assertThat(render(problems)).containsExactlyInAnyOrder(
                "13:51 'phone-e164' has no argument 'region'",
                "13:65 unknown transform 'uppercase'");
    }

    @Test
    void problemsOfSeveralFilesAreReportedTogether() throws Exception {
        Files.writeString(dir.resolve("p.yaml"), BASE + "  name: {from: other}\n");
        Files.writeString(dir.resolve("q.yaml"), BASE.replace("pair: p", "pair: q").replace("table: t", "table: T T"));
        InvalidMappingException e = catchThrowableOfType(() -> new MappingRegistry(dir), InvalidMappingException.class);
        assertThat(e.getMessage()).contains("p.yaml:13:3: target column 'name' is mapped twice", "q.yaml:8:10: 'T T' is not a plain");
    }

    void assertProblem(String yaml, String expected) throws Exception {
        assertThat(render(load(yaml))).containsExactly(expected);
    }

    ConfigProblem[] load(String yaml) throws Exception {
        Path file = dir.resolve("p.yaml");
        Files.writeString(file, yaml);
        InvalidMappingException e = catchThrowableOfType(() -> MappingLoader.load(file), InvalidMappingException.class);
        assertThat(e).as("expected problems in:\n" + yaml).isNotNull();
        return e.problems().toArray(ConfigProblem[]::new);
    }

    static String[] render(ConfigProblem[] problems) {
        String[] out = new String[problems.length];
        for (int i = 0; i < problems.length; i++) {
            out[i] = problems[i].line() + ":" + problems[i].column() + " " + problems[i].message();
        }
        return out;
    }
}
