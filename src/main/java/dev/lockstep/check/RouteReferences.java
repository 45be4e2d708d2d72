package dev.lockstep.check;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.env.PropertyResolver;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The names route files use and define — beans, {@code direct:}/{@code seda:} endpoints, route
 * configurations, route ids, property placeholders — gathered over all files, then checked
 * against each other and against what the application knows. The schema cannot see these: each
 * is valid text on its own, and only wrong together with the rest of the application.
 */
final class RouteReferences {

    /** Keys whose value names a bean (with or without a leading '#'). */
    private static final Set<String> BEAN_KEYS = Set.of("onExceptionOccurredRef", "onRedeliveryRef", "onPrepareFailureRef",
            "retryWhileRef", "errorHandlerRef", "loggerRef", "exchangeFormatterRef", "idempotentRepository", "aggregationStrategy");
    /** Steps that send to an endpoint given as text or as {@code uri:}. */
    private static final Set<String> SENDERS = Set.of("to", "toD", "wireTap", "enrich", "pollEnrich");
    /** Camel's expression languages: their text is code, where '#' and "to" mean nothing to us. */
    private static final Set<String> LANGUAGES = Set.of("constant", "csimple", "datasonnet", "exchangeProperty", "groovy",
            "header", "hl7terser", "java", "joor", "jq", "js", "jsonpath", "language", "method", "mvel", "ognl", "python",
            "simple", "spel", "tokenize", "variable", "wasm", "xpath", "xquery", "xtokenize");
    /** Maps of free-form options: their keys are not steps. */
    private static final Set<String> FREE_FORM = Set.of("parameters", "properties");
    /** Endpoints that only work when some route consumes them. */
    private static final Set<String> INTERNAL_SCHEMES = Set.of("direct", "seda");
    /** Placeholder functions Camel resolves from the environment or system properties. */
    private static final Set<String> ENV_FUNCTIONS = Set.of("env", "sys", "sysenv");
    /** Other placeholder functions: resolved by services we cannot see from here. */
    private static final Set<String> OTHER_FUNCTIONS = Set.of("bean", "ref", "service", "service.host", "service.port",
            "aws", "azure", "gcp", "hashicorp", "kubernetes", "configmap", "secret", "ibm", "cyberark", "springcloud-config");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(.+?)}}");
    private static final Pattern BEAN_NAME = Pattern.compile("[A-Za-z_$][\\w$.-]*");

    /**
     * One use of a name: where, which name, and in what role (for the message). {@code offset} is
     * where a placeholder starts inside its value, -1 for a name that is the whole value.
     */
    private record Use(Path file, Node node, int offset, String name, String role) {
        Use(Path file, Node node, String name, String role) {
            this(file, node, -1, name, role);
        }
    }

    private final List<Use> beans = new ArrayList<>();
    private final List<Use> sent = new ArrayList<>();
    private final Set<String> consumed = new TreeSet<>();
    private final List<Use> configurationUses = new ArrayList<>();
    private final Set<String> configurations = new TreeSet<>();
    private final List<Use> routeIds = new ArrayList<>();
    private final List<Use> placeholders = new ArrayList<>();

    /** Gathers the names of one parsed route file. */
    void collect(Path file, Node root) {
        visit(file, root, null, false);
    }

    private void visit(Path file, Node node, String key, boolean freeForm) {
        if (node instanceof MappingNode map) {
            if (!freeForm) {
                definitions(file, map, key);
            }
            for (NodeTuple t : map.getValue()) {
                String k = YamlNodes.scalar(t.getKeyNode());
                Node v = t.getValueNode();
                if (k == null) {
                    continue;
                }
                if (!freeForm) {
                    uses(file, k, v);
                }
                boolean language = LANGUAGES.contains(k);
                if (language) {
                    placeholdersIn(file, v); // placeholders are resolved in expressions too, nothing else is ours
                } else {
                    visit(file, v, k, freeForm || FREE_FORM.contains(k));
                }
            }
        } else if (node instanceof SequenceNode list) {
            list.getValue().forEach(item -> visit(file, item, key, freeForm));
        } else if (node instanceof ScalarNode s) {
            placeholders(file, s);
            String value = s.getValue();
            if (value.startsWith("#") && !BEAN_KEYS.contains(key) && !"ref".equals(key)) { // those are gathered by uses()
                beanReference(value).ifPresent(name -> beans.add(new Use(file, s, name, "'" + key + "' value")));
            }
        }
    }

    /** What a map defines: route ids, route configurations, consumed endpoints. */
    private void definitions(Path file, MappingNode map, String key) {
        if ("route".equals(key)) {
            Node id = YamlNodes.value(map, "id");
            if (YamlNodes.scalar(id) != null) {
                routeIds.add(new Use(file, id, YamlNodes.scalar(id), "route id"));
            }
            Node configs = YamlNodes.value(map, "routeConfigurationId");
            String text = YamlNodes.scalar(configs);
            if (text != null && !text.contains("{{") && !text.contains("*")) {
                for (String id2 : text.split(",")) {
                    if (!id2.isBlank()) {
                        configurationUses.add(new Use(file, configs, id2.strip(), "routeConfigurationId"));
                    }
                }
            }
        } else if ("routeConfiguration".equals(key)) {
            String id = YamlNodes.scalar(YamlNodes.value(map, "id"));
            if (id != null) {
                configurations.add(id);
            }
        } else if ("from".equals(key)) {
            String uri = YamlNodes.scalar(YamlNodes.value(map, "uri"));
            internalEndpoint(uri).ifPresent(consumed::add);
        }
    }

    /** What one entry of a map refers to: a bean or an endpoint. */
    private void uses(Path file, String key, Node value) {
        if (("process".equals(key) || "bean".equals(key)) && YamlNodes.value(value, "ref") instanceof ScalarNode ref) {
            beanReference(ref.getValue()).ifPresent(name -> beans.add(new Use(file, ref, name, key + " ref")));
        } else if (BEAN_KEYS.contains(key) && value instanceof ScalarNode s) {
            beanReference(s.getValue()).ifPresent(name -> beans.add(new Use(file, s, name, key)));
        } else if (SENDERS.contains(key) || "deadLetterUri".equals(key)) {
            Node uriNode = uriOf(value);
            String uri = YamlNodes.scalar(uriNode);
            if (uri == null || uri.contains("{{") || uri.contains("${")) {
                return; // decided at run time
            }
            internalEndpoint(uri).ifPresent(endpoint -> sent.add(new Use(file, uriNode, endpoint, key)));
            beanOfUri(uri).ifPresent(name -> beans.add(new Use(file, uriNode, name, uri.substring(0, uri.indexOf(':') + 1) + " endpoint")));
        }
    }

    /** The node holding a sending step's endpoint: plain text, {@code uri:}, or (enrich) a constant expression. */
    private static Node uriOf(Node value) {
        if (value instanceof ScalarNode) {
            return value;
        }
        for (String key : List.of("uri", "constant", "expression")) {
            Node inner = YamlNodes.value(value, key);
            Node found = "uri".equals(key) ? inner : inner == null ? null : uriOf(inner);
            if (found instanceof ScalarNode) {
                return found;
            }
        }
        return null;
    }

    private void placeholdersIn(Path file, Node node) {
        if (node instanceof ScalarNode s) {
            placeholders(file, s);
        } else if (node instanceof MappingNode map) {
            map.getValue().forEach(t -> placeholdersIn(file, t.getValueNode()));
        } else if (node instanceof SequenceNode list) {
            list.getValue().forEach(item -> placeholdersIn(file, item));
        }
    }

    /** Every {@code {{key}}} of a value that must resolve: no default, not optional, not a remote function. */
    private void placeholders(Path file, ScalarNode s) {
        Matcher m = PLACEHOLDER.matcher(s.getValue());
        while (m.find()) {
            String inner = m.group(1).strip();
            if (inner.startsWith("?")) {
                continue; // optional: Camel leaves the option out when it has no value
            }
            int colon = inner.indexOf(':');
            String key = inner;
            if (colon >= 0) {
                String function = inner.substring(0, colon);
                String rest = inner.substring(colon + 1);
                if (OTHER_FUNCTIONS.contains(function) || (ENV_FUNCTIONS.contains(function) && rest.contains(":"))) {
                    continue;
                }
                if (!ENV_FUNCTIONS.contains(function)) {
                    continue; // key:default
                }
                key = rest;
            }
            placeholders.add(new Use(file, s, m.start(), key, inner));
        }
    }

    /** The bean a reference names: {@code name}, {@code #name} or {@code #bean:name}; none for {@code #class:} and {@code #type:}. */
    private static Optional<String> beanReference(String value) {
        String name = value.strip();
        if (name.contains("{{")) {
            return Optional.empty();
        }
        if (name.startsWith("#bean:")) {
            name = name.substring("#bean:".length());
        } else if (name.startsWith("#")) {
            name = name.substring(1);
        }
        return BEAN_NAME.matcher(name).matches() ? Optional.of(name) : Optional.empty();
    }

    /** {@code direct:x} and {@code seda:x} (options and '//' dropped), which need a consumer. */
    private static Optional<String> internalEndpoint(String uri) {
        if (uri == null || uri.contains("{{") || uri.contains("${")) {
            return Optional.empty();
        }
        int colon = uri.indexOf(':');
        if (colon < 0 || !INTERNAL_SCHEMES.contains(uri.substring(0, colon).toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        String name = uri.substring(colon + 1).replaceFirst("^//", "").replaceFirst("\\?.*$", "");
        return name.isEmpty() ? Optional.empty() : Optional.of(uri.substring(0, colon).toLowerCase(Locale.ROOT) + ":" + name);
    }

    /** The bean behind {@code bean:name}, {@code ref:name} and {@code jdbc:name} (the DataSource) URIs. */
    private static Optional<String> beanOfUri(String uri) {
        for (String scheme : List.of("bean:", "ref:", "jdbc:")) {
            if (uri.startsWith(scheme)) {
                String name = uri.substring(scheme.length()).replaceFirst("^//", "").replaceFirst("\\?.*$", "");
                return BEAN_NAME.matcher(name).matches() ? Optional.of(name) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    // --- checks ---------------------------------------------------------------------------------

    /**
     * The problems of the gathered names. {@code complete} is false when some route file could not be
     * read: endpoints and configurations it defines are unknown then, so leads into it are not judged.
     */
    List<ConfigProblem> check(Set<String> beanNames, PropertyResolver properties, boolean complete) {
        List<ConfigProblem> problems = new ArrayList<>();
        for (Use use : beans) {
            if (!beanNames.contains(use.name())) {
                problems.add(problem(use, "unknown bean '" + use.name() + "' (" + use.role() + ")",
                        Suggestions.closest(use.name(), beanNames).map(n -> "did you mean '" + n + "'?")
                                .orElse("name a Spring bean of the application, e.g. @Component(\"" + use.name() + "\")")));
            }
        }
        if (complete) {
            for (Use use : sent) {
                if (!consumed.contains(use.name())) {
                    String hint = Suggestions.closest(use.name(), consumed).map(n -> "did you mean '" + n + "'?")
                            .orElse("add a route with from: uri: " + use.name() + ", or send somewhere else");
                    problems.add(problem(use, "nothing consumes '" + use.name() + "': no route has from: " + use.name(), hint));
                }
            }
            for (Use use : configurationUses) {
                if (!configurations.contains(use.name())) {
                    String hint = Suggestions.closest(use.name(), configurations).map(n -> "did you mean '" + n + "'?")
                            .orElse(configurations.isEmpty() ? "define a routeConfiguration with id: " + use.name()
                                    : "defined ids: " + String.join(", ", configurations));
                    problems.add(problem(use, "unknown routeConfigurationId '" + use.name() + "'", hint));
                }
            }
        }
        Map<String, Use> firstById = new LinkedHashMap<>();
        for (Use use : routeIds) {
            Use first = firstById.putIfAbsent(use.name(), use);
            if (first != null) {
                problems.add(problem(use, "route id '" + use.name() + "' is already used at " + first.file().getFileName() + ":"
                        + YamlNodes.line(first.node()) + ":" + YamlNodes.column(first.node()), "give each route its own id"));
            }
        }
        for (Use use : placeholders) {
            if (!properties.containsProperty(use.name())) {
                String written = use.role(); // the placeholder as written, without braces
                String hint = written.equals(use.name())
                        ? "set " + use.name() + " in application.yaml or as " + environmentName(use.name())
                                + ", or give a default: {{" + written + ":value}}"
                        : "set " + use.name() + " in the environment, or give a default: {{" + written + ":value}}";
                problems.add(problem(use, "placeholder {{" + written + "}} has no value", hint));
            }
        }
        return problems;
    }

    /** The environment variable Spring Boot maps to a property ({@code lockstep.inbox.batch-size} to {@code LOCKSTEP_INBOX_BATCHSIZE}). */
    private static String environmentName(String property) {
        return property.replace("-", "").replace('.', '_').toUpperCase(Locale.ROOT);
    }

    /** A problem at a use; a placeholder inside a longer one-line value gets its own column. */
    private static ConfigProblem problem(Use use, String message, String hint) {
        int column = YamlNodes.column(use.node()) + offsetInLine(use);
        return new ConfigProblem(use.file(), YamlNodes.line(use.node()), column, message, hint);
    }

    /**
     * The column offset of a placeholder inside its scalar, when the scalar is written on one line
     * exactly as its value (plain or quoted without escapes): otherwise the text and the line differ
     * and the scalar's own start is the honest position.
     */
    private static int offsetInLine(Use use) {
        if (use.offset() < 0 || !(use.node() instanceof ScalarNode s)) {
            return 0;
        }
        int written = s.getEndMark().getIndex() - s.getStartMark().getIndex();
        DumperOptions.ScalarStyle style = s.getScalarStyle();
        boolean quoted = style == DumperOptions.ScalarStyle.DOUBLE_QUOTED || style == DumperOptions.ScalarStyle.SINGLE_QUOTED;
        boolean plain = style == DumperOptions.ScalarStyle.PLAIN;
        boolean oneLine = s.getStartMark().getLine() == s.getEndMark().getLine();
        if (oneLine && plain && written == s.getValue().length()) {
            return use.offset();
        }
        if (oneLine && quoted && written == s.getValue().length() + 2) {
            return use.offset() + 1;
        }
        return 0;
    }
}
