package dev.cti.config.schema;

import java.util.List;
import java.util.Map;

/**
 * A value read from a configuration file, with where it came from so later checks (cross references,
 * duplicates) can point at the right line.
 *
 * @param value  a parsed scalar, a {@code List<Val>} or a {@code Map<String, Val>}; null when absent
 * @param file   the file it was read from
 * @param line   1-based line
 * @param path   the key path, e.g. {@code queues[1].numbers[0]}
 */
public record Val(Object value, String file, int line, String path) {

    public boolean present() {
        return value != null;
    }

    @SuppressWarnings("unchecked")
    public Map<String, Val> obj() {
        return (Map<String, Val>) value;
    }

    @SuppressWarnings("unchecked")
    public List<Val> list() {
        return value == null ? List.of() : (List<Val>) value;
    }

    public Val get(String key) {
        return obj().get(key);
    }

    public String str(String key) {
        return (String) get(key).value;
    }

    public int integer(String key) {
        return (Integer) get(key).value;
    }

    public double number(String key) {
        return ((Number) get(key).value).doubleValue();
    }

    public boolean bool(String key) {
        return (Boolean) get(key).value;
    }
}
