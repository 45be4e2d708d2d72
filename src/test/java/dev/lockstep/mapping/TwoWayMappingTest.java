package dev.lockstep.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import dev.lockstep.mapping.TwoWayMapping.FieldType;
import dev.lockstep.resolve.DeleteVsEdit;
import dev.lockstep.resolve.FieldPolicy;
import dev.lockstep.resolve.Rule;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two-way mapping format: the shipped file loads as documented; mistakes are reported with file and line; the schema agrees. */
class TwoWayMappingTest {

    static final Path SHIPPED = Path.of("mappings/storefront-and-warehouse.yaml");

    @TempDir
    Path dir;

    @Test
    void theShippedMappingLoads() {
        assertThat(TwoWayMappingLoader.isTwoWay(SHIPPED)).isTrue();
        assertThat(TwoWayMappingLoader.isTwoWay(Path.of("mappings/crm-to-billing.yaml"))).isFalse();
        TwoWayMapping m = TwoWayMappingLoader.load(SHIPPED);
        assertThat(m.left().system()).isEqualTo("storefront");
        assertThat(m.right().updatedAt()).isEqualTo("modified_at");
        assertThat(m.policies()).containsExactly(FieldPolicy.owner("name", "storefront"), FieldPolicy.owner("price", "storefront"),
                FieldPolicy.owner("bin_location", "warehouse"), FieldPolicy.of("quantity", Rule.COUNTER), FieldPolicy.of("barcode", Rule.MANUAL));
        assertThat(m.fields().get(3).type()).isEqualTo(FieldType.INTEGER);
        assertThat(m.fields().get(3).column("warehouse")).isEqualTo("on_hand");
        assertThat(m.fields().get(3).column("storefront")).isEqualTo("quantity");
        assertThat(m.deletes()).isEqualTo(new TwoWayMapping.Deletes(TwoWayMapping.Deletes.Policy.SOFT, DeleteVsEdit.EDIT_WINS));
    }

    @Test
    void theRegistryKeepsTwoWayPairsApartFromOneWayOnes() {
        MappingRegistry registry = new MappingRegistry(Path.of("mappings"));
        assertThat(registry.all()).containsKey("crm-to-billing").doesNotContainKey("storefront-and-warehouse");
        assertThat(registry.twoWay("storefront-and-warehouse").pair()).isEqualTo("storefront-and-warehouse");
    }

    @Test
    void everyMistakeIsReportedWithItsLine() throws Exception {
        Path file = dir.resolve("shop-and-stock.yaml");
        Files.writeString(file, """
                pair: shop-and-stock
                systems:
                  shop: {table: product, key: sku, updated-at: updated_at, deleted: deleted_at}
                  stock: {table: stock, key: sku, updated-at: modified_at}
                fields:
                  name: {owner: warehouse}
                  quantity: {conflict: counter}
                  price: {conflict: sometimes}
                  sku: {}
                  colour: {shade: blue}
                deletes: {policy: soft}
                """);
        InvalidMappingException e = catchThrowableOfType(() -> TwoWayMappingLoader.load(file), InvalidMappingException.class);
        assertThat(e.problems()).extracting(p -> p.line() + ": " + p.message()).containsExactlyInAnyOrder(
                "6: owner 'warehouse' is not one of the pair's systems",
                "7: a counter field must be a number",
                "8: unknown conflict policy 'sometimes'",
                "9: field 'sku' is shop's key, modified-at or delete column",
                "9: field 'sku' is stock's key, modified-at or delete column",
                "10: unknown key 'fields.colour.shade'",
                "11: soft deletes need a delete column on stock");
        assertThat(e.getMessage()).contains("shop-and-stock.yaml:6:");
    }

    @Test
    void thePublishedSchemaAcceptsTheShippedFileAndFlagsMistakes() throws Exception {
        Schema schema = SchemaRegistry.withDefaultDialect(Dialects.getDraft7()).getSchema(
                SchemaLocation.of("https://lockstep.dev/schema/two-way-mapping.schema.json"),
                MappingSchemaTest.JSON.readTree(Path.of("mappings/two-way-mapping.schema.json").toFile()));
        String good = Files.readString(SHIPPED);
        assertThat(schema.validate(yaml(good))).isEmpty();
        assertThat(schema.validate(yaml(good.replace("conflict: manual", "conflict: sometimes")))).isNotEmpty();
        assertThat(schema.validate(yaml(good.replace("    conflict: counter\n    type: integer\n", "    conflict: counter\n")))).isNotEmpty();
        assertThat(schema.validate(yaml(good.replace("policy: soft", "policy: gently")))).isNotEmpty();
    }

    private static JsonNode yaml(String text) {
        return MappingSchemaTest.yaml(text);
    }
}
