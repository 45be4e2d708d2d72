package dev.lockstep.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The published JSON Schema (mappings/mapping.schema.json) agrees with the mapping files Lockstep accepts. */
class MappingSchemaTest {

    static final ObjectMapper JSON = new ObjectMapper();

    final Schema schema = load();

    @Test
    void theShippedMappingsAndTheDocumentedExampleValidate() throws Exception {
        for (Path file : List.of(Path.of("mappings/crm-to-billing.yaml"), Path.of("mappings/crm-to-email.yaml"),
                Path.of("docs/examples/crm-deals-to-billing.yaml"))) {
            assertThat(schema.validate(yaml(Files.readString(file)))).as(file.toString()).isEmpty();
            MappingLoader.load(file); // and Lockstep accepts them too
        }
    }

    @Test
    void whatLockstepRefusesTheSchemaFlagsToo() throws Exception {
        String good = Files.readString(Path.of("mappings/crm-to-billing.yaml"));
        assertThat(schema.validate(yaml(good.replace("policy: soft", "policy: sometimes")))).isNotEmpty();
        assertThat(schema.validate(yaml(good.replace("email: [trim, lower, email]", "email: [trim, shout]")))).isNotEmpty();
        assertThat(schema.validate(yaml(good.replace("pair: crm-to-billing", "pair: crm-to-billing\ncolour: blue")))).isNotEmpty();
        assertThat(schema.validate(yaml(good.replace("  phone: {from: phone}", "  phone: {from: phone, constant: x}")))).isNotEmpty();
    }

    static JsonNode yaml(String text) {
        return JSON.valueToTree(new Yaml().load(text));
    }

    static Schema load() {
        try {
            JsonNode document = JSON.readTree(Path.of("mappings/mapping.schema.json").toFile());
            return SchemaRegistry.withDefaultDialect(Dialects.getDraft7())
                    .getSchema(SchemaLocation.of("https://lockstep.dev/schema/mapping.schema.json"), document);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

}
