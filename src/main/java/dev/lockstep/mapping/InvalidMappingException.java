package dev.lockstep.mapping;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown at start-up when mapping files are wrong; the message lists every problem, one per line. */
public class InvalidMappingException extends RuntimeException {

    private final List<MappingProblem> problems;

    public InvalidMappingException(List<MappingProblem> problems) {
        super("Invalid mapping file(s):\n" + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<MappingProblem> problems() {
        return problems;
    }
}
