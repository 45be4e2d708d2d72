package dev.lockstep.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * SnakeYAML node trees (which keep line and column) and their JSON view (which the schema
 * validator reads), with the way back from a JSON path to the node it names.
 */
final class YamlNodes {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private YamlNodes() {
    }

    /** Where a JSON path leads in the YAML: the key that names it (null for list items and the root) and the value. */
    record Located(Node key, Node value) {
        /** The node to point a reader at: the key when there is one, so the line shows what is wrong. */
        Node keyOrValue() {
            return key != null ? key : value;
        }
    }

    /** The JSON view of a YAML node; plain scalars keep the type YAML gives them (number, boolean, null). */
    static JsonNode toJson(Node node) {
        if (node instanceof MappingNode map) {
            ObjectNode object = JSON.objectNode();
            for (NodeTuple t : map.getValue()) {
                String key = scalar(t.getKeyNode());
                if (key != null && !object.has(key)) { // a repeated key is reported by RouteFileChecker
                    object.set(key, toJson(t.getValueNode()));
                }
            }
            return object;
        }
        if (node instanceof SequenceNode list) {
            ArrayNode array = JSON.arrayNode();
            list.getValue().forEach(item -> array.add(toJson(item)));
            return array;
        }
        if (node instanceof ScalarNode s) {
            return scalarToJson(s);
        }
        return JSON.nullNode();
    }

    private static JsonNode scalarToJson(ScalarNode s) {
        Tag tag = s.getTag();
        String text = s.getValue();
        try {
            if (Tag.NULL.equals(tag)) {
                return JSON.nullNode();
            }
            if (Tag.BOOL.equals(tag)) {
                return JSON.booleanNode(Boolean.parseBoolean(text) || text.equalsIgnoreCase("yes") || text.equalsIgnoreCase("on"));
            }
            if (Tag.INT.equals(tag)) {
                return JSON.numberNode(new BigInteger(text.replace("_", "")));
            }
            if (Tag.FLOAT.equals(tag)) {
                return JSON.numberNode(new BigDecimal(text.replace("_", "")));
            }
        } catch (NumberFormatException e) {
            // YAML 1.1 also knows octal, hex, sexagesimal and .inf: leave such values as text.
        }
        return JSON.textNode(text);
    }

    /** The YAML node a JSON path (keys and list indexes, as the schema validator reports them) points at. */
    static Located locate(Node root, List<Object> path) {
        Node key = null;
        Node current = root;
        for (Object element : path) {
            if (current == null) {
                break;
            }
            if (element instanceof Integer index && current instanceof SequenceNode list) {
                key = null;
                current = index < list.getValue().size() ? list.getValue().get(index) : null;
            } else if (current instanceof MappingNode map) {
                NodeTuple tuple = entry(map, element.toString());
                key = tuple == null ? null : tuple.getKeyNode();
                current = tuple == null ? null : tuple.getValueNode();
            } else {
                current = null;
            }
        }
        return current == null ? new Located(null, root) : new Located(key, current);
    }

    /** The first entry of {@code map} with this key, or null. */
    static NodeTuple entry(MappingNode map, String key) {
        for (NodeTuple t : map.getValue()) {
            if (key.equals(scalar(t.getKeyNode()))) {
                return t;
            }
        }
        return null;
    }

    /** The value under {@code key} when {@code node} is a map, else null. */
    static Node value(Node node, String key) {
        if (node instanceof MappingNode map) {
            NodeTuple t = entry(map, key);
            return t == null ? null : t.getValueNode();
        }
        return null;
    }

    static String scalar(Node node) {
        return node instanceof ScalarNode s ? s.getValue() : null;
    }

    /** 1-based line of a node. */
    static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    /** 1-based column of a node. */
    static int column(Node node) {
        return node.getStartMark().getColumn() + 1;
    }
}
