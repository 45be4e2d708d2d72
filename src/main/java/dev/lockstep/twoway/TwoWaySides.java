package dev.lockstep.twoway;

import dev.lockstep.mapping.MappingRegistry;
import dev.lockstep.mapping.TwoWayMapping;
import dev.lockstep.mapping.TwoWayMapping.Connector;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

/**
 * The {@link Side}s of the two-way pairs. A database system is reached through the DataSource bean
 * of its name ({@code storefront}, {@code warehouse}, {@code billing}); any other connector through
 * its {@link SideFactory} bean. A reloaded mapping gets fresh sides.
 */
@Component
public class TwoWaySides {

    private final MappingRegistry mappings;
    private final ApplicationContext context;
    private final List<SideFactory> factories;
    private final Map<TwoWayMapping, Map<String, Side>> sides = new ConcurrentHashMap<>();

    public TwoWaySides(MappingRegistry mappings, ApplicationContext context, List<SideFactory> factories) {
        this.mappings = mappings;
        this.context = context;
        this.factories = factories;
    }

    public TwoWayMapping mapping(String pair) {
        return mappings.twoWay(pair);
    }

    public Side store(String pair, String system) {
        TwoWayMapping mapping = mapping(pair);
        return sides.computeIfAbsent(mapping, m -> new ConcurrentHashMap<>())
                .computeIfAbsent(system, s -> create(mapping, mapping.system(s)));
    }

    private Side create(TwoWayMapping mapping, TwoWayMapping.SystemTable system) {
        if (system.connector() == Connector.JDBC) {
            return new JdbcSide(mapping, system.system(), context.getBean(system.system(), DataSource.class));
        }
        return factories.stream().filter(f -> f.connector() == system.connector()).findFirst()
                .orElseThrow(() -> new IllegalStateException("system " + system.system() + " of " + mapping.pair()
                        + " is a " + system.connector().name().toLowerCase() + " system, which is not configured"))
                .create(mapping, system);
    }
}
