package dev.lockstep.check;

import java.nio.file.Path;

/** One thing wrong in a route or mapping file: where it is (1-based line and column), what, and how to fix it. */
public record ConfigProblem(Path file, int line, int column, String message, String hint) {
    @Override
    public String toString() {
        return file.getFileName() + ":" + line + ":" + column + ": " + message + " (fix: " + hint + ")";
    }
}
