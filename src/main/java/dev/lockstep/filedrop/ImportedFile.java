package dev.lockstep.filedrop;

import dev.lockstep.cleanup.Violation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@link FileImport} made of one dropped file, handed to {@link FileImportReport}.
 *
 * @param runId      the file's {@code sync_run}
 * @param pair       the pair it was imported into
 * @param name       the file's name
 * @param sha256     the hash of its bytes (its rows' event ids start with part of it)
 * @param startedAt  when the import started
 * @param table      the file as read; null when it was unreadable
 * @param error      why the file as a whole could not be imported; null when it was read
 * @param rows       every data row by event id, in file order
 * @param newEvents  the event ids this drop stored (none when the same content was imported before)
 */
public record ImportedFile(long runId, String pair, String name, String sha256, Instant startedAt, CsvTable table,
                           String error, Map<String, RowInfo> rows, Set<String> newEvents) {

    /**
     * One data row.
     *
     * @param line            the line it starts on
     * @param sourceId        its id (the mapping's {@code source.id} column); may be blank on a bad row
     * @param targetKey       the target key its data maps to, before matching; null when it does not map
     * @param problems        what kept it out of the pipeline (wrong width, no id, in-file duplicate); empty when none
     * @param duplicateOfLine for an in-file duplicate, the line it repeats
     */
    public record RowInfo(long line, String sourceId, String targetKey, List<Violation> problems, Long duplicateOfLine) {
    }

    public boolean failed() {
        return error != null;
    }
}
