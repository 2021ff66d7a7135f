package dev.cti.link.wire;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Function;

/**
 * Builds one message body. Null values are left out (readers treat absent and null alike), enums
 * are written by name, nested records and lists of them through the function given (their {@link RecordCodec}).
 */
public final class BodyWriter {

    private final JsonObject json = new JsonObject();

    public BodyWriter put(String name, String value) {
        if (value != null) {
            json.put(name, value);
        }
        return this;
    }

    public BodyWriter put(String name, long value) {
        json.put(name, value);
        return this;
    }

    public BodyWriter put(String name, Long value) {
        if (value != null) {
            json.put(name, value);
        }
        return this;
    }

    public BodyWriter put(String name, Enum<?> value) {
        if (value != null) {
            json.put(name, value.name());
        }
        return this;
    }

    /** A boolean, left out when null. */
    public BodyWriter put(String name, Boolean value) {
        if (value != null) {
            json.put(name, value);
        }
        return this;
    }

    /** An array of strings (never null: an empty list is written as {@code []}). */
    public BodyWriter putStrings(String name, List<String> values) {
        JsonArray array = new JsonArray();
        values.forEach(array::add);
        json.put(name, array);
        return this;
    }

    /** A nested object, left out when {@code value} is null. */
    public <T> BodyWriter putObject(String name, T value, Function<T, JsonObject> item) {
        if (value != null) {
            json.put(name, item.apply(value));
        }
        return this;
    }

    public <T> BodyWriter put(String name, List<T> values, Function<T, JsonObject> item) {
        JsonArray array = new JsonArray();
        for (T value : values) {
            array.add(item.apply(value));
        }
        json.put(name, array);
        return this;
    }

    public JsonObject json() {
        return json;
    }
}
