package dev.lockstep.mapping;

import dev.lockstep.check.ConfigProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lockstep.cleanup.InvalidRecordException;
import dev.lockstep.event.ChangeEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappingLoaderTest {

    @TempDir
    Path dir;

    @Test
    void theShippedMappingLoadsAndMapsTheSampleEvent() {
        Mapping mapping = MappingLoader.load(Path.of("mappings/crm-to-billing.yaml"));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", "C-100");
        fields.put("email", " Ada@Example.COM ");
        fields.put("firstName", "Ada");
        fields.put("lastName", "Lovelace");
        fields.put("phone", "020 7946 0958");
        fields.put("country", "GB");
        fields.put("updatedAt", "2026-11-26T10:00:00Z");
        ChangeEvent event = new ChangeEvent("e-1", "crm-to-billing", "crm", "contact", "C-100", ChangeEvent.Operation.UPSERT,
                fields, Instant.parse("2026-11-26T10:00:00Z"), Instant.now());

        TargetRow row = RecordMapper.map(mapping, dev.lockstep.cleanup.RecordCleaner.clean(mapping, event));

        assertThat(row.write()).isEqualTo(TargetRow.Write.UPSERT);
        assertThat(row.values()).containsEntry("customer_ref", "C-100").containsEntry("email", "ada@example.com")
                .containsEntry("full_name", "Ada Lovelace").containsEntry("phone", "+442079460958")
                .containsEntry("crm_updated_at", Instant.parse("2026-11-26T10:00:00Z")).containsEntry("deleted_at", null);
    }

    @Test
    void aNameWithOnlyOnePartHasNoStraySpace() {
        Mapping mapping = MappingLoader.load(Path.of("mappings/crm-to-billing.yaml"));
        ChangeEvent event = new ChangeEvent("e-1", "crm-to-billing", "crm", "contact", "C-1", ChangeEvent.Operation.UPSERT,
                Map.of("id", "C-1", "lastName", "Lovelace", "updatedAt", "2026-11-26T10:00:00Z"), Instant.now(), Instant.now());
        assertThat(RecordMapper.map(mapping, event).values()).containsEntry("full_name", "Lovelace");
    }

    @Test
    void everyProblemIsReportedAtOnceWithItsLineAndColumn() throws Exception {
        Path file = dir.resolve("crm-to-billing.yaml");
        Files.writeString(file, """
                pair: crm-to-billing
                source:
                  system: crm
                  id: id
                  version: updatedAt
                  colour: blue
                target:
                  system: billing
                  table: billing customer
                  key: customer_ref
                cleanup:
                  email: [trim, shout]
                  phone:
                    - phone-e164: {region: GB}
                fields:
                  email: {from: email}
                  full_name: {from: name, template: "{a}"}
                deletes:
                  policy: sometimes
                """);

        InvalidMappingException e = catchThrowableOfType(() -> MappingLoader.load(file), InvalidMappingException.class);

        assertThat(e.problems()).extracting(p -> p.line() + ":" + p.column() + " " + p.message()).containsExactlyInAnyOrder(
                "6:3 unknown key 'source.colour'",
                "9:10 'billing customer' is not a plain lower-case SQL name",
                "12:17 unknown transform 'shout'",
                "14:20 'phone-e164' has no argument 'region'",
                "17:14 the rule for 'full_name' needs exactly one of from, template, constant, when or lookup (has from, template)",
                "19:11 unknown delete policy 'sometimes'",
                "16:3 the target key column 'customer_ref' is not mapped");
        assertThat(e.getMessage()).contains("crm-to-billing.yaml:12:17: unknown transform 'shout' (fix: known transforms:");
    }

    @Test
    void aFileWhosePairDiffersFromItsNameIsRefused() throws Exception {
        Path file = dir.resolve("a-to-b.yaml");
        Files.writeString(file, Files.readString(Path.of("mappings/crm-to-billing.yaml")).replace("  sample: samples/crm-contact.json", ""));
        InvalidMappingException e = catchThrowableOfType(() -> MappingLoader.load(file), InvalidMappingException.class);
        assertThat(e.problems()).singleElement().extracting(ConfigProblem::message)
                .isEqualTo("pair 'crm-to-billing' does not match the file name");
    }

    @Test
    void yamlSyntaxErrorsArePositioned() throws Exception {
        Path file = dir.resolve("crm-to-billing.yaml");
        Files.writeString(file, "pair: crm-to-billing\nsource: [unclosed\n");
        InvalidMappingException e = catchThrowableOfType(() -> MappingLoader.load(file), InvalidMappingException.class);
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.message()).startsWith("not valid YAML");
            assertThat(p.line()).isEqualTo(3);
        });
    }

    @Test
    void transformFailuresInTheMapStepAreViolationsNamingTheColumn() throws Exception {
        Path file = dir.resolve("p.yaml");
        Files.writeString(file, """
                pair: p
                source: {system: s, id: id, version: v}
                target: {system: t, table: t, key: k}
                fields:
                  k: {from: id}
                  at: {from: when, transforms: [timestamp]}
                """);
        Mapping mapping = MappingLoader.load(file);
        ChangeEvent event = new ChangeEvent("e", "p", "s", null, "1", ChangeEvent.Operation.UPSERT,
                Map.of("id", "1", "when", "soon"), Instant.now(), Instant.now());
        InvalidRecordException e = catchThrowableOfType(() -> RecordMapper.map(mapping, event), InvalidRecordException.class);
        assertThat(e.violations()).extracting(v -> v.field() + "=" + v.value()).isEqualTo(List.of("at=soon"));
    }
}
