package dev.lockstep.twoway;

import dev.lockstep.mapping.MappingRegistry;
import dev.lockstep.mapping.TwoWayMapping;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

/**
 * The {@link SideStore}s of the two-way pairs. A system is reached through the DataSource bean of
 * its name ({@code storefront}, {@code warehouse}); a reloaded mapping gets fresh stores.
 */
@Component
public class TwoWaySides {

    private final MappingRegistry mappings;
    private final ApplicationContext context;
    private final Map<TwoWayMapping, Map<String, SideStore>> stores = new ConcurrentHashMap<>();

    public TwoWaySides(MappingRegistry mappings, ApplicationContext context) {
        this.mappings = mappings;
        this.context = context;
    }

    public TwoWayMapping mapping(String pair) {
        return mappings.twoWay(pair);
    }

    public SideStore store(String pair, String system) {
        TwoWayMapping mapping = mapping(pair);
        return stores.computeIfAbsent(mapping, m -> new ConcurrentHashMap<>())
                .computeIfAbsent(system, s -> new SideStore(mapping, s, context.getBean(s, DataSource.class)));
    }
}
