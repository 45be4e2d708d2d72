package dev.lockstep.poll;

import java.util.List;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A table polled by modified-at: its id and modified-at columns, and the other columns to read.
 * Names come from mapping files and are checked to be plain identifiers before they reach SQL.
 */
public record PolledTable(DataSource dataSource, String table, String id, String modifiedAt, List<String> columns) {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

    public PolledTable {
        columns = List.copyOf(columns);
        for (String name : concat(List.of(table, id, modifiedAt), columns)) {
            if (!IDENTIFIER.matcher(name).matches()) {
                throw new IllegalArgumentException("not a plain SQL name: " + name);
            }
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
