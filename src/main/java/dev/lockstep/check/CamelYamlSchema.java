package dev.lockstep.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import com.networknt.schema.path.NodePath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Camel's published YAML DSL JSON Schema ({@code schema/camelYamlDsl.json}, shipped inside the
 * camel-yaml-dsl jar), compiled once per JVM: it is about 800 KB and compiling it is the slow part
 * of checking route files.
 *
 * <p>The schema is made as lenient as Camel itself on scalar types, and no more: Camel's model
 * fields are text that it converts (after resolving {@code {{placeholders}}}) when a route starts,
 * so {@code skipDuplicate: "false"}, {@code maximumRedeliveries: "{{retries:3}}"} and
 * {@code redeliveryDelay: 200} all run, although the published schema types them strictly
 * (boolean, number, string). Values Camel would reject (such as {@code disabled: "maybe"}) are
 * still reported.
 */
public final class CamelYamlSchema {

    /** Where camel-yaml-dsl ships its schema on the classpath. */
    public static final String RESOURCE = "schema/camelYamlDsl.json";

    /** Text Camel converts to a boolean, or a placeholder it resolves first. */
    static final String BOOLEAN_TEXT = "^\\s*([Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee])\\s*$|\\{\\{";
    /** Text Camel converts to a number, or a placeholder it resolves first. */
    static final String NUMBER_TEXT = "^\\s*[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?\\s*$|\\{\\{";

    private final JsonNode document;
    private final Schema schema;

    private CamelYamlSchema(JsonNode document, Schema schema) {
        this.document = document;
        this.schema = schema;
    }

    /** The compiled schema, loaded on first use. */
    public static CamelYamlSchema get() {
        return Holder.INSTANCE;
    }

    private static final class Holder {
        static final CamelYamlSchema INSTANCE = load();
    }

    private static CamelYamlSchema load() {
        ClassLoader loader = CamelYamlSchema.class.getClassLoader();
        JsonNode document;
        try (InputStream in = loader.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Camel's YAML DSL schema " + RESOURCE
                        + " is not on the classpath (it ships in org.apache.camel:camel-yaml-dsl)");
            }
            document = new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
        relaxScalarTypes(document);
        // Camel marks options "deprecated", a keyword draft 4 does not know; it is documentation, not a rule.
        Dialect draft4 = Dialect.builder(Dialects.getDraft4()).keyword(new NonValidationKeyword("deprecated")).build();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(draft4);
        Schema schema = registry.getSchema(SchemaLocation.of("classpath:" + RESOURCE), document);
        // Resolve every $ref now, so the first file checked does not pay for it and a broken schema fails here.
        schema.initializeValidators();
        return new CamelYamlSchema(document, schema);
    }

    /** Every schema error of one parsed route file (a JSON view of its YAML). */
    public List<Error> validate(JsonNode routeFile) {
        return schema.validate(routeFile);
    }

    /** The part of the (relaxed) schema document at a JSON pointer such as {@code /items/definitions/x}; missing node if none. */
    JsonNode at(NodePath pointer) {
        JsonNode node = document;
        for (int i = 0; i < pointer.getNameCount() && node != null; i++) {
            Object element = pointer.getElement(i);
            node = element instanceof Integer index ? node.get(index) : node.get(element.toString());
        }
        return node == null ? MissingNode.getInstance() : node;
    }

    /** Whether {@code pattern} is one of the two patterns this class adds, and for which type. */
    static String relaxedTypeOf(String pattern) {
        if (BOOLEAN_TEXT.equals(pattern)) {
            return "boolean";
        }
        if (NUMBER_TEXT.equals(pattern)) {
            return "number";
        }
        return null;
    }

    /**
     * Rewrites {@code "type": "boolean" | "number" | "integer" | "string"} in place: a boolean or number
     * may also be written as text that converts (or a placeholder), and text may be written as a
     * plain number or boolean. Only {@code type} keywords whose value is a single type name are
     * rewritten; a property that happens to be named "type" has an object value and is left alone.
     */
    static void relaxScalarTypes(JsonNode node) {
        if (node instanceof ObjectNode object) {
            JsonNode type = object.get("type");
            if (type != null && type.isTextual()) {
                switch (type.asText()) {
                    case "boolean" -> textMayStandFor(object, "boolean", BOOLEAN_TEXT);
                    case "number", "integer" -> textMayStandFor(object, type.asText(), NUMBER_TEXT);
                    case "string" -> {
                        ArrayNode types = object.putArray("type");
                        types.add("string").add("number").add("boolean");
                    }
                    default -> { }
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                relaxScalarTypes(it.next().getValue());
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(CamelYamlSchema::relaxScalarTypes);
        }
    }

    private static void textMayStandFor(ObjectNode object, String type, String pattern) {
        if (object.has("pattern")) {
            return; // never replace a constraint of Camel's own
        }
        object.putArray("type").add(type).add("string");
        // In draft 4, "pattern" applies to strings only, so a real boolean or number is unaffected.
        object.put("pattern", pattern);
    }
}
