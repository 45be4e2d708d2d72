package dev.lockstep.mapping;

import dev.lockstep.check.ConfigProblem;
import dev.lockstep.mapping.Mapping.Deletes;
import dev.lockstep.mapping.Mapping.FieldRule;
import dev.lockstep.mapping.Mapping.Source;
import dev.lockstep.mapping.Mapping.Target;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a mapping file and checks it, collecting every problem with its line and column so one
 * restart shows them all. Works on SnakeYAML's node tree (not plain maps) to keep positions.
 */
public final class MappingLoader {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");
    private static final Pattern TEMPLATE_FIELD = Pattern.compile("\\{([^{}]+)}");
    private static final Set<String> TOP_KEYS = Set.of("pair", "source", "target", "cleanup", "fields", "deletes");
    private static final Set<String> SOURCE_KEYS = Set.of("system", "entity", "event-id", "id", "version", "deleted");
    private static final Set<String> TARGET_KEYS = Set.of("system", "table", "key", "synced-at");
    private static final Set<String> FIELD_KEYS = Set.of("from", "template", "transforms");
    private static final Set<String> DELETE_KEYS = Set.of("policy", "column");

    private final Path file;
    private final List<ConfigProblem> problems = new ArrayList<>();

    private MappingLoader(Path file) {
        this.file = file;
    }

    /** Loads {@code file}; throws {@link InvalidMappingException} listing every problem found. */
    public static Mapping load(Path file) {
        MappingLoader loader = new MappingLoader(file);
        Mapping mapping = loader.read();
        if (!loader.problems.isEmpty()) {
            throw new InvalidMappingException(loader.problems);
        }
        return mapping;
    }

    private Mapping read() {
        Node root;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = new Yaml(new LoaderOptions()).compose(reader);
        } catch (MarkedYAMLException e) {
            problems.add(new ConfigProblem(file, e.getProblemMark().getLine() + 1, e.getProblemMark().getColumn() + 1,
                    "not valid YAML: " + e.getProblem(), "fix the YAML syntax at this position"));
            return null;
        } catch (IOException e) {
            problems.add(new ConfigProblem(file, 0, 0, "cannot be read: " + e.getMessage(), "check the file exists and is readable"));
            return null;
        }
        if (!(root instanceof MappingNode top)) {
            problem(root, "is empty or not a map of keys", "start from an existing file in mappings/");
            return null;
        }
        Map<String, Node> keys = entries(top, TOP_KEYS, "");
        String pair = requiredText(top, keys, "pair");
        String expected = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        if (pair != null && !pair.equals(expected)) {
            problem(keys.get("pair"), "pair '" + pair + "' does not match the file name",
                    "name the file " + pair + ".yaml or set pair: " + expected);
        }
        Source source = source(top, keys.get("source"));
        Target target = target(top, keys.get("target"));
        Map<String, List<Transform>> cleanup = cleanup(keys.get("cleanup"));
        Map<String, FieldRule> fields = fields(top, keys.get("fields"), target);
        Deletes deletes = deletes(keys.get("deletes"));
        return new Mapping(file, pair, source, target, cleanup, fields, deletes);
    }

    private Source source(Node parent, Node node) {
        MappingNode map = requireMap(parent, node, "source");
        if (map == null) {
            return null;
        }
        Map<String, Node> keys = entries(map, SOURCE_KEYS, "source.");
        return new Source(requiredText(map, keys, "system"), text(keys.get("entity")),
                textOr(keys.get("event-id"), "eventId"), requiredText(map, keys, "id"),
                requiredText(map, keys, "version"), text(keys.get("deleted")));
    }

    private Target target(Node parent, Node node) {
        MappingNode map = requireMap(parent, node, "target");
        if (map == null) {
            return null;
        }
        Map<String, Node> keys = entries(map, TARGET_KEYS, "target.");
        return new Target(requiredText(map, keys, "system"), identifier(map, keys, "table", true),
                identifier(map, keys, "key", true), identifier(map, keys, "synced-at", false));
    }

    private Map<String, List<Transform>> cleanup(Node node) {
        Map<String, List<Transform>> cleanup = new LinkedHashMap<>();
        if (node == null) {
            return cleanup;
        }
        if (!(node instanceof MappingNode map)) {
            problem(node, "cleanup must map source fields to lists of transforms", "e.g. cleanup: {email: [trim, email]}");
            return cleanup;
        }
        for (NodeTuple t : map.getValue()) {
            cleanup.put(scalar(t.getKeyNode()), transforms(t.getValueNode()));
        }
        return cleanup;
    }

    private Map<String, FieldRule> fields(Node parent, Node node, Target target) {
        Map<String, FieldRule> fields = new LinkedHashMap<>();
        if (!(node instanceof MappingNode map)) {
            problem(node == null ? parent : node, "fields must map target columns to rules",
                    "e.g. fields: {email: {from: email}}");
            return fields;
        }
        for (NodeTuple t : map.getValue()) {
            String column = scalar(t.getKeyNode());
            if (column == null || !IDENTIFIER.matcher(column).matches()) {
                problem(t.getKeyNode(), "target column '" + column + "' is not a plain lower-case SQL name",
                        "use letters, digits and underscores");
                continue;
            }
            if (fields.containsKey(column)) {
                problem(t.getKeyNode(), "target column '" + column + "' is mapped twice", "keep one rule per column");
                continue;
            }
            if (!(t.getValueNode() instanceof MappingNode rule)) {
                problem(t.getValueNode(), "the rule for '" + column + "' must be a map", "e.g. {from: email}");
                continue;
            }
            Map<String, Node> keys = entries(rule, FIELD_KEYS, "fields." + column + ".");
            String from = text(keys.get("from"));
            String template = text(keys.get("template"));
            if ((from == null) == (template == null)) {
                problem(rule, "the rule for '" + column + "' needs exactly one of 'from' or 'template'",
                        "e.g. {from: email} or {template: \"{firstName} {lastName}\"}");
            }
            if (template != null && !TEMPLATE_FIELD.matcher(template).find()) {
                problem(keys.get("template"), "the template names no field", "write fields as {fieldName}");
            }
            fields.put(column, new FieldRule(column, from, template, transforms(keys.get("transforms"))));
        }
        if (target != null && target.key() != null && !fields.containsKey(target.key())) {
            problem(node, "the target key column '" + target.key() + "' is not mapped", "add " + target.key() + ": {from: id}");
        }
        return fields;
    }

    private Deletes deletes(Node node) {
        if (node == null) {
            return new Deletes(Deletes.Policy.IGNORE, null);
        }
        if (!(node instanceof MappingNode map)) {
            problem(node, "deletes must be a map", "e.g. deletes: {policy: soft, column: deleted_at}");
            return null;
        }
        Map<String, Node> keys = entries(map, DELETE_KEYS, "deletes.");
        String policyText = requiredText(map, keys, "policy");
        Deletes.Policy policy = null;
        if (policyText != null) {
            try {
                policy = Deletes.Policy.valueOf(policyText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problem(keys.get("policy"), "unknown delete policy '" + policyText + "'", "use ignore, soft or hard");
            }
        }
        String column = identifier(map, keys, "column", false);
        if (policy == Deletes.Policy.SOFT && column == null) {
            problem(map, "a soft delete needs the column it stamps", "add column: deleted_at");
        }
        return new Deletes(policy, column);
    }

    private List<Transform> transforms(Node node) {
        List<Transform> transforms = new ArrayList<>();
        if (node == null) {
            return transforms;
        }
        if (!(node instanceof SequenceNode list)) {
            problem(node, "transforms must be a list", "e.g. [trim, lower]");
            return transforms;
        }
        for (Node item : list.getValue()) {
            String name;
            Map<String, String> args = new LinkedHashMap<>();
            if (item instanceof ScalarNode s) {
                name = s.getValue();
            } else if (item instanceof MappingNode m && m.getValue().size() == 1) {
                name = scalar(m.getValue().get(0).getKeyNode());
                Node argNode = m.getValue().get(0).getValueNode();
                if (!(argNode instanceof MappingNode argMap)) {
                    problem(argNode, "the arguments of '" + name + "' must be a map", "e.g. {phone-e164: {default-region: GB}}");
                    continue;
                }
                for (NodeTuple a : argMap.getValue()) {
                    String arg = scalar(a.getKeyNode());
                    if (Transforms.exists(name) && !Transforms.arguments(name).contains(arg)) {
                        problem(a.getKeyNode(), "'" + name + "' has no argument '" + arg + "'",
                                "arguments of " + name + ": " + Transforms.arguments(name));
                    }
                    args.put(arg, scalar(a.getValueNode()));
                }
            } else {
                problem(item, "a transform is a name or a one-key map of a name to its arguments", "e.g. trim or {phone-e164: {...}}");
                continue;
            }
            if (!Transforms.exists(name)) {
                problem(item, "unknown transform '" + name + "'", "known transforms: " + String.join(", ", Transforms.names()));
                continue;
            }
            try {
                transforms.add(Transforms.create(name, args));
            } catch (IllegalArgumentException e) {
                problem(item, "bad arguments for '" + name + "': " + e.getMessage(), "arguments of " + name + ": " + Transforms.arguments(name));
            }
        }
        return transforms;
    }

    // --- node helpers -------------------------------------------------------------------------

    private Map<String, Node> entries(MappingNode map, Set<String> allowed, String prefix) {
        Map<String, Node> entries = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            String key = scalar(t.getKeyNode());
            if (!allowed.contains(key)) {
                problem(t.getKeyNode(), "unknown key '" + prefix + key + "'", "allowed here: " + String.join(", ", new java.util.TreeSet<>(allowed)));
            } else if (entries.containsKey(key)) {
                problem(t.getKeyNode(), "key '" + prefix + key + "' appears twice", "keep one");
            } else {
                entries.put(key, t.getValueNode());
            }
        }
        return entries;
    }

    private MappingNode requireMap(Node parent, Node node, String name) {
        if (node == null) {
            problem(parent, "missing '" + name + "'", "add a " + name + ": section");
            return null;
        }
        if (!(node instanceof MappingNode map)) {
            problem(node, "'" + name + "' must be a map", "see mappings/crm-to-billing.yaml");
            return null;
        }
        return map;
    }

    private String requiredText(Node parent, Map<String, Node> keys, String key) {
        String value = text(keys.get(key));
        if (value == null) {
            problem(keys.getOrDefault(key, parent), "missing '" + key + "'", "add " + key + ": <value>");
        }
        return value;
    }

    private String identifier(Node parent, Map<String, Node> keys, String key, boolean required) {
        String value = required ? requiredText(parent, keys, key) : text(keys.get(key));
        if (value != null && !IDENTIFIER.matcher(value).matches()) {
            problem(keys.get(key), "'" + value + "' is not a plain lower-case SQL name", "use letters, digits and underscores");
            return null;
        }
        return value;
    }

    private String text(Node node) {
        if (node == null) {
            return null;
        }
        if (!(node instanceof ScalarNode s)) {
            problem(node, "expected a single value here", "write a plain value, not a list or a map");
            return null;
        }
        String value = s.getValue();
        return value == null || value.isBlank() ? null : value.strip();
    }

    private String textOr(Node node, String fallback) {
        String value = text(node);
        return value == null ? fallback : value;
    }

    private static String scalar(Node node) {
        return node instanceof ScalarNode s ? s.getValue() : null;
    }

    private void problem(Node node, String message, String hint) {
        int line = node == null ? 0 : node.getStartMark().getLine() + 1;
        int column = node == null ? 0 : node.getStartMark().getColumn() + 1;
        problems.add(new ConfigProblem(file, line, column, message, hint));
    }

    /** The source fields a template reads, in order. */
    static List<String> templateFields(String template) {
        List<String> names = new ArrayList<>();
        Matcher m = TEMPLATE_FIELD.matcher(template);
        while (m.find()) {
            names.add(m.group(1).strip());
        }
        return names;
    }
}
