package dev.lockstep.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import dev.lockstep.mapping.TwoWayMapping.Connector;
import dev.lockstep.resolve.FieldPolicy;
import dev.lockstep.resolve.Rule;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A two-way system given by {@code object:} is a Salesforce sObject: Salesforce API names are taken there, and only there. */
class SalesforceMappingTest {

    static final Path SHIPPED = Path.of("mappings/salesforce-and-billing.yaml");

    @TempDir
    Path dir;

    @Test
    void theShippedMappingLoadsWithASalesforceSide() {
        TwoWayMapping m = TwoWayMappingLoader.load(SHIPPED);
        TwoWayMapping.SystemTable sf = m.system("salesforce");
        assertThat(sf).isEqualTo(new TwoWayMapping.SystemTable("salesforce", "Contact", "Billing_Customer_Ref__c", "SystemModstamp",
                "IsDeleted", Connector.SALESFORCE));
        assertThat(m.system("billing").connector()).isEqualTo(Connector.JDBC);
        assertThat(m.fields().get(0).column("salesforce")).isEqualTo("FirstName");
        assertThat(m.fields().get(0).column("billing")).isEqualTo("first_name");
        assertThat(m.policies()).contains(FieldPolicy.owner("last_name", "salesforce"), FieldPolicy.owner("billing_city", "billing"),
                FieldPolicy.of("email", Rule.LATEST));
    }

    @Test
    void apiNamesAreRefusedOnADatabaseSideAndMalformedOnesOnASalesforceSide() throws Exception {
        String text = Files.readString(SHIPPED)
                .replace("columns: {salesforce: MailingCity}", "columns: {salesforce: Mailing-City, billing: BillingCity}");
        Path file = Files.writeString(dir.resolve("salesforce-and-billing.yaml"), text);
        InvalidMappingException e = catchThrowableOfType(InvalidMappingException.class, () -> TwoWayMappingLoader.load(file));
        assertThat(e.getMessage()).contains("field 'Mailing-City' of billing_city is not a Salesforce API name")
                .contains("column 'BillingCity' of billing_city is not a plain lower-case SQL name");
    }

    @Test
    void theSchemaAcceptsTheShippedFileAndRefusesTableWithObject() throws Exception {
        Schema schema = SchemaRegistry.withDefaultDialect(Dialects.getDraft7()).getSchema(
                SchemaLocation.of("https://lockstep.dev/schema/two-way-mapping.schema.json"),
                MappingSchemaTest.JSON.readTree(Path.of("mappings/two-way-mapping.schema.json").toFile()));
        String good = Files.readString(SHIPPED);
        assertThat(schema.validate(MappingSchemaTest.yaml(good))).isEmpty();
        assertThat(schema.validate(MappingSchemaTest.yaml(good.replace("    object: Contact\n", "    object: Contact\n    table: contact\n"))))
                .isNotEmpty();
    }
}
