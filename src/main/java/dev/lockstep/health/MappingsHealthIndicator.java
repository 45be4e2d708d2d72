package dev.lockstep.health;

import dev.lockstep.check.ConfigProblem;
import dev.lockstep.mapping.MappingRegistry;
import java.util.List;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * {@code mappings}: DOWN while a mapping file on disk is invalid. At start-up an invalid mapping
 * stops Lockstep; in development an edit that does not validate is rejected at runtime and the
 * previous version keeps running — readiness says so until the file is fixed, so a broken
 * configuration is visible to whatever watches the pod rather than only in a log line.
 */
@Component
public class MappingsHealthIndicator extends AbstractHealthIndicator {

    private final MappingRegistry mappings;

    public MappingsHealthIndicator(MappingRegistry mappings) {
        super("The mapping files could not be checked");
        this.mappings = mappings;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        List<ConfigProblem> problems = mappings.rejectedProblems();
        if (problems.isEmpty()) {
            builder.up().withDetail("pairs", new java.util.TreeSet<>(mappings.allPairs()));
        } else {
            builder.down().withDetail("problems", problems.stream().map(ConfigProblem::toString).toList());
        }
    }
}
