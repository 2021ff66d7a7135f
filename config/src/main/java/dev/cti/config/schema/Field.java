package dev.cti.config.schema;

/**
 * A key of an {@link Type.Obj}.
 *
 * @param defaultValue the value used when the key is absent (already parsed, e.g. an Integer), or null
 *                     when the key is required ({@code required}) or simply optional
 */
public record Field(String name, Type type, boolean required, Object defaultValue, String doc) {

    public static Field required(String name, Type type, String doc) {
        return new Field(name, type, true, null, doc);
    }

    public static Field optional(String name, Type type, String doc) {
        return new Field(name, type, false, null, doc);
    }

    public static Field withDefault(String name, Type type, Object defaultValue, String doc) {
        return new Field(name, type, false, defaultValue, doc);
    }
}
