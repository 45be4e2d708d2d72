package dev.lockstep.reload;

import dev.lockstep.check.ConfigProblem;
import dev.lockstep.check.InvalidRouteFilesException;
import dev.lockstep.check.RouteFileStartupCheck;
import dev.lockstep.mapping.InvalidMappingException;
import dev.lockstep.mapping.MappingRegistry;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * In development (profile {@code dev}): an edited route or mapping file takes effect without a
 * restart. Each change is checked first, by the same checks as at start-up (route files against
 * Camel's YAML DSL schema and their references; mappings fully); an edit that does not validate is
 * rejected with the same messages, and the running version keeps working.
 *
 * <p>Mappings are swapped whole by {@link MappingRegistry#reload()}. Route files go through Camel's
 * own routes loader ({@code updateRoutes}), which parses the new file before it replaces the routes
 * of the same ids, so a file that does not parse leaves the running routes alone.
 */
@Component
@Profile("dev")
public class ConfigReloader implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ConfigReloader.class);

    private final MappingRegistry mappings;
    private final RouteFileStartupCheck routeChecks;
    private final CamelContext camel;
    private final Path routesDir;
    private final AtomicReference<WatchService> watcher = new AtomicReference<>();
    /** The last outcome per file, for tests and the log: "applied" or the rejection message. */
    private final ConcurrentHashMap<String, String> lastOutcome = new ConcurrentHashMap<>();

    public ConfigReloader(MappingRegistry mappings, RouteFileStartupCheck routeChecks, CamelContext camel,
                          @Value("${lockstep.routes-dir}") String routesDir) {
        this.mappings = mappings;
        this.routeChecks = routeChecks;
        this.camel = camel;
        this.routesDir = Path.of(routesDir);
    }

    @EventListener(ApplicationReadyEvent.class)
    public void start() throws IOException {
        WatchService service = FileSystems.getDefault().newWatchService();
        watcher.set(service);
        routesDir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        mappings.folder().register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        Thread thread = new Thread(() -> watch(service), "lockstep-config-reloader");
        thread.setDaemon(true);
        thread.start();
        log.info("Development reload: watching {} and {}", routesDir, mappings.folder());
    }

    private void watch(WatchService service) {
        try {
            while (true) {
                WatchKey key = service.take();
                // Editors often write a file in several events; let them finish.
                Thread.sleep(200);
                Path dir = (Path) key.watchable();
                Set<Path> changed = new java.util.TreeSet<>();
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.context() instanceof Path name) {
                        changed.add(dir.resolve(name));
                    }
                }
                key.reset();
                changed.forEach(this::onChange);
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            Thread.currentThread().interrupt();
        }
    }

    void onChange(Path file) {
        String name = file.getFileName().toString();
        if (file.getParent().equals(routesDir) && name.endsWith(".camel.yaml")) {
            reloadRoute(file);
        } else if (file.getParent().equals(mappings.folder()) && name.matches(".*\\.ya?ml$")) {
            reloadMappings(file);
        }
    }

    private void reloadMappings(Path file) {
        try {
            mappings.reload();
            lastOutcome.put(file.getFileName().toString(), "applied");
        } catch (InvalidMappingException e) {
            lastOutcome.put(file.getFileName().toString(), e.getMessage());
            log.error("Rejected the edit of {}; the running mappings stay in use.\n{}", file.getFileName(), e.getMessage());
        }
    }

    private void reloadRoute(Path file) {
        List<ConfigProblem> problems = routeChecks.problems();
        if (!problems.isEmpty()) {
            String message = new InvalidRouteFilesException(problems).getMessage();
            lastOutcome.put(file.getFileName().toString(), message);
            log.error("Rejected the edit of {}; the running routes stay in use.\n{}", file.getFileName(), message);
            return;
        }
        try {
            Resource resource = ResourceHelper.resolveResource(camel, "file:" + file.toAbsolutePath());
            Set<String> ids = PluginHelper.getRoutesLoader(camel).updateRoutes(resource);
            lastOutcome.put(file.getFileName().toString(), "applied");
            log.info("Reloaded {}: routes {}", file.getFileName(), ids);
        } catch (Exception e) {
            lastOutcome.put(file.getFileName().toString(), file.getFileName() + ": " + e.getMessage());
            log.error("Rejected the edit of {}; the running routes stay in use: {}", file.getFileName(), e.getMessage());
        }
    }

    /** The last outcome of a file's reload: {@code applied} or why it was rejected. */
    public String lastOutcome(String fileName) {
        return lastOutcome.get(fileName);
    }

    @Override
    public void destroy() throws IOException {
        WatchService service = watcher.getAndSet(null);
        if (service != null) {
            service.close();
        }
    }
}
