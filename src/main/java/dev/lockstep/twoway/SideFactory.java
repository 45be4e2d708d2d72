package dev.lockstep.twoway;

import dev.lockstep.mapping.TwoWayMapping;
import dev.lockstep.mapping.TwoWayMapping.Connector;

/**
 * Makes the {@link Side} of one system of a two-way mapping, for one kind of connector. Database
 * tables are built in; each other connector contributes a bean (Salesforce does, when configured).
 */
public interface SideFactory {

    Connector connector();

    Side create(TwoWayMapping mapping, TwoWayMapping.SystemTable system);
}
