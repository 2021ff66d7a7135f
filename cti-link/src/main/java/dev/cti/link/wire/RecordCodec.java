package dev.cti.link.wire;

import dev.cti.link.LinkProtocolException;
import io.vertx.core.json.JsonObject;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.List;

/**
 * The JSON form of a record, derived once from its components: one field per component, named like it, in
 * declaration order. What the link's hand-written {@code toJson}/{@code fromJson} pairs did, written once:
 *
 * <ul>
 *   <li>{@code String}, enums (by name; read case-insensitively), boxed {@code Long}/{@code Boolean} and nested
 *       records are left out when null and read as null when absent (or JSON null);
 *   <li>{@code long} and {@code int} are always written and required on input ({@code int} range-checked);
 *   <li>{@code boolean} is always written and reads as false when absent (a field added after peers that lack it);
 *   <li>{@code List<String>} and lists of records are always written ({@code []} when empty) and required on input.
 * </ul>
 *
 * Which references are required is the record's own business: its compact constructor's
 * {@code Objects.requireNonNull(x, "x")}. When it rejects a field that was absent, the error is the reader's
 * {@code "CallOffered.body.queueId: missing"}, at the position the field has in the record (so the first problem
 * in component order is the one reported). Any other {@link IllegalArgumentException} of the constructor is
 * {@code "<path>: invalid: <its message>"}. Unknown input fields are ignored. Immutable: build it once (the
 * {@link MessageRegistry} does, for every message) and share it.
 */
public final class RecordCodec<T extends Record> implements BodyCodec<T> {

    private final Class<T> type;
    private final Field[] fields;
    private final MethodHandle constructor;

    private RecordCodec(Class<T> type, Field[] fields, MethodHandle constructor) {
        this.type = type;
        this.fields = fields;
        this.constructor = constructor;
    }

    /** Derives the codec of {@code type}; fails for a component of a type the wire has no form for. */
    public static <T extends Record> RecordCodec<T> of(Class<T> type) {
        RecordComponent[] components = type.getRecordComponents();
        if (components == null) {
            throw new IllegalArgumentException(type.getName() + " is not a record");
        }
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        Slot[] slots = new Slot[components.length];
        Class<?>[] parameterTypes = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            slots[i] = Slot.of(type, components[i]);
            parameterTypes[i] = components[i].getType();
        }
        Field[] fields = new Field[components.length];
        try {
            for (int i = 0; i < components.length; i++) {
                MethodHandle accessor = lookup.unreflect(components[i].getAccessor())
                        .asType(MethodType.methodType(Object.class, Object.class));
                fields[i] = new Field(components[i].getName(), accessor, slots[i]);
            }
            MethodHandle constructor = lookup.unreflectConstructor(type.getDeclaredConstructor(parameterTypes))
                    .asSpreader(Object[].class, components.length)
                    .asType(MethodType.methodType(Object.class, Object[].class));
            return new RecordCodec<>(type, fields, constructor);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(type.getName() + ": the link codec needs a public record with a"
                    + " public canonical constructor", e);
        }
    }

    public Class<T> type() {
        return type;
    }

    @Override
    public JsonObject write(T value) {
        BodyWriter w = new BodyWriter();
        for (Field f : fields) {
            f.slot.write(w, f.name, f.get(value));
        }
        return w.json();
    }

    @Override
    public T read(BodyReader r) {
        Object[] values = new Object[fields.length];
        for (int i = 0; i < fields.length; i++) {
            try {
                values[i] = fields[i].slot.read(r, fields[i].name);
            } catch (LinkProtocolException broken) {
                throw firstProblem(r, values, i, broken);
            }
        }
        try {
            return construct(values);
        } catch (NullPointerException e) {
            LinkProtocolException missing = absentAndRequired(r, values, fields.length, e);
            throw missing != null ? missing : e;
        } catch (IllegalArgumentException e) {
            throw new LinkProtocolException(r.path(), "invalid: " + e.getMessage(), e);
        }
    }

    /**
     * Field {@code at} broke; a required reference before it that was absent is the earlier problem. The
     * constructor, which alone knows what is required, is asked with the fields from {@code at} on left empty.
     */
    private LinkProtocolException firstProblem(BodyReader r, Object[] values, int at, LinkProtocolException broken) {
        for (int i = at; i < fields.length; i++) {
            values[i] = fields[i].slot.empty;
        }
        try {
            construct(values);
        } catch (NullPointerException e) {
            LinkProtocolException missing = absentAndRequired(r, values, at, e);
            if (missing != null) {
                return missing;
            }
        } catch (RuntimeException ignored) {
            // the constructor rejects the empty rest: nothing earlier is missing
        }
        return broken;
    }

    /** The reader's "missing" error when the constructor's null check names a field before {@code limit} that was absent. */
    private LinkProtocolException absentAndRequired(BodyReader r, Object[] values, int limit, NullPointerException e) {
        for (int i = 0; i < limit; i++) {
            if (values[i] == null && fields[i].name.equals(e.getMessage())) {
                return r.missing(fields[i].name);
            }
        }
        return null;
    }

    private T construct(Object[] values) {
        try {
            return type.cast((Object) constructor.invokeExact(values));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(type.getSimpleName() + " constructor", e);
        }
    }

    private record Field(String name, MethodHandle accessor, Slot slot) {
        Object get(Object record) {
            try {
                return (Object) accessor.invokeExact(record);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(name, e);
            }
        }
    }

    /** How one component type is written and read; {@code empty} is what an absent one stands for. */
    private record Slot(Writer writer, Reader reader, Object empty) {

        @FunctionalInterface
        interface Writer {
            void write(BodyWriter w, String name, Object value);
        }

        @FunctionalInterface
        interface Reader {
            Object read(BodyReader r, String name);
        }

        void write(BodyWriter w, String name, Object value) {
            writer.write(w, name, value);
        }

        Object read(BodyReader r, String name) {
            return reader.read(r, name);
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        static Slot of(Class<?> owner, RecordComponent c) {
            Class<?> t = c.getType();
            if (t == String.class) {
                return new Slot((w, n, v) -> w.put(n, (String) v), BodyReader::optString, null);
            }
            if (t == long.class) {
                return new Slot((w, n, v) -> w.put(n, (long) (Long) v), BodyReader::longValue, 0L);
            }
            if (t == int.class) {
                return new Slot((w, n, v) -> w.put(n, (long) (Integer) v), BodyReader::intValue, 0);
            }
            if (t == Long.class) {
                return new Slot((w, n, v) -> w.put(n, (Long) v), BodyReader::optLong, null);
            }
            if (t == boolean.class) {
                return new Slot((w, n, v) -> w.put(n, (Boolean) v), (r, n) -> Boolean.TRUE.equals(r.optBool(n)),
                        false);
            }
            if (t == Boolean.class) {
                return new Slot((w, n, v) -> w.put(n, (Boolean) v), BodyReader::optBool, null);
            }
            if (t.isEnum()) {
                Class<? extends Enum> e = (Class<? extends Enum>) t;
                return new Slot((w, n, v) -> w.put(n, (Enum<?>) v), (r, n) -> r.optEnum(n, e), null);
            }
            if (t.isRecord()) {
                RecordCodec nested = RecordCodec.of((Class<? extends Record>) t);
                return new Slot((w, n, v) -> w.putObject(n, v, nested::write), (r, n) -> r.optObject(n, nested::read),
                        null);
            }
            if (t == List.class) {
                Type element = c.getGenericType() instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : null;
                if (element == String.class) {
                    return new Slot((w, n, v) -> w.putStrings(n, (List<String>) v), BodyReader::strings, List.of());
                }
                if (element instanceof Class<?> k && k.isRecord()) {
                    RecordCodec nested = RecordCodec.of((Class<? extends Record>) k);
                    return new Slot((w, n, v) -> w.put(n, (List<Object>) v, nested::write),
                            (r, n) -> r.list(n, nested::read), List.of());
                }
            }
            throw new IllegalArgumentException(owner.getSimpleName() + "." + c.getName() + ": the link has no form"
                    + " for " + c.getGenericType().getTypeName() + " (" + Arrays.asList("String", "long", "int",
                    "Long", "boolean", "Boolean", "enums", "records", "List<String>", "List<record>") + " only)");
        }
    }
}
