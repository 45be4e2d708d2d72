package dev.lockstep.mapping;

import dev.lockstep.mapping.Mapping.Deletes;
import dev.lockstep.mapping.Mapping.FieldRule;
import dev.lockstep.mapping.Mapping.Source;
import dev.lockstep.mapping.Mapping.Target;
import java.math.BigDecimal;
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
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a mapping file and checks it, collecting every problem with its line and column so one
 * restart shows them all. Works on SnakeYAML's node tree (not plain maps) to keep positions.
 */
public final class MappingLoader extends MappingFileReader {

    static final Pattern TEMPLATE_FIELD = Pattern.compile("\\{([^{}]+)}");
    private static final Set<String> TOP_KEYS = Set.of("pair", "source", "target", "cleanup", "fields", "match", "deletes");
    private static final Set<String> SOURCE_KEYS = Set.of("system", "entity", "event-id", "id", "version", "deleted", "sample");
    private static final Set<String> TARGET_KEYS = Set.of("system", "table", "key", "synced-at");
    private static final Set<String> VALUE_SOURCES = Set.of("from", "template", "constant", "when", "lookup");
    private static final Set<String> FIELD_KEYS = Set.of("from", "template", "constant", "when", "lookup", "map", "otherwise",
            "transforms", "default", "validate", "direction", "owner");
    private static final Set<String> VALIDATE_KEYS = Set.of("required", "pattern", "enum", "min", "max", "min-length", "max-length");
    private static final Set<String> LOOKUP_KEYS = Set.of("pair", "from", "missing");
    private static final Set<String> DELETE_KEYS = Set.of("policy", "column");

    /** Every source path the file names, with where it is named, checked against the sample at the end. */
    private final List<Map.Entry<String, Node>> sourcePaths = new ArrayList<>();

    private MappingLoader(Path file) {
        super(file);
    }

    /** Loads {@code file}; throws {@link InvalidMappingException} listing every problem found. */
    public static Mapping load(Path file) {
        return load(file, composeOrThrow(file));
    }

    /** Loads a file whose YAML was already read. */
    static Mapping load(Path file, Node root) {
        MappingLoader loader = new MappingLoader(file);
        Mapping mapping = loader.read(root);
        loader.throwProblems();
        return mapping;
    }

    private Mapping read(Node root) {
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
        Map<String, FieldRule> fields = fields(top, keys.get("fields"), target, source);
        List<String> match = match(keys.get("match"), fields);
        Deletes deletes = deletes(keys.get("deletes"));
        if (source != null && source.sample() != null) {
            SampleCheck.check(source.sample(), sourcePaths, this::problem);
        }
        int fieldsLine = top.getValue().stream().filter(t -> "fields".equals(scalar(t.getKeyNode())))
                .mapToInt(t -> t.getKeyNode().getStartMark().getLine() + 1).findFirst().orElse(0);
        return new Mapping(file, pair, source, target, cleanup, fields, match, deletes, fieldsLine);
    }

    private Source source(Node parent, Node node) {
        MappingNode map = requireMap(parent, node, "source");
        if (map == null) {
            return null;
        }
        Map<String, Node> keys = entries(map, SOURCE_KEYS, "source.");
        Path sample = null;
        String sampleText = text(keys.get("sample"));
        if (sampleText != null) {
            sample = file.toAbsolutePath().getParent().resolve(sampleText).normalize();
            if (!java.nio.file.Files.isRegularFile(sample)) {
                problem(keys.get("sample"), "the sample file " + sampleText + " does not exist",
                        "give a path relative to the mapping file, e.g. samples/" + file.getFileName().toString().replaceFirst("\\.ya?ml$", ".json"));
                sample = null;
            }
        }
        return new Source(requiredText(map, keys, "system"), text(keys.get("entity")),
                textOr(keys.get("event-id"), "eventId"), requiredText(map, keys, "id"),
                requiredText(map, keys, "version"), text(keys.get("deleted")), sample);
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
            String field = scalar(t.getKeyNode());
            sourcePaths.add(Map.entry(field, t.getKeyNode()));
            cleanup.put(field, transforms(t.getValueNode()));
        }
        return cleanup;
    }

    private Map<String, FieldRule> fields(Node parent, Node node, Target target, Source source) {
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
            FieldRule parsed = fieldRule(column, rule, source, target);
            if (parsed != null) {
                fields.put(column, parsed);
            }
        }
        if (target != null && target.key() != null && !fields.containsKey(target.key())) {
            problem(node, "the target key column '" + target.key() + "' is not mapped", "add " + target.key() + ": {from: id}");
        }
        return fields;
    }

    private FieldRule fieldRule(String column, MappingNode rule, Source source, Target target) {
        String targetSystem = target == null ? null : target.system();
        Map<String, Node> keys = entries(rule, FIELD_KEYS, "fields." + column + ".");
        List<String> sources = keys.keySet().stream().filter(VALUE_SOURCES::contains).toList();
        if (sources.size() != 1) {
            problem(rule, "the rule for '" + column + "' needs exactly one of from, template, constant, when or lookup"
                    + (sources.isEmpty() ? "" : " (has " + String.join(", ", sources) + ")"),
                    "e.g. {from: email} or {template: \"{firstName} {lastName}\"}");
            return null;
        }
        ValueSource valueSource = valueSource(column, sources.get(0), keys.get(sources.get(0)));
        Map<String, Object> valueMap = new LinkedHashMap<>();
        if (keys.containsKey("map")) {
            if (keys.get("map") instanceof MappingNode m) {
                for (NodeTuple entry : m.getValue()) {
                    valueMap.put(scalar(entry.getKeyNode()), typed(entry.getValueNode()));
                }
            } else {
                problem(keys.get("map"), "map must map source values to target values", "e.g. map: {\"Closed Won\": won}");
            }
        }
        if (keys.containsKey("otherwise") && !keys.containsKey("map")) {
            problem(keys.get("otherwise"), "'otherwise' belongs to a value map", "add map: {...} or remove otherwise");
        }
        Object defaultValue = keys.containsKey("default") ? typed(keys.get("default")) : null;
        Mapping.Direction direction = Mapping.Direction.BOTH;
        String directionText = text(keys.get("direction"));
        if (directionText != null) {
            direction = Mapping.Direction.of(directionText);
            if (direction == null) {
                problem(keys.get("direction"), "unknown direction '" + directionText + "'",
                        "use both, source-to-target, target-to-source or none");
                direction = Mapping.Direction.BOTH;
            }
        }
        String owner = text(keys.get("owner"));
        if (owner != null && source != null && !owner.equals(source.system()) && !owner.equals(targetSystem)) {
            problem(keys.get("owner"), "owner '" + owner + "' is neither system of this pair",
                    "use " + source.system() + " or " + targetSystem);
        }
        return new FieldRule(column, valueSource, valueMap, keys.containsKey("otherwise"),
                keys.containsKey("otherwise") ? typed(keys.get("otherwise")) : null, transforms(keys.get("transforms")),
                defaultValue, validations(keys.get("validate")), direction, owner, rule.getStartMark().getLine() + 1);
    }

    private ValueSource valueSource(String column, String kind, Node node) {
        switch (kind) {
            case "from" -> {
                String path = text(node);
                sourcePaths.add(Map.entry(String.valueOf(path), node));
                return new ValueSource.From(path);
            }
            case "template" -> {
                String template = text(node);
                if (template == null || !TEMPLATE_FIELD.matcher(template).find()) {
                    problem(node, "the template names no field", "write fields as {fieldName}");
                } else {
                    templateFields(template).forEach(f -> sourcePaths.add(Map.entry(f, node)));
                }
                return new ValueSource.Template(template);
            }
            case "constant" -> {
                return new ValueSource.Constant(typed(node));
            }
            case "lookup" -> {
                if (!(node instanceof MappingNode m)) {
                    problem(node, "lookup must be a map", "e.g. lookup: {pair: crm-accounts-to-billing, from: accountId}");
                    return null;
                }
                Map<String, Node> keys = entries(m, LOOKUP_KEYS, "fields." + column + ".lookup.");
                String from = requiredText(m, keys, "from");
                if (from != null) {
                    sourcePaths.add(Map.entry(from, keys.get("from")));
                }
                String missing = textOr(keys.get("missing"), "quarantine");
                if (!missing.equals("quarantine") && !missing.equals("null")) {
                    problem(keys.get("missing"), "unknown value '" + missing + "' for missing", "use quarantine or null");
                }
                return new ValueSource.Lookup(requiredText(m, keys, "pair"), from, missing.equals("null"));
            }
            default -> {
                return when(column, node);
            }
        }
    }

    private ValueSource when(String column, Node node) {
        if (!(node instanceof SequenceNode list) || list.getValue().isEmpty()) {
            problem(node, "when must be a list of {if: ..., then: ...} with an optional last {else: ...}",
                    "e.g. when: [{if: {field: country, equals: GB}, then: uk}, {else: world}]");
            return null;
        }
        List<ValueSource.When.Branch> branches = new ArrayList<>();
        Object otherwise = null;
        for (int i = 0; i < list.getValue().size(); i++) {
            Node item = list.getValue().get(i);
            if (!(item instanceof MappingNode branch)) {
                problem(item, "each branch of when must be a map", "e.g. {if: {field: x, equals: y}, then: z}");
                continue;
            }
            Map<String, Node> keys = entries(branch, Set.of("if", "then", "else"), "fields." + column + ".when.");
            if (keys.containsKey("else")) {
                if (i != list.getValue().size() - 1 || keys.size() != 1) {
                    problem(branch, "else must be alone and last", "move {else: ...} to the end of the list");
                }
                otherwise = typed(keys.get("else"));
                continue;
            }
            if (!keys.containsKey("if") || !keys.containsKey("then")) {
                problem(branch, "a branch needs if and then", "e.g. {if: {field: x, equals: y}, then: z}");
                continue;
            }
            Object then = typed(keys.get("then"));
            if (then instanceof String text) {
                templateFields(text).forEach(f -> sourcePaths.add(Map.entry(f, keys.get("then"))));
            }
            Condition condition = condition(keys.get("if"));
            if (condition != null) {
                branches.add(new ValueSource.When.Branch(condition, then));
            }
        }
        return new ValueSource.When(branches, otherwise);
    }

    private Condition condition(Node node) {
        if (!(node instanceof MappingNode map)) {
            problem(node, "a condition must be a map", "e.g. {field: stage, equals: Closed Won}");
            return null;
        }
        Set<String> allowed = new java.util.TreeSet<>(List.of("field"));
        for (Condition.Operator o : Condition.Operator.values()) {
            allowed.add(o.spelling());
        }
        Map<String, Node> keys = entries(map, allowed, "condition.");
        String field = requiredText(map, keys, "field");
        if (field != null) {
            sourcePaths.add(Map.entry(field, keys.get("field")));
        }
        List<String> ops = keys.keySet().stream().filter(k -> !k.equals("field")).toList();
        if (ops.size() != 1) {
            problem(map, "a condition needs exactly one test", "one of equals, not-equals, in, matches, present, greater-than, less-than");
            return null;
        }
        Condition.Operator op = Condition.Operator.of(ops.get(0));
        Node operandNode = keys.get(ops.get(0));
        Object operand;
        switch (op) {
            case IN -> {
                if (!(operandNode instanceof SequenceNode values)) {
                    problem(operandNode, "'in' needs a list", "e.g. in: [GB, IE]");
                    return null;
                }
                operand = values.getValue().stream().map(this::typed).toList();
            }
            case MATCHES -> {
                try {
                    operand = Pattern.compile(text(operandNode));
                } catch (RuntimeException e) {
                    problem(operandNode, "not a valid regular expression: " + e.getMessage().lines().findFirst().orElse(""),
                            "write a Java regular expression");
                    return null;
                }
            }
            case GREATER_THAN, LESS_THAN -> {
                operand = number(operandNode);
                if (operand == null) {
                    return null;
                }
            }
            case PRESENT -> operand = !"false".equalsIgnoreCase(text(operandNode));
            default -> operand = typed(operandNode);
        }
        return new Condition(field, op, operand);
    }

    private List<Validation> validations(Node node) {
        List<Validation> rules = new ArrayList<>();
        if (node == null) {
            return rules;
        }
        if (!(node instanceof MappingNode map)) {
            problem(node, "validate must be a map of rules", "e.g. validate: {required: true, max-length: 80}");
            return rules;
        }
        Map<String, Node> keys = entries(map, VALIDATE_KEYS, "validate.");
        if ("true".equalsIgnoreCase(text(keys.get("required")))) {
            rules.add(new Validation.Required());
        }
        if (keys.containsKey("pattern")) {
            try {
                rules.add(new Validation.Matches(Pattern.compile(text(keys.get("pattern")))));
            } catch (RuntimeException e) {
                problem(keys.get("pattern"), "not a valid regular expression", "write a Java regular expression");
            }
        }
        if (keys.containsKey("enum")) {
            if (keys.get("enum") instanceof SequenceNode values) {
                rules.add(new Validation.OneOf(values.getValue().stream().map(v -> String.valueOf(typed(v))).toList()));
            } else {
                problem(keys.get("enum"), "enum needs a list", "e.g. enum: [open, won, lost]");
            }
        }
        if (keys.containsKey("min") || keys.containsKey("max")) {
            rules.add(new Validation.Range(keys.containsKey("min") ? number(keys.get("min")) : null,
                    keys.containsKey("max") ? number(keys.get("max")) : null));
        }
        if (keys.containsKey("min-length") || keys.containsKey("max-length")) {
            rules.add(new Validation.Length(length(keys.get("min-length")), length(keys.get("max-length"))));
        }
        return rules;
    }

    private List<String> match(Node node, Map<String, FieldRule> fields) {
        List<String> match = new ArrayList<>();
        if (node == null) {
            return match;
        }
        if (!(node instanceof SequenceNode list)) {
            problem(node, "match must be a list of target columns", "e.g. match: [email]");
            return match;
        }
        for (Node item : list.getValue()) {
            String column = text(item);
            if (column != null && !fields.containsKey(column)) {
                problem(item, "match column '" + column + "' is not a mapped target column", "map it under fields first");
            } else if (column != null) {
                match.add(column);
            }
        }
        return match;
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

    private String textOr(Node node, String fallback) {
        String value = text(node);
        return value == null ? fallback : value;
    }

    /** A scalar as YAML types it: integers, decimals, booleans and null keep their type. */
    private Object typed(Node node) {
        if (!(node instanceof ScalarNode s)) {
            problem(node, "expected a single value here", "write a plain value, not a list or a map");
            return null;
        }
        Tag tag = s.getTag();
        String v = s.getValue();
        try {
            if (Tag.INT.equals(tag)) {
                return Long.valueOf(v.replace("_", ""));
            }
            if (Tag.FLOAT.equals(tag)) {
                return new BigDecimal(v.replace("_", ""));
            }
        } catch (NumberFormatException e) {
            return v;
        }
        if (Tag.BOOL.equals(tag)) {
            return Boolean.valueOf(v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes") || v.equalsIgnoreCase("on"));
        }
        if (Tag.NULL.equals(tag)) {
            return null;
        }
        return v;
    }

    private BigDecimal number(Node node) {
        String text = text(node);
        try {
            return new BigDecimal(text);
        } catch (RuntimeException e) {
            problem(node, "'" + text + "' is not a number", "write a plain number, e.g. 100 or 9.5");
            return null;
        }
    }

    private Integer length(Node node) {
        if (node == null) {
            return null;
        }
        BigDecimal n = number(node);
        if (n == null || n.signum() < 0 || n.scale() > 0) {
            if (n != null) {
                problem(node, "a length must be a whole number of characters", "e.g. max-length: 80");
            }
            return null;
        }
        return n.intValue();
    }

    /** The source fields a template reads, in order. */
    public static List<String> templateFields(String template) {
        List<String> names = new ArrayList<>();
        Matcher m = TEMPLATE_FIELD.matcher(template);
        while (m.find()) {
            names.add(m.group(1).strip());
        }
        return names;
    }
}
