package dev.lockstep.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lockstep.cleanup.InvalidRecordException;
import dev.lockstep.cleanup.RecordCleaner;
import dev.lockstep.event.ChangeEvent;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every feature of the mapping language, through the documented example (docs/examples). */
class MappingFeaturesTest {

    static final Path EXAMPLE = Path.of("docs/examples/crm-deals-to-billing.yaml");
    static final RecordMapper.Links LINKS = (pair, id) ->
            pair.equals("crm-accounts-to-billing") && id.equals("A-7") ? Optional.of("ACC-0007") : Optional.empty();

    final Mapping mapping = MappingLoader.load(EXAMPLE);

    @Test
    void theDocumentedExampleMapsTheSampleAsDocumented() throws Exception {
        TargetRow row = map(sample());

        assertThat(row.write()).isEqualTo(TargetRow.Write.UPSERT);
        assertThat(row.values())
                .containsEntry("deal_ref", "D-1")
                .containsEntry("customer_name", "Ada Lovelace")
                .containsEntry("city", "LONDON")
                .containsEntry("title", "Annual licence (Ada Lovelace)")
                .containsEntry("first_word", "Annual")
                .containsEntry("stage", "won")
                .containsEntry("amount", 125000)
                .containsEntry("tier", "enterprise")
                .containsEntry("source_system", "crm")
                .containsEntry("currency", "EUR")
                .containsEntry("owner_email", "sam@example.com")
                .containsEntry("account_ref", "ACC-0007")
                .containsEntry("region", "GB")
                .doesNotContainKeys("notes", "billing_status");
    }

    @Test
    void conditionsAreTriedInOrderAndTemplatesInThemAreFilled() throws Exception {
        Map<String, Object> sample = sample();
        sample.put("amount", 10);
        assertThat(map(sample).values()).containsEntry("tier", "uk-GB");
        @SuppressWarnings("unchecked")
        Map<String, Object> customer = (Map<String, Object>) sample.get("customer");
        customer.put("country", "fr");
        assertThat(map(sample).values()).containsEntry("tier", "standard");
    }

    @Test
    void aValueMissingFromTheValueMapTakesOtherwise() throws Exception {
        Map<String, Object> sample = sample();
        sample.put("stage", "Negotiation");
        assertThat(map(sample).values()).containsEntry("stage", "open");
    }

    @Test
    void aValueMissingFromAValueMapWithoutOtherwiseIsAViolation() throws Exception {
        Mapping.FieldRule strict = new Mapping.FieldRule("stage", new ValueSource.From("stage"),
                Map.of("Closed Won", "won"), false, null, java.util.List.of(), null, java.util.List.of(),
                Mapping.Direction.BOTH, null, 1);
        java.util.List<dev.lockstep.cleanup.Violation> violations = new java.util.ArrayList<>();
        RecordMapper.column(strict, Map.of("stage", "Negotiation"), RecordMapper.Links.NONE, new LinkedHashMap<>(), violations);
        assertThat(violations).singleElement().satisfies(v -> assertThat(v.reason()).contains("'Negotiation' is not in the value map"));
    }

    @Test
    void aMissingLinkIsNullWhenTheRuleSaysSoAndAViolationOtherwise() throws Exception {
        Map<String, Object> sample = sample();
        sample.put("accountId", "A-unknown");
        assertThat(map(sample).values()).containsEntry("account_ref", null);

        Mapping.FieldRule strict = new Mapping.FieldRule("account_ref", new ValueSource.Lookup("accounts", "accountId", false),
                Map.of(), false, null, java.util.List.of(), null, java.util.List.of(), Mapping.Direction.BOTH, null, 1);
        java.util.List<dev.lockstep.cleanup.Violation> violations = new java.util.ArrayList<>();
        RecordMapper.column(strict, sample, LINKS, new LinkedHashMap<>(), violations);
        assertThat(violations).singleElement().satisfies(v ->
                assertThat(v.reason()).isEqualTo("no record linked to accountId=A-unknown in pair accounts"));
    }

    @Test
    void everyFailedValidationIsReportedWithItsValue() throws Exception {
        Map<String, Object> sample = sample();
        sample.put("amount", -5);
        sample.put("title", "x".repeat(130));
        sample.put("owner", Map.of("email", "sam@elsewhere.org"));
        @SuppressWarnings("unchecked")
        Map<String, Object> customer = (Map<String, Object>) sample.get("customer");
        customer.put("country", "JP");

        InvalidRecordException e = catchThrowableOfType(() -> map(sample), InvalidRecordException.class);

        assertThat(e.violations()).extracting(v -> v.field() + ": " + v.reason()).containsExactlyInAnyOrder(
                "title: is longer than 120 characters",
                "amount: is less than the minimum 0",
                "owner_email: does not match the pattern .+@example\\.com",
                "region: is not one of [GB, IE, FR, DE, US]");
        assertThat(e.violations()).anySatisfy(v -> assertThat(v.value()).isEqualTo(-5));
    }

    @Test
    void aHardDeleteWritesOnlyTheKey() throws Exception {
        Map<String, Object> sample = sample();
        ChangeEvent delete = new ChangeEvent("e-2", mapping.pair(), "crm", "deal", "D-1", ChangeEvent.Operation.DELETE,
                sample, Instant.parse("2026-11-26T11:00:00Z"), Instant.now());
        TargetRow row = RecordMapper.map(mapping, RecordCleaner.clean(mapping, delete), LINKS);
        assertThat(row.write()).isEqualTo(TargetRow.Write.HARD_DELETE);
        assertThat(row.values()).containsOnlyKeys("deal_ref");
    }

    @Test
    void directionsAndOwnersAreRead() {
        assertThat(mapping.fields().get("notes").direction()).isEqualTo(Mapping.Direction.NONE);
        assertThat(mapping.fields().get("billing_status").direction()).isEqualTo(Mapping.Direction.TARGET_TO_SOURCE);
        assertThat(mapping.fields().get("billing_status").owner()).isEqualTo("billing");
        assertThat(mapping.fields().get("amount").flowsToTarget()).isTrue();
        assertThat(mapping.match()).containsExactly("deal_ref");
        assertThat(mapping.fields().get("amount").validations()).singleElement()
                .isEqualTo(new Validation.Range(BigDecimal.ZERO, new BigDecimal("1000000")));
    }

    TargetRow map(Map<String, Object> fields) {
        ChangeEvent event = new ChangeEvent("e-1", mapping.pair(), "crm", "deal", String.valueOf(fields.get("id")),
                ChangeEvent.Operation.UPSERT, fields, Instant.parse("2026-11-26T10:00:00Z"), Instant.now());
        return RecordMapper.map(mapping, RecordCleaner.clean(mapping, event), LINKS);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> sample() throws Exception {
        return deepCopy(new ObjectMapper().readValue(Path.of("docs/examples/crm-deal.json").toFile(), Map.class));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> deepCopy(Map<String, Object> map) {
        Map<String, Object> copy = new HashMap<>();
        map.forEach((k, v) -> copy.put(k, v instanceof Map<?, ?> m ? deepCopy((Map<String, Object>) m) : v));
        return copy;
    }
}
