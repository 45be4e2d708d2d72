package dev.lockstep.check;

import java.util.List;

/** Thrown at start-up when route files are wrong; the message lists every problem, one per line. */
public class InvalidRouteFilesException extends ConfigProblemsException {

    public InvalidRouteFilesException(List<ConfigProblem> problems) {
        super("route file(s)", problems);
    }
}
