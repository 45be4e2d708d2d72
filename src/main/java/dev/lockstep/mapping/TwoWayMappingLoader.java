package dev.lockstep.mapping;

import dev.lockstep.mapping.TwoWayMapping.Connector;
import dev.lockstep.mapping.TwoWayMapping.Deletes;
import dev.lockstep.mapping.TwoWayMapping.FieldType;
import dev.lockstep.mapping.TwoWayMapping.SyncField;
import dev.lockstep.mapping.TwoWayMapping.SystemTable;
import dev.lockstep.resolve.DeleteVsEdit;
import dev.lockstep.resolve.FieldPolicy;
import dev.lockstep.resolve.Rule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads a two-way mapping file (one with a top-level {@code systems:} section instead of
 * {@code source:}/{@code target:}) and checks it, collecting every problem with its line and column,
 * like {@link MappingLoader}.
 */
public final class TwoWayMappingLoader extends MappingFileReader {

    private static final Pattern SYSTEM = Pattern.compile("[a-z][a-z0-9-]*");
    private static final Set<String> TOP_KEYS = Set.of("pair", "systems", "fields", "deletes");
    private static final Set<String> SYSTEM_KEYS = Set.of("table", "object", "key", "updated-at", "deleted");
    // Salesforce API names (Contact, Billing_Ref__c, SystemModstamp): letters, digits, underscores.
    private static final Pattern API_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final Set<String> FIELD_KEYS = Set.of("owner", "conflict", "type", "columns");
    private static final Set<String> DELETE_KEYS = Set.of("policy", "delete-vs-edit");


    private TwoWayMappingLoader(Path file) {
        super(file);
    }

    /** Whether {@code file} is a two-way mapping: a YAML map with a top-level {@code systems} key. */
    public static boolean isTwoWay(Path file) {
        return isTwoWay(compose(file, new ArrayList<>()));
    }

    /** Whether a mapping file's root (already read) is a two-way mapping. */
    static boolean isTwoWay(Node root) {
        return root instanceof MappingNode top && top.getValue().stream().anyMatch(t -> "systems".equals(scalar(t.getKeyNode())));
    }

    /** Loads {@code file}; throws {@link InvalidMappingException} listing every problem found. */
    public static TwoWayMapping load(Path file) {
        return load(file, composeOrThrow(file));
    }

    /** Loads a file whose YAML was already read. */
    static TwoWayMapping load(Path file, Node root) {
        TwoWayMappingLoader loader = new TwoWayMappingLoader(file);
        TwoWayMapping mapping = loader.read(root);
        loader.throwProblems();
        return mapping;
    }

    private TwoWayMapping read(Node root) {
        if (!(root instanceof MappingNode top)) {
            problem(root, "is empty or not a map of keys", "start from mappings/storefront-and-warehouse.yaml");
            return null;
        }
        Map<String, Node> keys = entries(top, TOP_KEYS, "");
        String pair = text(keys.get("pair"));
        String expected = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        if (pair == null) {
            problem(top, "the key 'pair' is missing", "add pair: " + expected);
        } else if (!pair.equals(expected)) {
            problem(keys.get("pair"), "pair '" + pair + "' does not match the file name",
                    "name the file " + pair + ".yaml or set pair: " + expected);
        }
        List<SystemTable> systems = systems(top, keys.get("systems"));
        Deletes deletes = deletes(keys.get("deletes"), systems);
        List<SyncField> fields = fields(top, keys.get("fields"), systems);
        return new TwoWayMapping(file, pair, systems, fields, deletes);
    }

    private List<SystemTable> systems(Node parent, Node node) {
        List<SystemTable> systems = new ArrayList<>();
        if (!(node instanceof MappingNode map) || map.getValue().size() != 2) {
            problem(node == null ? parent : node, "systems must name exactly two systems",
                    "e.g. systems: {storefront: {table: ..., key: sku, updated-at: updated_at}, warehouse: {...}}");
            return systems;
        }
        for (NodeTuple t : map.getValue()) {
            String name = scalar(t.getKeyNode());
            if (name == null || !SYSTEM.matcher(name).matches()) {
                problem(t.getKeyNode(), "system name '" + name + "' is not a plain lower-case name", "e.g. warehouse");
                continue;
            }
            if (!(t.getValueNode() instanceof MappingNode table)) {
                problem(t.getValueNode(), "system " + name + " must be a map", "give table, key and updated-at");
                continue;
            }
            Map<String, Node> keys = entries(table, SYSTEM_KEYS, "systems." + name + ".");
            if (keys.containsKey("object")) {
                if (keys.containsKey("table")) {
                    problem(keys.get("table"), "system " + name + " has both table and object", "keep table (a database) or object (Salesforce)");
                }
                systems.add(new SystemTable(name, apiName(table, keys, "object", true), apiName(table, keys, "key", true),
                        apiName(table, keys, "updated-at", true), apiName(table, keys, "deleted", false), Connector.SALESFORCE));
                continue;
            }
            systems.add(new SystemTable(name, identifier(table, keys, "table", true), identifier(table, keys, "key", true),
                    identifier(table, keys, "updated-at", true), identifier(table, keys, "deleted", false)));
        }
        return systems;
    }

    private String apiName(Node parent, Map<String, Node> keys, String key, boolean required) {
        String value = required ? requiredText(parent, keys, key) : text(keys.get(key));
        if (value != null && !API_NAME.matcher(value).matches()) {
            problem(keys.get(key), "'" + value + "' is not a Salesforce API name", "use letters, digits and underscores, e.g. Billing_Ref__c");
            return null;
        }
        return value;
    }

    private List<SyncField> fields(Node parent, Node node, List<SystemTable> systems) {
        List<SyncField> fields = new ArrayList<>();
        if (!(node instanceof MappingNode map) || map.getValue().isEmpty()) {
            problem(node == null ? parent : node, "fields must map the synced fields to their policies",
                    "e.g. fields: {name: {owner: storefront}, quantity: {conflict: counter, type: integer}}");
            return fields;
        }
        List<String> systemNames = systems.stream().map(SystemTable::system).toList();
        for (NodeTuple t : map.getValue()) {
            String name = scalar(t.getKeyNode());
            if (name == null || !IDENTIFIER.matcher(name).matches()) {
                problem(t.getKeyNode(), "field '" + name + "' is not a plain lower-case SQL name", "use letters, digits and underscores");
                continue;
            }
            if (fields.stream().anyMatch(f -> f.name().equals(name))) {
                problem(t.getKeyNode(), "field '" + name + "' is listed twice", "keep one entry per field");
                continue;
            }
            Map<String, Node> keys = t.getValueNode() instanceof MappingNode rule
                    ? entries(rule, FIELD_KEYS, "fields." + name + ".") : Map.of();
            if (!(t.getValueNode() instanceof MappingNode) && !isEmpty(t.getValueNode())) {
                problem(t.getValueNode(), "the entry for '" + name + "' must be a map", "e.g. {owner: storefront} or {conflict: latest}");
                continue;
            }
            FieldPolicy policy = policy(name, keys, systemNames, t.getKeyNode());
            FieldType type = FieldType.TEXT;
            if (keys.containsKey("type")) {
                type = FieldType.of(String.valueOf(text(keys.get("type"))));
                if (type == null) {
                    problem(keys.get("type"), "unknown type '" + text(keys.get("type")) + "'", "one of text, decimal, integer");
                    type = FieldType.TEXT;
                }
            }
            if (policy != null && policy.rule() == Rule.COUNTER && type == FieldType.TEXT) {
                problem(t.getKeyNode(), "a counter field must be a number", "add type: integer (or decimal)");
            }
            Map<String, String> columns = columns(name, keys.get("columns"), systems);
            for (SystemTable s : systems) {
                String column = columns.getOrDefault(s.system(), name);
                if (column.equals(s.key()) || column.equals(s.updatedAt()) || column.equals(s.deleted())) {
                    problem(t.getKeyNode(), "field '" + name + "' is " + s.system() + "'s key, modified-at or delete column",
                            "those are read by Lockstep itself; sync other columns");
                }
            }
            if (policy != null) {
                fields.add(new SyncField(name, policy, type, columns, t.getKeyNode().getStartMark().getLine() + 1));
            }
        }
        return fields;
    }

    private FieldPolicy policy(String field, Map<String, Node> keys, List<String> systems, Node where) {
        String owner = text(keys.get("owner"));
        String conflict = text(keys.get("conflict"));
        if (owner != null && !systems.contains(owner)) {
            problem(keys.get("owner"), "owner '" + owner + "' is not one of the pair's systems", "one of " + systems);
            return null;
        }
        if (conflict == null) {
            return owner != null ? FieldPolicy.owner(field, owner) : FieldPolicy.of(field, Rule.LATEST);
        }
        Rule rule = Rule.of(conflict.toLowerCase(Locale.ROOT));
        if (rule == null) {
            problem(keys.get("conflict"), "unknown conflict policy '" + conflict + "'", "one of owner, latest, counter, manual");
            return null;
        }
        if (rule == Rule.OWNER && owner == null) {
            problem(keys.get("conflict"), "conflict: owner needs the owning system", "add owner: <system>");
            return null;
        }
        if (rule != Rule.OWNER && owner != null) {
            problem(keys.get("owner"), "owner is given but the conflict policy is " + conflict, "drop owner, or use conflict: owner");
            return null;
        }
        return rule == Rule.OWNER ? FieldPolicy.owner(field, owner) : FieldPolicy.of(field, rule);
    }

    private Map<String, String> columns(String field, Node node, List<SystemTable> systemTables) {
        List<String> systems = systemTables.stream().map(SystemTable::system).toList();
        Map<String, String> columns = new LinkedHashMap<>();
        if (node == null) {
            return columns;
        }
        if (!(node instanceof MappingNode map)) {
            problem(node, "columns must map a system to its column name", "e.g. columns: {warehouse: item_name}");
            return columns;
        }
        for (NodeTuple t : map.getValue()) {
            String system = scalar(t.getKeyNode());
            String column = text(t.getValueNode());
            if (!systems.contains(system)) {
                problem(t.getKeyNode(), "'" + system + "' is not one of the pair's systems", "one of " + systems);
            } else if (column != null && salesforce(systemTables, system)) {
                if (API_NAME.matcher(column).matches()) {
                    columns.put(system, column);
                } else {
                    problem(t.getValueNode(), "field '" + column + "' of " + field + " is not a Salesforce API name",
                            "use letters, digits and underscores, e.g. MailingStreet");
                }
            } else if (column == null || !IDENTIFIER.matcher(column).matches()) {
                problem(t.getValueNode(), "column '" + column + "' of " + field + " is not a plain lower-case SQL name",
                        "use letters, digits and underscores");
            } else {
                columns.put(system, column);
            }
        }
        return columns;
    }

    private static boolean salesforce(List<SystemTable> systems, String system) {
        return systems.stream().anyMatch(s -> s.system().equals(system) && s.connector() == Connector.SALESFORCE);
    }

    private Deletes deletes(Node node, List<SystemTable> systems) {
        if (node == null) {
            return new Deletes(Deletes.Policy.SOFT, DeleteVsEdit.EDIT_WINS);
        }
        if (!(node instanceof MappingNode map)) {
            problem(node, "deletes must be a map", "e.g. deletes: {policy: soft, delete-vs-edit: edit-wins}");
            return new Deletes(Deletes.Policy.SOFT, DeleteVsEdit.EDIT_WINS);
        }
        Map<String, Node> keys = entries(map, DELETE_KEYS, "deletes.");
        Deletes.Policy policy = Deletes.Policy.SOFT;
        String p = text(keys.get("policy"));
        if (p != null) {
            try {
                policy = Deletes.Policy.valueOf(p.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problem(keys.get("policy"), "unknown delete policy '" + p + "'", "one of soft, hard, ignore");
            }
        }
        DeleteVsEdit vs = DeleteVsEdit.EDIT_WINS;
        String v = text(keys.get("delete-vs-edit"));
        if (v != null) {
            try {
                vs = DeleteVsEdit.valueOf(v.toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                problem(keys.get("delete-vs-edit"), "unknown value '" + v + "'", "edit-wins (the default) or delete-wins");
            }
        }
        if (policy == Deletes.Policy.SOFT) {
            for (SystemTable s : systems) {
                if (s.deleted() == null) {
                    problem(node, "soft deletes need a delete column on " + s.system(), "add deleted: <column> to systems." + s.system());
                }
            }
        }
        return new Deletes(policy, vs);
    }

    private static boolean isEmpty(Node node) {
        return node instanceof ScalarNode s && (s.getValue() == null || s.getValue().isBlank());
    }

}
