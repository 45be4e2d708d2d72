package dev.lockstep.ops;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import dev.lockstep.mapping.MappingRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A pair's routes, found by the naming rule every route file follows: the pipeline route's id is
 * the pair's name, the pair's other routes (its triggers) are {@code <pair>-<step>}.
 *
 * <p>Pausing stops the pipeline route in this instance: events in flight finish, the rest stay
 * pending in the inbox, and webhooks are still accepted into it. Resuming starts the route again
 * and the pending events flow in arrival order. A pause lives in this instance's memory: a
 * restart, or a route file reloaded in development, runs the pair again; each replica is paused
 * on its own.
 */
@Component
public class PairRoutes {

    private static final Logger log = LoggerFactory.getLogger(PairRoutes.class);

    /** The pair's state as the operator API reports it. */
    public enum State { RUNNING, PAUSED, STOPPED, NO_ROUTE }

    /** What starts the pair's work: a webhook, a schedule, a file folder, ... */
    public record Trigger(String type, String routeId, String endpoint) {
    }

    private final CamelContext camel;
    private final MappingRegistry mappings;
    private final Set<String> paused = ConcurrentHashMap.newKeySet();

    public PairRoutes(CamelContext camel, MappingRegistry mappings) {
        this.camel = camel;
        this.mappings = mappings;
    }

    public State state(String pair) {
        ServiceStatus status = camel.getRouteController().getRouteStatus(pair);
        if (status == null) {
            return State.NO_ROUTE;
        }
        if (status.isStarted()) {
            return State.RUNNING;
        }
        return paused.contains(pair) ? State.PAUSED : State.STOPPED;
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

    /** The pair's triggers, read from its routes' consumer endpoints (the inbox poll is not one). */
    public List<Trigger> triggers(String pair) {
        return pairRoutes(pair).stream()
                .filter(r -> !r.getRouteId().equals(pair))
                .map(r -> trigger(r.getRouteId(), r.getEndpoint().getEndpointUri()))
                .toList();
    }

    static Trigger trigger(String routeId, String uri) {
        String scheme = uri.contains(":") ? uri.substring(0, uri.indexOf(':')) : uri;
        String rest = uri.substring(scheme.length() + 1).replaceFirst("^//", "");
        String path = rest.contains("?") ? rest.substring(0, rest.indexOf('?')) : rest;
        String type = switch (scheme) {
            case "platform-http", "rest", "servlet", "netty-http", "undertow", "jetty" -> "webhook";
            case "quartz", "cron", "timer", "scheduler" -> "schedule";
            case "file", "ftp", "sftp", "ftps" -> "file";
            default -> scheme;
        };
        String method = uri.matches(".*[?&]httpMethodRestrict=([A-Z,]+).*") ? uri.replaceAll(".*[?&]httpMethodRestrict=([A-Z,]+).*", "$1") + " " : "";
        return new Trigger(type, routeId, type.equals("webhook") ? method + path : path);
    }

    /** Stops the pair's pipeline route; true when it was running. */
    public boolean pause(String pair) throws Exception {
        requireRoute(pair);
        paused.add(pair);
        if (!camel.getRouteController().getRouteStatus(pair).isStarted()) {
            return false;
        }
        camel.getRouteController().stopRoute(pair);
        log.info("Paused pair {}: its pipeline route is stopped; webhooks are still accepted into the inbox", pair);
        return true;
    }

    /** Starts the pair's pipeline route again; true when it was not running. */
    public boolean resume(String pair) throws Exception {
        requireRoute(pair);
        paused.remove(pair);
        if (camel.getRouteController().getRouteStatus(pair).isStarted()) {
            return false;
        }
        camel.getRouteController().startRoute(pair);
        log.info("Resumed pair {}", pair);
        return true;
    }

    private void requireRoute(String pair) {
        if (camel.getRoute(pair) == null) {
            throw new ApiErrors.Conflict("pair " + pair + " has no pipeline route (a route with id '" + pair + "')");
        }
    }

    /** The pair a route belongs to: the longest pair name it equals or starts with followed by '-'. */
    static String owner(String routeId, Set<String> pairs) {
        return pairs.stream().filter(p -> routeId.equals(p) || routeId.startsWith(p + "-"))
                .max(java.util.Comparator.comparingInt(String::length)).orElse(null);
    }

    private List<Route> pairRoutes(String pair) {
        Set<String> pairs = mappings.all().keySet();
        return camel.getRoutes().stream()
                .filter(r -> pair.equals(owner(r.getRouteId(), pairs)))
                .sorted(java.util.Comparator.comparing(Route::getRouteId))
                .toList();
    }
}
