package dev.lockstep.scale;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.support.cluster.AbstractCamelClusterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One lease as Camel's cluster view: this replica is the leader of namespace {@code name} while it
 * holds the lease {@code name} in {@code pair_lease}. Every {@link LeaseProperties#renewInterval()}
 * it renews the lease (when it holds it) or tries to take it (when it is free or expired).
 *
 * <p>When renewing fails (the database is unreachable), this replica keeps leading only while the
 * lease it last renewed is sure to be still valid with a third of its time to spare; then it steps
 * down, so its consumer has stopped before any other replica can take the lease.
 */
final class LeaseView extends AbstractCamelClusterView {

    private static final Logger log = LoggerFactory.getLogger(LeaseView.class);

    private final PairLeases leases;
    private final LeaseProperties properties;
    private final LeaseClusterService service;
    private final CamelClusterMember local;
    private volatile boolean leader;
    /** System.nanoTime() when the last successful take or renewal was sent: the lease lasts at least until then + duration. */
    private volatile long renewedAt;
    private ScheduledExecutorService timer;

    LeaseView(LeaseClusterService service, String name, PairLeases leases, LeaseProperties properties) {
        super(service, name);
        this.service = service;
        this.leases = leases;
        this.properties = properties;
        this.local = new Member();
    }

    @Override
    protected void doStart() {
        timer = getCamelContext().getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "lease-" + getNamespace());
        timer.scheduleWithFixedDelay(this::renewOrTake, 0, properties.renewInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        if (timer != null) {
            getCamelContext().getExecutorServiceManager().shutdownGraceful(timer);
            timer = null;
        }
        if (leader) {
            leader = false;
            fireLeadershipChangedEvent((CamelClusterMember) null);
            /*
             * Not given back yet: the view stops with its consumer, while the consumer's last batch may
             * still be in flight. The service gives the lease back once Camel has finished its routes.
             */
            service.releaseWhenStopped(getNamespace());
        }
    }

    private void renewOrTake() {
        long sent = System.nanoTime();
        boolean held;
        try {
            held = leases.takeOrRenew(getNamespace(), service.holder(), properties.leaseDuration(), properties.renewInterval());
            if (held) {
                renewedAt = sent;
            }
        } catch (RuntimeException e) {
            Duration since = Duration.ofNanos(System.nanoTime() - renewedAt);
            held = leader && since.compareTo(properties.leaseDuration().minus(properties.renewInterval())) < 0;
            log.warn("Lease {} could not be {}: {}{}", getNamespace(), leader ? "renewed" : "taken", e.getMessage(),
                    leader ? (held ? " (still held, renewed " + since.toMillis() + " ms ago)" : " (stepping down before it expires)") : "");
        }
        if (held != leader) {
            leader = held;
            log.info("Lease {} {} by {}", getNamespace(), held ? "taken" : "lost", service.holder());
            fireLeadershipChangedEvent(held ? local : null);
        }
    }

    @Override
    public Optional<CamelClusterMember> getLeader() {
        return leader ? Optional.of(local) : Optional.empty();
    }

    @Override
    public CamelClusterMember getLocalMember() {
        return local;
    }

    @Override
    public List<CamelClusterMember> getMembers() {
        return List.of(local);
    }

    /** This replica; it leads while it holds the lease. */
    private final class Member implements CamelClusterMember {

        @Override
        public boolean isLeader() {
            return leader;
        }

        @Override
        public boolean isLocal() {
            return true;
        }

        @Override
        public String getId() {
            return service.holder();
        }
    }
}
