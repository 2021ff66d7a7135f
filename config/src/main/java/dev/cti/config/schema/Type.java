package dev.cti.config.schema;

import java.util.List;
import java.util.Optional;

/**
 * The shape a YAML value must have. The schema is data, so the same description drives reading,
 * error messages and the generated configuration reference (docs/CONFIG.md).
 */
public sealed interface Type permits Type.Scalar, Type.ListOf, Type.MapOf, Type.Obj {

    /** How the type is named in the reference, e.g. "list of queue". */
    String describe();

    /** A single value, parsed from its text. */
    record Scalar(String name, String expected, ScalarParser parser) implements Type {
        @Override
        public String describe() {
            return name;
        }
    }

    /** A YAML sequence. */
    record ListOf(Type element, int minSize) implements Type {
        @Override
        public String describe() {
            return "list of " + element.describe();
        }
    }

    /** A YAML mapping with keys of one kind (e.g. skill id → level). */
    record MapOf(Scalar key, Type value) implements Type {
        @Override
        public String describe() {
            return "map of " + key.describe() + " → " + value.describe();
        }
    }

    /** A YAML mapping with known keys; any other key is an error. */
    record Obj(String name, String doc, List<Field> fields) implements Type {
        public Obj {
            fields = List.copyOf(fields);
        }

        @Override
        public String describe() {
            return name;
        }

        public Optional<Field> field(String key) {
            return fields.stream().filter(f -> f.name().equals(key)).findFirst();
        }
    }

    /** Parses a scalar's text; throws {@link Invalid} with what is expected. */
    @FunctionalInterface
    interface ScalarParser {
        Object parse(String text) throws Invalid;
    }

    /** A scalar did not parse; the message says what was expected. */
    final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        public Invalid(String message) {
            super(message, null, false, false);
        }
    }
}
