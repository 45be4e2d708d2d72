package dev.lockstep.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.springframework.core.env.PropertyResolver;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Checks every route file ({@code *.camel.yaml}) of a folder the way {@code MappingLoader} checks
 * mapping files: all problems of all files, each with file, line, column and a fix hint.
 *
 * <ul>
 *   <li>YAML syntax;</li>
 *   <li>Camel's published YAML DSL schema (unknown steps and keys, wrong value types, missing keys);</li>
 *   <li>names that must lead somewhere: beans ({@code ref:}, {@code #name}, {@code bean:name}),
 *       {@code direct:}/{@code seda:} endpoints, {@code routeConfigurationId}s, unique route ids,
 *       and {@code {{placeholders}}} without a default.</li>
 * </ul>
 *
 * <p>It needs no Spring context: the bean names and the properties are handed in, so the same
 * check runs at start-up and from the command line.
 */
public final class RouteFileChecker {

    /** Route files are the files of the folder whose names end with this. */
    public static final String SUFFIX = ".camel.yaml";

    private final Set<String> beanNames;
    private final PropertyResolver properties;

    /**
     * @param beanNames  every bean a route may name
     * @param properties where {@code {{placeholders}}} resolve (Spring's {@code Environment})
     */
    public RouteFileChecker(Set<String> beanNames, PropertyResolver properties) {
        this.beanNames = Set.copyOf(beanNames);
        this.properties = properties;
    }

    /** The route files of {@code folder}, by name. */
    public static List<Path> routeFiles(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(SUFFIX) && Files.isRegularFile(f)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list route files in " + folder, e);
        }
    }

    /** Every problem of every route file in {@code folder}, by file, line and column; empty when all is well. */
    public List<ConfigProblem> check(Path folder) {
        return check(routeFiles(folder));
    }

    /** Every problem of these route files, checked together (endpoints and ids cross files). */
    public List<ConfigProblem> check(List<Path> files) {
        CamelYamlSchema schema = CamelYamlSchema.get();
        List<ConfigProblem> problems = new ArrayList<>();
        RouteReferences references = new RouteReferences();
        boolean allRead = true;
        for (Path file : files) {
            List<Node> documents = parse(file, problems);
            if (documents == null) {
                allRead = false;
                continue;
            }
            for (Node root : documents) {
                duplicateKeys(file, root, problems);
                JsonNode json = YamlNodes.toJson(root);
                problems.addAll(SchemaProblems.of(file, root, json, schema.validate(json), schema));
                references.collect(file, root);
            }
        }
        problems.addAll(references.check(beanNames, properties, allRead));
        // One problem once, in file order: collapsing may meet the same place twice.
        return new ArrayList<>(new LinkedHashSet<>(problems.stream()
                .sorted(Comparator.comparing((ConfigProblem p) -> p.file().toString())
                        .thenComparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column))
                .toList()));
    }

    /** The YAML documents of a file (Camel reads them all), or null after reporting why it cannot be read. */
    private static List<Node> parse(Path file, List<ConfigProblem> problems) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<Node> documents = new ArrayList<>();
            for (Node document : new Yaml(new LoaderOptions()).composeAll(reader)) {
                documents.add(document);
            }
            if (documents.isEmpty()) {
                problems.add(new ConfigProblem(file, 1, 1, "the file holds no routes", "add routes (- route: ...) or delete the file"));
            }
            return documents;
        } catch (MarkedYAMLException e) {
            var mark = e.getProblemMark();
            problems.add(new ConfigProblem(file, mark.getLine() + 1, mark.getColumn() + 1,
                    "not valid YAML: " + e.getProblem(), "fix the YAML syntax at this position (indentation, a missing ':' or quote)"));
            return null;
        } catch (IOException e) {
            problems.add(new ConfigProblem(file, 0, 0, "cannot be read: " + e.getMessage(), "check the file exists and is readable"));
            return null;
        }
    }

    /** A key written twice in one map: YAML keeps one of them silently, which hides an edit. */
    private static void duplicateKeys(Path file, Node node, List<ConfigProblem> problems) {
        if (node instanceof MappingNode map) {
            Set<String> seen = new HashSet<>();
            for (NodeTuple t : map.getValue()) {
                String key = YamlNodes.scalar(t.getKeyNode());
                if (key != null && !seen.add(key)) {
                    problems.add(new ConfigProblem(file, YamlNodes.line(t.getKeyNode()), YamlNodes.column(t.getKeyNode()),
                            "key '" + key + "' appears twice in the same map", "keep one of them"));
                }
                duplicateKeys(file, t.getValueNode(), problems);
            }
        } else if (node instanceof SequenceNode list) {
            list.getValue().forEach(item -> duplicateKeys(file, item, problems));
        }
    }
}
