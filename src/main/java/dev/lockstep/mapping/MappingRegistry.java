package dev.lockstep.mapping;

import dev.lockstep.check.ConfigProblem;
import dev.lockstep.config.LockstepProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Every mapping file in {@code lockstep.mappings-dir}, loaded and checked once at start-up. A wrong
 * file stops start-up with all problems of all files listed together.
 */
@Component
public class MappingRegistry {

    private static final Logger log = LoggerFactory.getLogger(MappingRegistry.class);

    private final Path folder;
    // Replaced whole on reload, so a reader sees either the old set or the new one, never a mix.
    private volatile Map<String, Mapping> byPair;
    // What the last reload rejected (empty when the files on disk are the ones in use): readiness reports it.
    private volatile List<ConfigProblem> rejected = List.of();
    // Two-way pairs (files with a systems: section), replaced together with the one-way ones.
    private volatile Map<String, TwoWayMapping> twoWayByPair = Map.of();

    @Autowired
    public MappingRegistry(LockstepProperties props) {
        this(Path.of(props.mappingsDir()));
    }

    public MappingRegistry(Path folder) {
        this.folder = folder;
        Map<String, TwoWayMapping> twoWay = new TreeMap<>();
        this.byPair = loadAll(folder, twoWay);
        this.twoWayByPair = java.util.Collections.unmodifiableMap(twoWay);
        log.info("Loaded {} mapping(s) from {}: {}", byPair.size() + twoWay.size(), folder, allPairs());
    }

    /**
     * Loads the folder again and, only if every file is valid, replaces the mappings in use.
     *
     * @throws InvalidMappingException listing every problem; the mappings in use are unchanged
     */
    public void reload() {
        Map<String, TwoWayMapping> twoWay = new TreeMap<>();
        Map<String, Mapping> fresh;
        try {
            fresh = loadAll(folder, twoWay);
        } catch (InvalidMappingException e) {
            rejected = List.copyOf(e.problems());
            throw e;
        }
        byPair = fresh;
        twoWayByPair = java.util.Collections.unmodifiableMap(twoWay);
        rejected = List.of();
        log.info("Reloaded {} mapping(s) from {}: {}", fresh.size() + twoWay.size(), folder, allPairs());
    }

    /** The problems of the mapping files on disk that the last reload rejected; empty when they are in use. */
    public List<ConfigProblem> rejectedProblems() {
        return rejected;
    }

    public Path folder() {
        return folder;
    }

    private static Map<String, Mapping> loadAll(Path folder, Map<String, TwoWayMapping> twoWay) {
        Map<String, Mapping> loaded = new TreeMap<>();
        List<ConfigProblem> problems = new ArrayList<>();
        for (Path file : mappingFiles(folder)) {
            try {
                // Read once; the top-level keys say which loader takes it.
                org.yaml.snakeyaml.nodes.Node root = MappingFileReader.composeOrThrow(file);
                if (TwoWayMappingLoader.isTwoWay(root)) {
                    TwoWayMapping mapping = TwoWayMappingLoader.load(file, root);
                    twoWay.put(mapping.pair(), mapping);
                    continue;
                }
                Mapping mapping = MappingLoader.load(file, root);
                loaded.put(mapping.pair(), mapping);
            } catch (InvalidMappingException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidMappingException(problems);
        }
        return java.util.Collections.unmodifiableMap(loaded);
    }

    /** The mapping of {@code pair}; a route naming a pair without a mapping file is a configuration error. */
    public Mapping get(String pair) {
        Mapping mapping = byPair.get(pair);
        if (mapping == null) {
            throw new IllegalStateException("No mapping file for pair '" + pair + "' (expected mappings/" + pair + ".yaml)");
        }
        return mapping;
    }

    public Map<String, Mapping> all() {
        return byPair;
    }

    /** The two-way pairs' mappings, by pair. */
    public Map<String, TwoWayMapping> twoWay() {
        return twoWayByPair;
    }

    /** The mapping of the two-way {@code pair}; a route naming a pair without one is a configuration error. */
    public TwoWayMapping twoWay(String pair) {
        TwoWayMapping mapping = twoWayByPair.get(pair);
        if (mapping == null) {
            throw new IllegalStateException("No two-way mapping file for pair '" + pair + "' (expected mappings/" + pair + ".yaml with a systems: section)");
        }
        return mapping;
    }

    /** Every pair, one-way and two-way. */
    public java.util.Set<String> allPairs() {
        java.util.Set<String> pairs = new java.util.TreeSet<>(byPair.keySet());
        pairs.addAll(twoWayByPair.keySet());
        return pairs;
    }

    /** The mapping files of {@code folder} ({@code *.yaml}, {@code *.yml}), by name. */
    public static List<Path> mappingFiles(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().matches(".*\\.ya?ml$")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list mapping files in " + folder, e);
        }
    }
}
