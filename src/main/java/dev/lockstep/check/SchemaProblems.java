package dev.lockstep.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.path.NodePath;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Turns the schema validator's errors for one route file into readable problems, one per place in
 * the file, each pointing at the offending key or value.
 *
 * <p>Why the collapsing: Camel's schema describes most steps with {@code oneOf}/{@code anyOf}
 * (a step may be written as text or as a map; an expression may be written in any of 27
 * languages), so one mistake yields a burst of errors, one per alternative that did not match,
 * plus a summary. The most useful one is the most specific: an error inside an alternative only
 * counts when no other error goes deeper into the file, or says something more precise at the
 * same place (an unknown key beats "expected text"); the summaries count only when nothing else
 * is left. Errors outside any alternative are always real and always kept.
 */
final class SchemaProblems {

    private static final Set<String> SUMMARIES = Set.of("oneOf", "anyOf", "allOf", "not");
    private static final int LIST_AT_MOST = 10;

    private final Path file;
    private final Node root;
    private final JsonNode instance;
    private final CamelYamlSchema schema;

    private SchemaProblems(Path file, Node root, JsonNode instance, CamelYamlSchema schema) {
        this.file = file;
        this.root = root;
        this.instance = instance;
        this.schema = schema;
    }

    /** The problems behind {@code errors}, found by validating {@code instance} (the JSON view of {@code root}). */
    static List<ConfigProblem> of(Path file, Node root, JsonNode instance, List<Error> errors, CamelYamlSchema schema) {
        return new SchemaProblems(file, root, instance, schema).collapse(errors);
    }

    /** One schema error, with where it is in the file as a list of keys and indexes. */
    private record Finding(Error error, List<Object> at, boolean inAlternative, int rank) {
        String keyword() {
            return error.getKeyword();
        }
    }

    private List<ConfigProblem> collapse(List<Error> errors) {
        List<Finding> findings = errors.stream().map(SchemaProblems::finding).toList();
        List<Finding> kept = findings.stream().filter(f -> !outdone(f, findings)).toList();
        Map<List<Object>, List<Finding>> byPlace = new LinkedHashMap<>();
        for (Finding f : kept) {
            byPlace.computeIfAbsent(f.at(), k -> new ArrayList<>()).add(f);
        }
        List<ConfigProblem> problems = new ArrayList<>();
        byPlace.values().forEach(place -> problems.add(describe(place)));
        return problems;
    }

    private static Finding finding(Error e) {
        List<Object> at = elements(e.getInstanceLocation());
        if ("additionalProperties".equals(e.getKeyword()) && e.getProperty() != null) {
            at.add(e.getProperty()); // each unknown key is its own place: it has its own line
        }
        NodePath evaluation = e.getEvaluationPath();
        boolean alternative = evaluation.contains("oneOf") || evaluation.contains("anyOf");
        return new Finding(e, at, alternative, rank(e.getKeyword()));
    }

    /** How precise a keyword's complaint is; the most precise one at a place is reported. */
    private static int rank(String keyword) {
        return switch (keyword) {
            case "additionalProperties" -> 6;
            case "maxProperties" -> 5;
            case "enum", "pattern" -> 4;
            case "required" -> 3;
            case "type", "unionType" -> 2;
            default -> SUMMARIES.contains(keyword) ? 0 : 1;
        };
    }

    /** Whether a more specific finding makes {@code f} noise (see the class comment). */
    private static boolean outdone(Finding f, List<Finding> all) {
        if (!f.inAlternative() && f.rank() > 0) {
            return false;
        }
        for (Finding other : all) {
            if (other == f || other.rank() == 0) {
                continue;
            }
            boolean deeper = other.at().size() > f.at().size() && startsWith(other.at(), f.at());
            boolean samePlace = other.at().equals(f.at());
            if (deeper || samePlace && other.rank() > f.rank()) {
                return true;
            }
        }
        return false;
    }

    // --- one problem per place ------------------------------------------------------------------

    private ConfigProblem describe(List<Finding> place) {
        Finding best = place.stream().max(Comparator.comparingInt(Finding::rank)).orElseThrow();
        List<Finding> same = place.stream().filter(f -> f.rank() == best.rank()).toList();
        return switch (best.keyword()) {
            case "additionalProperties" -> unknownKey(best);
            case "maxProperties" -> tooManyKeys(best);
            case "enum" -> notInEnum(best);
            case "pattern" -> badText(best);
            case "required" -> missing(same);
            case "type", "unionType" -> wrongType(same);
            default -> SUMMARIES.contains(best.keyword()) ? noFormMatches(best) : fallback(best);
        };
    }

    private ConfigProblem unknownKey(Finding f) {
        String key = f.error().getProperty();
        List<Object> parent = f.at().subList(0, f.at().size() - 1);
        NodePath schemaPlace = f.error().getSchemaLocation().getFragment().getParent();
        Set<String> allowed = new TreeSet<>();
        schema.at(schemaPlace).path("properties").fieldNames().forEachRemaining(allowed::add);
        String hint = Suggestions.closest(key, allowed)
                .map(name -> "did you mean '" + name + "'?")
                .orElseGet(() -> "allowed here: " + list(allowed));
        return problem(f.at(), true, "unknown key '" + key + "' " + where(parent), hint);
    }

    private ConfigProblem tooManyKeys(Finding f) {
        JsonNode node = instanceAt(f.at());
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        String found = keys.stream().map(k -> "'" + k + "'").collect(Collectors.joining(", "));
        if (isListItem(f.at())) {
            return problem(f.at(), false, "one list item holds " + keys.size() + " keys (" + found + ") " + where(f.at())
                    + "; each item is one step", "start each step on its own line with '- '");
        }
        return problem(f.at(), true, name(f.at()) + " allows one key, found " + keys.size() + " (" + found + ")",
                "keep one of them");
    }

    private ConfigProblem notInEnum(Finding f) {
        List<String> values = new ArrayList<>();
        f.error().getSchemaNode().forEach(v -> values.add(v.asText()));
        String found = instanceAt(f.at()).asText();
        String hint = Suggestions.closest(found, values).map(v -> "did you mean '" + v + "'?").orElse("use one of the listed values");
        return problem(f.at(), false, name(f.at()) + " must be one of " + String.join(", ", values) + ", found '" + found + "'", hint);
    }

    private ConfigProblem badText(Finding f) {
        String found = instanceAt(f.at()).asText();
        String type = CamelYamlSchema.relaxedTypeOf(f.error().getSchemaNode().asText());
        if ("boolean".equals(type)) {
            return problem(f.at(), false, name(f.at()) + " must be true or false, found '" + found + "'",
                    "write true or false (or a {{placeholder}})");
        }
        if ("number".equals(type)) {
            return problem(f.at(), false, name(f.at()) + " must be a number, found '" + found + "'",
                    "write a number (or a {{placeholder}})");
        }
        return problem(f.at(), false, name(f.at()) + " does not match the pattern " + f.error().getSchemaNode().asText(),
                "change the value to match the pattern");
    }

    private ConfigProblem missing(List<Finding> same) {
        Finding first = same.get(0);
        Set<String> names = new LinkedHashSet<>();
        same.forEach(f -> names.add(f.error().getProperty()));
        List<Object> at = first.at();
        if (same.stream().allMatch(Finding::inAlternative) && names.size() > 1) {
            // Alternatives, as for an expression: any one of them would do.
            Set<String> present = new TreeSet<>();
            instanceAt(at).fieldNames().forEachRemaining(present::add);
            String hint = present.stream().map(p -> Suggestions.closest(p, names)).flatMap(Optional::stream)
                    .findFirst().map(n -> "did you mean '" + n + "'?")
                    .orElse("e.g. " + (names.contains("simple") ? "simple: \"${body}\"" : names.iterator().next() + ": ..."));
            return problem(at, true, name(at) + " needs one of " + list(names), hint);
        }
        String quoted = names.stream().map(n -> "'" + n + "'").collect(Collectors.joining(" and "));
        return problem(at, true, "missing " + quoted + " " + where(at),
                "add " + names.stream().map(n -> n + ": ...").collect(Collectors.joining(" and ")));
    }

    private ConfigProblem wrongType(List<Finding> same) {
        List<Object> at = same.get(0).at();
        Set<String> expected = new LinkedHashSet<>();
        for (Finding f : same) {
            JsonNode types = f.error().getSchemaNode();
            if (types.isArray()) {
                // A relaxed scalar lists several types; its first one is what Camel's schema says.
                expected.add(typeName(types.get(0).asText()));
            } else {
                expected.add(typeName(types.asText()));
            }
        }
        JsonNode value = instanceAt(at);
        String found = value.isNull() ? "nothing" : typeName(value.getNodeType().name().toLowerCase(Locale.ROOT));
        String wanted = String.join(" or ", expected);
        return problem(at, value.isNull(), name(at) + " must be " + wanted + ", found " + found, typeHint(expected));
    }

    private ConfigProblem noFormMatches(Finding f) {
        return problem(f.at(), true, name(f.at()) + " is not written in any form Camel accepts",
                "compare it with the Camel YAML DSL reference for this step");
    }

    private ConfigProblem fallback(Finding f) {
        return problem(f.at(), true, name(f.at()) + " " + f.error().getMessage(), "compare it with the Camel YAML DSL reference");
    }

    // --- wording --------------------------------------------------------------------------------

    private static String typeName(String jsonType) {
        return switch (jsonType) {
            case "string" -> "text";
            case "number", "integer" -> "a number";
            case "boolean" -> "true or false";
            case "object" -> "a map of keys";
            case "array" -> "a list";
            case "null" -> "nothing";
            default -> jsonType;
        };
    }

    private static String typeHint(Set<String> expected) {
        if (expected.contains("a list")) {
            return "write a list: one item per line, each starting with '- '";
        }
        if (expected.contains("a map of keys")) {
            return "write its keys on the lines below, indented";
        }
        return "write a single value here";
    }

    /** "in route steps", "in 'process'", "at the top level of the file". */
    private static String where(List<Object> at) {
        if (at.isEmpty()) {
            return "in the file";
        }
        if (at.size() == 1) {
            return "at the top level of the file";
        }
        Object last = at.get(at.size() - 1);
        if (last instanceof Integer && "steps".equals(at.get(at.size() - 2))) {
            return "in route steps";
        }
        return "in " + name(at);
    }

    /** "'ref'", "item 2 of 'steps'", "the file". */
    private static String name(List<Object> at) {
        if (at.isEmpty()) {
            return "the file";
        }
        Object last = at.get(at.size() - 1);
        if (last instanceof Integer index) {
            return at.size() == 1 ? "top-level item " + (index + 1) : "item " + (index + 1) + " of '" + at.get(at.size() - 2) + "'";
        }
        return "'" + last + "'";
    }

    private static String list(Set<String> names) {
        if (names.size() <= LIST_AT_MOST) {
            return String.join(", ", names);
        }
        return names.stream().limit(LIST_AT_MOST).collect(Collectors.joining(", ")) + ", ... (" + names.size() + " in all)";
    }

    private static boolean isListItem(List<Object> at) {
        return !at.isEmpty() && at.get(at.size() - 1) instanceof Integer;
    }

    // --- positions ------------------------------------------------------------------------------

    /**
     * A problem at a place; {@code atKey} points at the key that names the place (an unknown key, a
     * map missing something), otherwise at the value.
     */
    private ConfigProblem problem(List<Object> at, boolean atKey, String message, String hint) {
        YamlNodes.Located located = YamlNodes.locate(root, at);
        Node node = atKey ? located.keyOrValue() : located.value();
        if (node == null) {
            node = root;
        }
        return new ConfigProblem(file, YamlNodes.line(node), YamlNodes.column(node), message, hint);
    }

    private JsonNode instanceAt(List<Object> at) {
        JsonNode node = instance;
        for (Object element : at) {
            node = element instanceof Integer i ? node.path(i) : node.path(element.toString());
        }
        return node;
    }

    private static List<Object> elements(NodePath path) {
        List<Object> elements = new ArrayList<>();
        for (int i = 0; i < path.getNameCount(); i++) {
            elements.add(path.getElement(i));
        }
        return elements;
    }

    private static boolean startsWith(List<Object> path, List<Object> prefix) {
        return path.size() >= prefix.size() && path.subList(0, prefix.size()).equals(prefix);
    }
}
