package dev.lockstep.mapping;

import java.nio.file.Path;

/** One thing wrong in a mapping file, where it is, and how to fix it. */
public record MappingProblem(Path file, int line, int column, String message, String hint) {
    @Override
    public String toString() {
        return file.getFileName() + ":" + line + ":" + column + ": " + message + " (fix: " + hint + ")";
    }
}
