package dev.lockstep.mapping;

import dev.lockstep.check.ConfigProblem;
import java.util.List;
import java.util.stream.Collectors;

/** Thrown at start-up when mapping files are wrong; the message lists every problem, one per line. */
public class InvalidMappingException extends RuntimeException {

    private final List<ConfigProblem> problems;

    public InvalidMappingException(List<ConfigProblem> problems) {
        super("Invalid mapping file(s):\n" + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
