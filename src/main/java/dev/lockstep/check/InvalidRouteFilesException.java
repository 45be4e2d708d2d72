package dev.lockstep.check;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown at start-up when route files are wrong; the message lists every problem, one per line. */
public class InvalidRouteFilesException extends RuntimeException {

    private final List<ConfigProblem> problems;

    public InvalidRouteFilesException(List<ConfigProblem> problems) {
        super("Invalid route file(s):\n" + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
