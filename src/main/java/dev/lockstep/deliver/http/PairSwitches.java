package dev.lockstep.deliver.http;

import dev.lockstep.mapping.Mapping;
import dev.lockstep.mapping.MappingRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Whether a pair is on: its target system is, by {@code lockstep.systems.<system>.enabled} (true
 * unless set otherwise; for HTTP systems, whether a base URL is configured, see
 * {@link HttpSystemsSwitch}). A webhook stores events only for the pairs that are on. Start-up says
 * which pairs are off, and why, in one line each.
 */
@Component
public class PairSwitches implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(PairSwitches.class);

    private final MappingRegistry mappings;
    private final Environment env;
    // Asked for every webhook: Boot's environment re-lists the (mutable) system properties under a
    // lock on each look-up, which the webhook profile showed as its main point of contention. The
    // settings do not change while Lockstep runs, so each system is looked up once.
    private final Map<String, Boolean> systems = new ConcurrentHashMap<>();

    public PairSwitches(MappingRegistry mappings, Environment env) {
        this.mappings = mappings;
        this.env = env;
    }

    public boolean isOn(String pair) {
        return systemOn(mappings.get(pair).target().system());
    }

    private boolean systemOn(String system) {
        return systems.computeIfAbsent(system, s -> env.getProperty("lockstep.systems." + s + ".enabled", Boolean.class, true));
    }

    @Override
    public void afterSingletonsInstantiated() {
        for (Mapping mapping : mappings.all().values()) {
            String system = mapping.target().system();
            if (systemOn(system)) {
                continue;
            }
            String baseUrl = "lockstep.systems." + system + ".base-url";
            if (env.getProperty(baseUrl, "").isBlank()) {
                log.warn("Pair {} is off: its target {} has no {} (environment variable {}); set it to turn the pair on",
                        mapping.pair(), system, baseUrl, baseUrl.toUpperCase().replace('.', '_').replace('-', '_'));
            } else {
                log.warn("Pair {} is off: lockstep.systems.{}.enabled is false", mapping.pair(), system);
            }
        }
    }
}
