package dev.lockstep.cleanup;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A record whose data failed cleanup or validation. The pipeline's route configuration sends it to
 * the quarantine, not to retries: it is the data that is wrong, and trying again cannot fix it.
 */
public class InvalidRecordException extends RuntimeException {

    private final List<Violation> violations;

    public InvalidRecordException(List<Violation> violations) {
        super(violations.stream().map(v -> v.field() + ": " + v.reason()).collect(Collectors.joining("; ")), null, false, false);
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
