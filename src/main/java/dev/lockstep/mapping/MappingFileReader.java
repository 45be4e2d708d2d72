package dev.lockstep.mapping;

import dev.lockstep.check.ConfigProblem;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * What both mapping loaders share: the file read as SnakeYAML nodes (not plain maps, to keep
 * positions), and every problem collected with its line and column so one restart shows them all.
 */
abstract class MappingFileReader {

    static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

    final Path file;
    final List<ConfigProblem> problems = new ArrayList<>();

    MappingFileReader(Path file) {
        this.file = file;
    }

    /**
     * The file's root node, read once for whichever loader takes it; null when the file is empty,
     * or (with the problem added) unreadable or not YAML.
     */
    static Node compose(Path file, List<ConfigProblem> problems) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return new Yaml(new LoaderOptions()).compose(reader);
        } catch (MarkedYAMLException e) {
            problems.add(new ConfigProblem(file, e.getProblemMark().getLine() + 1, e.getProblemMark().getColumn() + 1,
                    "not valid YAML: " + e.getProblem(), "fix the YAML syntax at this position"));
        } catch (IOException e) {
            problems.add(new ConfigProblem(file, 0, 0, "cannot be read: " + e.getMessage(), "check the file exists and is readable"));
        }
        return null;
    }

    /** The root of {@code file}, or {@link InvalidMappingException} when it cannot be read as YAML. */
    static Node composeOrThrow(Path file) {
        List<ConfigProblem> problems = new ArrayList<>();
        Node root = compose(file, problems);
        if (!problems.isEmpty()) {
            throw new InvalidMappingException(problems);
        }
        return root;
    }

    /** Throws every problem found, if there is any. */
    void throwProblems() {
        if (!problems.isEmpty()) {
            throw new InvalidMappingException(problems);
        }
    }

    Map<String, Node> entries(MappingNode map, Set<String> allowed, String prefix) {
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

    String requiredText(Node parent, Map<String, Node> keys, String key) {
        String value = text(keys.get(key));
        if (value == null) {
            problem(keys.getOrDefault(key, parent), "missing '" + key + "'", "add " + key + ": <value>");
        }
        return value;
    }

    String identifier(Node parent, Map<String, Node> keys, String key, boolean required) {
        String value = required ? requiredText(parent, keys, key) : text(keys.get(key));
        if (value != null && !IDENTIFIER.matcher(value).matches()) {
            problem(keys.get(key), "'" + value + "' is not a plain lower-case SQL name", "use letters, digits and underscores");
            return null;
        }
        return value;
    }

    String text(Node node) {
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

    static String scalar(Node node) {
        return node instanceof ScalarNode s ? s.getValue() : null;
    }

    void problem(Node node, String message, String hint) {
        int line = node == null ? 0 : node.getStartMark().getLine() + 1;
        int column = node == null ? 0 : node.getStartMark().getColumn() + 1;
        problems.add(new ConfigProblem(file, line, column, message, hint));
    }
}
