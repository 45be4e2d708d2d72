package dev.lockstep.filedrop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading dropped CSV files: encodings, separators, quoting, line numbers, and what is refused. */
class CsvTableTest {

    private static CsvTable read(String text) throws UnreadableFileException {
        return CsvTable.read(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aByteOrderMarkAndSemicolonsAreRecognised() throws Exception {
        CsvTable table = read("\uFEFFid;name\r\n1;Zoë\r\n");
        assertThat(table.encoding()).isEqualTo("UTF-8 with BOM");
        assertThat(table.delimiter()).isEqualTo(';');
        assertThat(table.header()).containsExactly("id", "name");
        assertThat(table.rows()).containsExactly(new CsvTable.Row(2, List.of("1", "Zoë")));
    }

    @Test
    void commasInsideQuotesDoNotDecideTheSeparator() throws Exception {
        CsvTable table = read("\"x;y;z\",a\n1,2\n");
        assertThat(table.delimiter()).isEqualTo(',');
        assertThat(table.header()).containsExactly("x;y;z", "a");
    }

    @Test
    void quotedValuesKeepSeparatorsQuotesAndLineBreaksAndLinesCountFromWhereARowStarts() throws Exception {
        CsvTable table = read("id,note\n1,\"a, \"\"quoted\"\"\nvalue\"\n\n2,plain");
        assertThat(table.delimiter()).isEqualTo(',');
        assertThat(table.rows()).containsExactly(
                new CsvTable.Row(2, List.of("1", "a, \"quoted\"\nvalue")),
                new CsvTable.Row(5, List.of("2", "plain")));
    }

    @Test
    void rowsOfAnotherWidthAreKeptForTheImportToReport() throws Exception {
        CsvTable table = read("a,b,c\n1,2\n1,2,3,4\n");
        assertThat(table.rows()).extracting(row -> row.values().size()).containsExactly(2, 4);
    }

    @Test
    void whatIsNotAReadableCsvFileIsRefusedWithTheReason() {
        assertThatThrownBy(() -> CsvTable.read(new byte[0])).hasMessage("the file is empty: no header line");
        assertThatThrownBy(() -> read("\n\n")).hasMessage("the file is empty: no header line");
        assertThatThrownBy(() -> CsvTable.read("id,name\n1,Zo\u00eb\n".getBytes(StandardCharsets.ISO_8859_1)))
                .hasMessage("not UTF-8: the byte 0xEB at offset 12 is not valid UTF-8 (save the spreadsheet as \"CSV UTF-8\")");
        assertThatThrownBy(() -> CsvTable.read(new byte[] {'P', 'K', 3, 4, 0, 0})).hasMessageStartingWith("not a text file: a NUL byte at offset 4");
        assertThatThrownBy(() -> read("id,,name\n")).hasMessageStartingWith("no header: column 2 of line 1 has no name");
        assertThatThrownBy(() -> read("id,id\n")).hasMessage("the header names the column 'id' twice");
        assertThatThrownBy(() -> read("id,name\n1,\"unclosed\n")).hasMessageStartingWith("not valid CSV: ");
    }
}
