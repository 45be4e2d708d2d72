package dev.lockstep.scale;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code lockstep.scale.*}: how long a pair's lease lasts without renewal, and who this replica is.
 *
 * @param leaseDuration how long a lease holds without being renewed: after a replica dies, the most
 *                      another waits before it takes over. The holder renews every third of it.
 * @param holder        this replica's name in {@code pair_lease}; empty: host name, process id and a
 *                      random suffix (a restarted replica is a new holder and waits like any other)
 */
@ConfigurationProperties("lockstep.scale")
public record LeaseProperties(Duration leaseDuration, String holder) {

    public LeaseProperties {
        if (leaseDuration == null) {
            leaseDuration = Duration.ofSeconds(15);
        }
        if (leaseDuration.toMillis() < 300) {
            throw new IllegalArgumentException("lockstep.scale.lease-duration must be at least 300ms, not " + leaseDuration);
        }
    }

    /** How often the holder renews, and a standby tries to take, each lease. */
    public Duration renewInterval() {
        return leaseDuration.dividedBy(3);
    }
}
