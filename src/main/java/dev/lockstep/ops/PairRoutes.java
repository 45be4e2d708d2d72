package dev.lockstep.ops;

import dev.lockstep.mapping.MappingRegistry;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A pair's routes, found by the naming rule every route file follows: the pipeline route's id is
 * the pair's name, the pair's other routes (its triggers) are {@code <pair>-<step>}.
 *
 * <p>Pausing stops the pipeline route: events in flight finish, the rest stay pending in the inbox,
 * and webhooks are still accepted into it. Resuming starts the route again and the pending events
 * flow in arrival order. A pause is a row in {@code paused_pair}, so it holds for every replica and
 * across restarts: each replica applies it at start-up, before its first inbox poll, and checks
 * for changes every {@code lockstep.pairs.pause-sync} (2 s); the replica that received the request
 * applies it at once.
 */
@Component
public class PairRoutes implements CamelContextConfiguration, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(PairRoutes.class);

    /** The pair's state as the operator API reports it. */
    public enum State { RUNNING, PAUSED, STOPPED, NO_ROUTE }

    /** What starts the pair's work: a webhook, a schedule, a file folder, ... */
    public record Trigger(String type, String routeId, String endpoint) {
    }

    private static final String PAUSED = "SELECT pair FROM paused_pair";
    private static final String PAUSE = "INSERT INTO paused_pair (pair) VALUES (?) ON CONFLICT (pair) DO NOTHING";
    private static final String RESUME = "DELETE FROM paused_pair WHERE pair = ?";

    private final CamelContext camel;
    private final MappingRegistry mappings;
    private final JdbcTemplate jdbc;
    private final long syncMillis;
    // Where Camel's servlet is mapped ("/webhooks/*"): a servlet: route's path is relative to it.
    private final String servletPath;
    // Routes this replica stopped for a pause: only these are started again on resume.
    private final Set<String> stoppedForPause = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService sync;

    public PairRoutes(CamelContext camel, MappingRegistry mappings, JdbcTemplate jdbc,
                      @Value("${lockstep.pairs.pause-sync:2s}") Duration syncPeriod,
                      @Value("${camel.servlet.mapping.context-path:/camel/*}") String servletMapping) {
        this.servletPath = servletMapping.replaceFirst("/?\\*$", "").replaceFirst("/$", "");
        this.camel = camel;
        this.mappings = mappings;
        this.jdbc = jdbc;
        this.syncMillis = syncPeriod.toMillis();
    }

    /**
     * The route a pause stops: the pair's inbox pipeline (a route named like the pair), or for a
     * scheduled pair without an inbox (two-way), its poll ({@code <pair>-poll}).
     */
    String pipelineRoute(String pair) {
        if (camel.getRoute(pair) == null && camel.getRoute(pair + "-poll") != null) {
            return pair + "-poll";
        }
        return pair;
    }

    public State state(String pair) {
        ServiceStatus status = camel.getRouteController().getRouteStatus(pipelineRoute(pair));
        if (status == null) {
            return State.NO_ROUTE;
        }
        if (status.isStarted()) {
            return State.RUNNING;
        }
        return stoppedForPause.contains(pair) ? State.PAUSED : State.STOPPED;
    }

    /** The route id and Camel status of every route of the pair. */
    public Map<String, String> routes(String pair) {
        Map<String, String> routes = new java.util.TreeMap<>();
        for (Route route : pairRoutes(pair)) {
            ServiceStatus status = camel.getRouteController().getRouteStatus(route.getRouteId());
            routes.put(route.getRouteId(), status == null ? "Unknown" : status.name());
        }
        return routes;
    }

    /**
     * The pair's triggers, read from its routes' consumer endpoints (the inbox poll is not one, nor
     * a route only other routes call, such as the one-by-one route).
     */
    public List<Trigger> triggers(String pair) {
        return pairRoutes(pair).stream()
                .filter(r -> !r.getRouteId().equals(pair))
                .map(r -> trigger(r.getRouteId(), r.getEndpoint().getEndpointUri(), servletPath))
                .filter(t -> !INTERNAL.contains(t.type()))
                .toList();
    }

    private static final java.util.Set<String> INTERNAL = java.util.Set.of("direct", "seda");

    /** What kind of trigger a consumer endpoint is: webhook, schedule, file, or its scheme. */
    public static String triggerType(String uri) {
        String scheme = uri.contains(":") ? uri.substring(0, uri.indexOf(':')) : uri;
        return switch (scheme) {
            case "platform-http", "rest", "servlet", "netty-http", "undertow", "jetty" -> "webhook";
            case "quartz", "cron", "timer", "scheduler" -> "schedule";
            case "file", "ftp", "sftp", "ftps" -> "file";
            default -> scheme;
        };
    }

    /** {@code servletPath}: where Camel's servlet is mapped, which a {@code servlet:} path is relative to. */
    static Trigger trigger(String routeId, String uri, String servletPath) {
        String scheme = uri.contains(":") ? uri.substring(0, uri.indexOf(':')) : uri;
        String rest = uri.substring(scheme.length() + 1).replaceFirst("^//", "");
        String path = rest.contains("?") ? rest.substring(0, rest.indexOf('?')) : rest;
        if (scheme.equals("servlet")) {
            path = servletPath + (path.startsWith("/") ? path : "/" + path);
        }
        String type = triggerType(uri);
        String method = uri.matches(".*[?&]httpMethodRestrict=([A-Z,]+).*") ? uri.replaceAll(".*[?&]httpMethodRestrict=([A-Z,]+).*", "$1") + " " : "";
        return new Trigger(type, routeId, type.equals("webhook") ? method + path : path);
    }

    /** Pauses the pair on every replica; true when it was not paused. */
    public boolean pause(String pair) throws Exception {
        requireRoute(pair);
        boolean changed = jdbc.update(PAUSE, pair) == 1;
        apply(pair, true);
        return changed;
    }

    /** Resumes the pair on every replica; true when it was paused. */
    public boolean resume(String pair) throws Exception {
        requireRoute(pair);
        boolean changed = jdbc.update(RESUME, pair) == 1;
        apply(pair, false);
        return changed;
    }

    /** Brings this replica's pipeline routes in line with the pauses in the database. */
    synchronized void syncPauses() {
        Set<String> paused = new HashSet<>(jdbc.queryForList(PAUSED, String.class));
        for (String pair : mappings.allPairs()) {
            if (camel.getRoute(pipelineRoute(pair)) == null) {
                continue;
            }
            try {
                apply(pair, paused.contains(pair));
            } catch (Exception e) {
                log.warn("Could not apply the pause state of pair {}: {}", pair, e.getMessage());
            }
        }
    }

    private synchronized void apply(String pair, boolean paused) throws Exception {
        String route = pipelineRoute(pair);
        boolean running = camel.getRouteController().getRouteStatus(route).isStarted();
        if (paused && running) {
            stoppedForPause.add(pair);
            camel.getRouteController().stopRoute(route);
            log.info("Paused pair {}: its pipeline route is stopped; webhooks are still accepted into the inbox", pair);
        } else if (paused) {
            stoppedForPause.add(pair);
        } else if (stoppedForPause.remove(pair) && !running) {
            camel.getRouteController().startRoute(route);
            log.info("Resumed pair {}", pair);
        }
    }

    /** At start-up, before the first inbox poll: paused pairs stay paused; then keep in step with the other replicas. */
    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        syncPauses();
        sync = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lockstep-pause-sync");
            t.setDaemon(true);
            return t;
        });
        sync.scheduleWithFixedDelay(() -> {
            try {
                syncPauses();
            } catch (RuntimeException e) {
                log.debug("Pause sync skipped: {}", e.getMessage());
            }
        }, syncMillis, syncMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
    }

    @Override
    public void destroy() {
        if (sync != null) {
            sync.shutdownNow();
        }
    }

    private void requireRoute(String pair) {
        if (camel.getRoute(pipelineRoute(pair)) == null) {
            throw new ApiErrors.Conflict("pair " + pair + " has no pipeline route (a route with id '" + pair + "' or '" + pair + "-poll')");
        }
    }

    /** The pair a route belongs to: the longest pair name it equals or starts with followed by '-'. */
    static String owner(String routeId, Set<String> pairs) {
        return pairs.stream().filter(p -> routeId.equals(p) || routeId.startsWith(p + "-"))
                .max(java.util.Comparator.comparingInt(String::length)).orElse(null);
    }

    private List<Route> pairRoutes(String pair) {
        Set<String> pairs = mappings.allPairs();
        return camel.getRoutes().stream()
                .filter(r -> pair.equals(owner(r.getRouteId(), pairs)))
                .sorted(java.util.Comparator.comparing(Route::getRouteId))
                .toList();
    }
}
