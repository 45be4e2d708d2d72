package dev.lockstep.filedrop;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A CSV file as read: its header and its data rows, each with the line it starts on (the header is
 * line 1, as a spreadsheet numbers rows). Reads UTF-8 with or without a byte-order mark, comma- or
 * semicolon-separated (whichever the header line has more of, outside quotes), with RFC 4180 quoting
 * (a quoted value may hold the separator, doubled quotes and line breaks). Empty lines are skipped.
 *
 * @param encoding  {@code UTF-8} or {@code UTF-8 with BOM}
 * @param delimiter the separator found
 * @param header    the column names, trimmed
 * @param rows      the data rows in file order
 */
public record CsvTable(String encoding, char delimiter, List<String> header, List<Row> rows) {

    /** One data row: the line it starts on and its values (as many as the file has; may differ from the header). */
    public record Row(long line, List<String> values) {
    }

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /** Reads the whole file, or says why it is not a CSV file this can read. */
    public static CsvTable read(byte[] bytes) throws UnreadableFileException {
        boolean bom = bytes.length >= 3 && bytes[0] == BOM[0] && bytes[1] == BOM[1] && bytes[2] == BOM[2];
        int start = bom ? 3 : 0;
        for (int i = start; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw new UnreadableFileException("not a text file: a NUL byte at offset " + i
                        + " (a spreadsheet must be saved as \"CSV UTF-8\", not in its own format)");
            }
        }
        String text = decode(bytes, start);
        if (text.isBlank()) {
            throw new UnreadableFileException("the file is empty: no header line");
        }
        char delimiter = delimiter(text);
        CSVFormat format = CSVFormat.RFC4180.builder().setDelimiter(delimiter).setIgnoreEmptyLines(true).get();
        List<String> header = null;
        List<Row> rows = new ArrayList<>();
        LineStarts lines = new LineStarts(text);
        try (CSVParser parser = CSVParser.builder().setReader(new StringReader(text)).setFormat(format).get()) {
            Iterator<CSVRecord> records = parser.iterator();
            while (records.hasNext()) {
                CSVRecord record = records.next();
                List<String> values = record.toList();
                // The record's position is where the parser started reading it: before any empty lines it skipped.
                long at = record.getCharacterPosition();
                while (at < text.length() && (text.charAt((int) at) == '\n' || text.charAt((int) at) == '\r')) {
                    at++;
                }
                long line = lines.lineAt(at);
                if (header == null) {
                    header = header(values);
                } else {
                    rows.add(new Row(line, values));
                }
            }
        } catch (UncheckedIOException | IllegalStateException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new UnreadableFileException("not valid CSV: " + cause.getMessage());
        } catch (IOException e) {
            throw new UnreadableFileException("not valid CSV: " + e.getMessage());
        }
        if (header == null) {
            throw new UnreadableFileException("the file is empty: no header line");
        }
        return new CsvTable(bom ? "UTF-8 with BOM" : "UTF-8", delimiter, header, List.copyOf(rows));
    }

    private static String decode(byte[] bytes, int start) throws UnreadableFileException {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return utf8.decode(ByteBuffer.wrap(bytes, start, bytes.length - start)).toString();
        } catch (CharacterCodingException e) {
            int offset = start;
            // Find the first bad byte for the message (decoding again up to it is cheap enough for an error).
            ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
            CharsetDecoder probe = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
            java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
            if (probe.decode(in, out, true).isError()) {
                offset = in.position();
            }
            throw new UnreadableFileException("not UTF-8: the byte 0x" + String.format("%02X", bytes[offset] & 0xFF)
                    + " at offset " + offset + " is not valid UTF-8 (save the spreadsheet as \"CSV UTF-8\")");
        }
    }

    /** Semicolon when the header line has more semicolons than commas outside quotes, else comma. */
    static char delimiter(String text) {
        int commas = 0;
        int semicolons = 0;
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '\n' || c == '\r')) {
                if (commas + semicolons > 0) {
                    break;
                }
            } else if (!quoted && c == ',') {
                commas++;
            } else if (!quoted && c == ';') {
                semicolons++;
            }
        }
        return semicolons > commas ? ';' : ',';
    }

    private static List<String> header(List<String> values) throws UnreadableFileException {
        List<String> header = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < values.size(); i++) {
            String name = values.get(i).strip();
            if (name.isEmpty()) {
                throw new UnreadableFileException("no header: column " + (i + 1) + " of line 1 has no name"
                        + " (the first line must name every column)");
            }
            if (!seen.add(name)) {
                throw new UnreadableFileException("the header names the column '" + name + "' twice");
            }
            header.add(name);
        }
        return List.copyOf(header);
    }

    /** Where each line of the text starts, to turn a record's character position into its line. */
    private static final class LineStarts {
        private final int[] starts;
        private final int count;

        LineStarts(String text) {
            int[] found = new int[64];
            int n = 0;
            found[n++] = 0;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\n' || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'))) {
                    if (n == found.length) {
                        found = java.util.Arrays.copyOf(found, n * 2);
                    }
                    found[n++] = i + 1;
                }
            }
            this.starts = found;
            this.count = n;
        }

        long lineAt(long position) {
            int index = java.util.Arrays.binarySearch(starts, 0, count, (int) position);
            return (index >= 0 ? index : -index - 2) + 1L;
        }
    }
}
