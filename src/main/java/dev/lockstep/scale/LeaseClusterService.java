package dev.lockstep.scale;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.camel.support.cluster.AbstractCamelClusterService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel's cluster service over {@code pair_lease}: what {@code master:<name>:<endpoint>} asks whether
 * this replica may consume. Needs nothing but Lockstep's own database (no ZooKeeper, no Kubernetes
 * API), so it works the same on one machine, on several, and in a cluster.
 */
public class LeaseClusterService extends AbstractCamelClusterService<LeaseView> {

    private final PairLeases leases;
    private final LeaseProperties properties;
    private static final Logger log = LoggerFactory.getLogger(LeaseClusterService.class);

    private final Set<String> toRelease = ConcurrentHashMap.newKeySet();
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

    /** A lease this replica stopped using: given back when the service stops. */
    void releaseWhenStopped(String namespace) {
        toRelease.add(namespace);
    }

    /**
     * Camel stops its services after its routes, whose in-flight exchanges it has waited for: only
     * now are the leases given back, so that another replica takes over at once (not after they
     * expire) and never while this one still applies a batch.
     */
    @Override
    protected void doStop() throws Exception {
        super.doStop();
        for (String namespace : toRelease) {
            try {
                leases.release(namespace, holder());
                log.info("Lease {} released by {}", namespace, holder());
            } catch (RuntimeException e) {
                log.warn("Lease {} could not be released (it expires by itself): {}", namespace, e.getMessage());
            }
        }
        toRelease.clear();
    }
}
