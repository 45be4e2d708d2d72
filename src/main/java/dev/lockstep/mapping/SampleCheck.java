package dev.lockstep.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Checks every source path a mapping file names against the pair's sample record, so a misspelt
 * field ({@code emial}) is reported at start-up with its line instead of silently mapping nothing.
 */
final class SampleCheck {

    /** Receives a problem at a node's position. */
    interface Problems {
        void problem(Node node, String message, String hint);
    }

    private SampleCheck() {
    }

    static void check(Path sample, List<Map.Entry<String, Node>> paths, Problems problems) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(sample.toFile());
        } catch (IOException e) {
            problems.problem(paths.isEmpty() ? null : paths.get(0).getValue(),
                    "the sample " + sample.getFileName() + " is not readable JSON: " + e.getMessage(), "fix the sample file");
            return;
        }
        for (Map.Entry<String, Node> path : paths) {
            if (!exists(root, path.getKey())) {
                problems.problem(path.getValue(), "source field '" + path.getKey() + "' is not in the sample " + sample.getFileName(),
                        "check the spelling; the sample has " + fieldNames(root));
            }
        }
    }

    private static boolean exists(JsonNode root, String path) {
        if (root.has(path)) {
            return true;
        }
        JsonNode current = root;
        for (String part : path.split("\\.")) {
            if (current == null || !current.isObject() || !current.has(part)) {
                return false;
            }
            current = current.get(part);
        }
        return true;
    }

    private static List<String> fieldNames(JsonNode root) {
        List<String> names = new ArrayList<>();
        Iterator<String> it = root.fieldNames();
        it.forEachRemaining(names::add);
        return names;
    }
}
