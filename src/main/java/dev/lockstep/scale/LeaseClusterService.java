package dev.lockstep.scale;

import java.util.function.Supplier;
import org.apache.camel.support.cluster.AbstractCamelClusterService;

/**
 * Camel's cluster service over {@code pair_lease}: what {@code master:<name>:<endpoint>} asks whether
 * this replica may consume. Needs nothing but Lockstep's own database (no ZooKeeper, no Kubernetes
 * API), so it works the same on one machine, on several, and in a cluster.
 */
public class LeaseClusterService extends AbstractCamelClusterService<LeaseView> {

    private final PairLeases leases;
    private final LeaseProperties properties;
    private final Supplier<String> holderName;
    private volatile String holder;

    /** {@code holder}: asked once, when the first lease is wanted (the HTTP port it may name is known by then). */
    public LeaseClusterService(PairLeases leases, LeaseProperties properties, Supplier<String> holder) {
        super("lockstep-leases");
        this.leases = leases;
        this.properties = properties;
        this.holderName = holder;
    }

    /** This replica's name in {@code pair_lease}. */
    public synchronized String holder() {
        if (holder == null) {
            holder = holderName.get();
        }
        return holder;
    }

    @Override
    protected LeaseView createView(String namespace) {
        return new LeaseView(this, namespace, leases, properties);
    }
}
