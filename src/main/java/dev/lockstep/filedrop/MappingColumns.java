package dev.lockstep.filedrop;

import dev.lockstep.mapping.Mapping;
import dev.lockstep.mapping.MappingLoader;
import dev.lockstep.mapping.ValueSource;
import java.util.Set;
import java.util.TreeSet;

/**
 * The columns a file-drop pair's mapping reads: every source field it names (id, version, delete
 * flag, cleanup rules, field rules, conditions, templates), except the {@code _file.*} facts the
 * import adds itself. A dropped file's header must name exactly these.
 */
final class MappingColumns {

    /** The fields the import adds to every row: {@code _file.name}, {@code .line}, {@code .sha256}, {@code .modifiedAt}, {@code .importedAt}. */
    static final String FILE = "_file";

    private MappingColumns() {
    }

    static Set<String> of(Mapping mapping) {
        Set<String> columns = new TreeSet<>();
        add(columns, mapping.source().id());
        add(columns, mapping.source().version());
        add(columns, mapping.source().deleted());
        mapping.cleanup().keySet().forEach(field -> add(columns, field));
        for (Mapping.FieldRule rule : mapping.fields().values()) {
            ValueSource source = rule.source();
            if (source instanceof ValueSource.From from) {
                add(columns, from.path());
            } else if (source instanceof ValueSource.Template template) {
                templateColumns(columns, template.text());
            } else if (source instanceof ValueSource.Lookup lookup) {
                add(columns, lookup.from());
            } else if (source instanceof ValueSource.When when) {
                for (ValueSource.When.Branch branch : when.branches()) {
                    add(columns, branch.condition().field());
                    templateColumns(columns, branch.then());
                }
                templateColumns(columns, when.otherwise());
            }
        }
        return columns;
    }

    private static void templateColumns(Set<String> columns, Object text) {
        if (text instanceof String template) {
            MappingLoader.templateFields(template).forEach(field -> add(columns, field));
        }
    }

    private static void add(Set<String> columns, String path) {
        if (path != null && !path.equals(FILE) && !path.startsWith(FILE + ".")) {
            columns.add(path);
        }
    }
}
