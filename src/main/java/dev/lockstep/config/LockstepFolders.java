package dev.lockstep.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Resolves {@code lockstep.routes-dir} and {@code lockstep.mappings-dir} to absolute folders before
 * anything else starts, and points Camel's route loader at the routes folder.
 *
 * <p>Why: a relative {@code file:routes/...} include pattern depends on the working directory and
 * fails with a bare {@code NoSuchFileException} when started elsewhere. Resolving it here makes
 * {@code mvn spring-boot:run} and {@code java -jar} behave the same, and a missing folder stops
 * start-up with its absolute path and the property that names it.
 */
public class LockstepFolders implements EnvironmentPostProcessor {

    static final String ROUTES_DIR = "lockstep.routes-dir";
    static final String MAPPINGS_DIR = "lockstep.mappings-dir";
    // The spreadsheet pair's drop folder: made absolute the same way, but created by its file consumer when missing.
    static final String SPREADSHEET_INBOX = "lockstep.systems.spreadsheet.inbox";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        Path routes = requireFolder(env, ROUTES_DIR, "routes", "LOCKSTEP_ROUTES_DIR");
        Path mappings = requireFolder(env, MAPPINGS_DIR, "mappings", "LOCKSTEP_MAPPINGS_DIR");
        env.getPropertySources().addFirst(new MapPropertySource("lockstepFolders", Map.of(
                ROUTES_DIR, routes.toString(),
                MAPPINGS_DIR, mappings.toString(),
                SPREADSHEET_INBOX, Path.of(env.getProperty(SPREADSHEET_INBOX, "data/spreadsheet/inbox")).toAbsolutePath().normalize().toString(),
                "camel.main.routes-include-pattern", "file:" + routes + "/*.camel.yaml")));
    }

    private static Path requireFolder(ConfigurableEnvironment env, String key, String fallback, String envVar) {
        String configured = env.getProperty(key, fallback);
        Path folder = Path.of(configured).toAbsolutePath().normalize();
        if (!Files.isDirectory(folder)) {
            throw new IllegalStateException("Lockstep cannot start: the folder " + folder + " does not exist. Set "
                    + key + " (or the environment variable " + envVar + ") to the folder that holds them, "
                    + "or start Lockstep from the repository root.");
        }
        return folder;
    }
}
