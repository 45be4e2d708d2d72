package dev.lockstep.mapping;

import dev.lockstep.resolve.DeleteVsEdit;
import dev.lockstep.resolve.FieldPolicy;
import java.nio.file.Path;
import java.util.List;

/**
 * A two-way pair's mapping file, loaded and checked: the two systems (table, key, modified-at and
 * soft-delete columns of each), the synced fields with their conflict policy, type and column names
 * per system, and what a delete does.
 */
public record TwoWayMapping(Path file, String pair, List<SystemTable> systems, List<SyncField> fields, Deletes deletes) {

    /**
     * Where one system keeps the records. {@code deleted} is the soft-delete column (a value there
     * marks a delete), or null. For a {@link Connector#SALESFORCE} system, {@code table} is the
     * sObject (e.g. {@code Contact}), {@code key} its external id field, {@code updatedAt} normally
     * {@code SystemModstamp} and {@code deleted} {@code IsDeleted}; names are Salesforce API names.
     */
    public record SystemTable(String system, String table, String key, String updatedAt, String deleted, Connector connector) {

        /** A database table (the default). */
        public SystemTable(String system, String table, String key, String updatedAt, String deleted) {
            this(system, table, key, updatedAt, deleted, Connector.JDBC);
        }
    }

    /** How a system is reached: a database table ({@code table:}) or a Salesforce sObject ({@code object:}). */
    public enum Connector { JDBC, SALESFORCE }

    /** How values are compared and written: text as is, numbers by value ({@code 89.00} equals {@code 89}). */
    public enum FieldType {
        TEXT, DECIMAL, INTEGER;

        public static FieldType of(String spelling) {
            for (FieldType t : values()) {
                if (t.name().equalsIgnoreCase(spelling)) {
                    return t;
                }
            }
            return null;
        }
    }

    /** A synced field: its policy, its type, and its column in each system (its own name where not renamed). */
    public record SyncField(String name, FieldPolicy policy, FieldType type, java.util.Map<String, String> columns, int line) {
        public String column(String system) {
            return columns.getOrDefault(system, name);
        }
    }

    /**
     * {@code policy}: what a delete on one side does to the other ({@code soft}: stamp its delete
     * column; {@code hard}: delete the row; {@code ignore}: nothing). {@code deleteVsEdit}: what a
     * delete against an edit on the other side does.
     */
    public record Deletes(Policy policy, DeleteVsEdit deleteVsEdit) {
        public enum Policy { IGNORE, SOFT, HARD }
    }

    public SystemTable left() {
        return systems.get(0);
    }

    public SystemTable right() {
        return systems.get(1);
    }

    public SystemTable system(String name) {
        return systems.stream().filter(s -> s.system().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("pair " + pair + " has no system " + name));
    }

    public SystemTable other(String name) {
        return left().system().equals(name) ? right() : left();
    }

    public List<FieldPolicy> policies() {
        return fields.stream().map(SyncField::policy).toList();
    }
}
