package dev.lockstep.check;

import java.util.List;
import java.util.stream.Collectors;

/** Route or mapping files that are wrong: the message lists every problem, one per line. */
public abstract class ConfigProblemsException extends RuntimeException {

    private final List<ConfigProblem> problems;

    protected ConfigProblemsException(String what, List<ConfigProblem> problems) {
        super("Invalid " + what + ":\n" + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
