package dev.lockstep.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Fresh drop folders for the spreadsheet pair, under target/ so {@code mvn clean} removes them. */
public final class SpreadsheetFolders {

    private SpreadsheetFolders() {
    }

    public static Path fresh() {
        try {
            Path base = Files.createDirectories(Path.of("target", "spreadsheet-inbox"));
            return Files.createTempDirectory(base.toAbsolutePath(), "inbox-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
