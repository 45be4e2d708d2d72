package dev.lockstep.batch;

import java.util.List;
import java.util.Map;

/**
 * Target writes sharing one statement: the SQL (values as camel-sql named parameters
 * {@code :?col_<column>}) and one parameter map per written record.
 */
public record WriteGroup(String sql, List<Map<String, Object>> parameters) {
}
