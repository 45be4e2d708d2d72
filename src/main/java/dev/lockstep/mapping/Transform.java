package dev.lockstep.mapping;

import java.util.Map;

/**
 * One named, chainable value transform from a mapping file ({@code trim}, {@code email},
 * {@code phone-e164}, ...). {@code record} is the whole (partly cleaned) source record, for
 * transforms that read a sibling field, such as the phone's default region.
 */
@FunctionalInterface
public interface Transform {
    Object apply(Object value, Map<String, Object> record);
}
