package dev.cti.link.wire;

import dev.cti.link.LinkProtocolException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Reads the fields of one message body and turns every mistake into a {@link LinkProtocolException}
 * naming the exact path ({@code "CallOffered.body.queueId"}). {@link RecordCodec} reads every message through it;
 * code that reads a JSON document of its own (the gateway's recording sidecar) can use it too.
 */
public final class BodyReader {

    private final JsonObject json;
    private final String path;

    public BodyReader(JsonObject json, String path) {
        this.json = json;
        this.path = path;
    }

    /** A required string; empty strings are accepted, absent or null is an error. */
    public String string(String name) {
        String value = optString(name);
        if (value == null) {
            throw missing(name);
        }
        return value;
    }

    /** An optional string: absent and null both read as {@code null}. */
    public String optString(String name) {
        Object value = json.getValue(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s)) {
            throw wrong(name, "a string", value);
        }
        return s;
    }

    public long longValue(String name) {
        Long value = optLong(name);
        if (value == null) {
            throw missing(name);
        }
        return value;
    }

    public Long optLong(String name) {
        Object value = json.getValue(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Number n) || value instanceof Double || value instanceof Float) {
            throw wrong(name, "an integer", value);
        }
        return n.longValue();
    }

    public int intValue(String name) {
        long value = longValue(name);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new LinkProtocolException(at(name), "out of int range");
        }
        return (int) value;
    }

    public <E extends Enum<E>> E enumValue(String name, Class<E> type) {
        E value = optEnum(name, type);
        if (value == null) {
            throw missing(name);
        }
        return value;
    }

    public <E extends Enum<E>> E optEnum(String name, Class<E> type) {
        String raw = optString(name);
        if (raw == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, raw.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            String shown = raw.length() > 32 ? raw.substring(0, 32) + "..." : raw;
            throw new LinkProtocolException(at(name), "unknown " + type.getSimpleName() + " '" + shown + "'");
        }
    }

    /** An optional boolean: absent and null both read as {@code null}. */
    public Boolean optBool(String name) {
        Object value = json.getValue(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Boolean b)) {
            throw wrong(name, "a boolean", value);
        }
        return b;
    }

    /** A required array of strings. */
    public List<String> strings(String name) {
        Object value = json.getValue(name);
        if (value == null) {
            throw missing(name);
        }
        if (!(value instanceof JsonArray array)) {
            throw wrong(name, "an array", value);
        }
        List<String> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            if (!(array.getValue(i) instanceof String s)) {
                throw new LinkProtocolException(at(name) + "[" + i + "]", "expected a string");
            }
            out.add(s);
        }
        return out;
    }

    /** An optional nested object read by {@code item}: absent and null both read as {@code null}. */
    public <T> T optObject(String name, Function<BodyReader, T> item) {
        Object value = json.getValue(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonObject object)) {
            throw wrong(name, "an object", value);
        }
        return item.apply(new BodyReader(object, at(name)));
    }

    /** A required array of objects, each read by {@code item}. */
    public <T> List<T> list(String name, Function<BodyReader, T> item) {
        Object value = json.getValue(name);
        if (value == null) {
            throw missing(name);
        }
        if (!(value instanceof JsonArray array)) {
            throw wrong(name, "an array", value);
        }
        List<T> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            Object element = array.getValue(i);
            String elementPath = at(name) + "[" + i + "]";
            if (!(element instanceof JsonObject object)) {
                throw new LinkProtocolException(elementPath, "expected an object");
            }
            out.add(item.apply(new BodyReader(object, elementPath)));
        }
        return out;
    }

    /** Where this object is, for errors ({@code "Snapshot.body.calls[2]"}). */
    public String path() {
        return path;
    }

    private String at(String name) {
        return path + "." + name;
    }

    /** The error for a required field that is absent (or null): {@code "<path>.<name>: missing"}. */
    public LinkProtocolException missing(String name) {
        return new LinkProtocolException(at(name), "missing");
    }

    private LinkProtocolException wrong(String name, String expected, Object actual) {
        return new LinkProtocolException(at(name), "expected " + expected + ", got " + kind(actual));
    }

    private static String kind(Object value) {
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Number) {
            return "a number";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        if (value instanceof JsonArray) {
            return "an array";
        }
        if (value instanceof JsonObject) {
            return "an object";
        }
        return value.getClass().getSimpleName();
    }
}
