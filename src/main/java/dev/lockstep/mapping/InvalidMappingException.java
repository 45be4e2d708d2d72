package dev.lockstep.mapping;

import dev.lockstep.check.ConfigProblem;
import dev.lockstep.check.ConfigProblemsException;
import java.util.List;

/** Thrown at start-up when mapping files are wrong; the message lists every problem, one per line. */
public class InvalidMappingException extends ConfigProblemsException {

    public InvalidMappingException(List<ConfigProblem> problems) {
        super("mapping file(s)", problems);
    }
}
