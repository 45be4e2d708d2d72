/**
 * File drops: CSV files picked up by a Camel file consumer ({@code file:}, {@code sftp:}, ...) are
 * read ({@link dev.lockstep.filedrop.CsvTable}: UTF-8 with or without BOM, comma or semicolon,
 * quoted fields), checked against the pair's mapping, and stored in the pair's inbox as one
 * {@link dev.lockstep.event.ChangeEvent} per row, in one commit ({@link dev.lockstep.filedrop.FileImport}).
 * The pair's ordinary pipeline then cleans, matches, resolves and delivers them; once every row is
 * decided, {@link dev.lockstep.filedrop.FileImportReport} writes the file's report and closes its run.
 */
package dev.lockstep.filedrop;
