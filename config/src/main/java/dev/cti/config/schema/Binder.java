package dev.cti.config.schema;

import dev.cti.config.ConfigError;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a composed YAML node tree against a {@link Type}, collecting every mistake instead of stopping
 * at the first. The result is a {@link Val} tree whose values are null wherever a mistake was found.
 */
public final class Binder {
    private final String file;
    private final List<ConfigError> errors;

    public Binder(String file, List<ConfigError> errors) {
        this.file = file;
        this.errors = errors;
    }

    public Val bind(Node node, Type type, String path) {
        if (node == null || isNull(node)) {
            int line = node == null ? 0 : line(node);
            if (type instanceof Type.ListOf l && l.minSize() == 0) {
                return new Val(List.of(), file, line, path);
            }
            error(line, path, expected(type) + ", got nothing");
            return new Val(null, file, line, path);
        }
        if (type instanceof Type.Scalar s) {
            return bindScalar(node, s, path);
        } else if (type instanceof Type.ListOf l) {
            return bindList(node, l, path);
        } else if (type instanceof Type.MapOf m) {
            return bindMap(node, m, path);
        } else {
            return bindObj(node, (Type.Obj) type, path);
        }
    }

    /** Binds one field of an object whose mapping node is at {@code parentLine}; handles absence. */
    public Val bindField(Node valueNode, Field field, String path, int parentLine) {
        if (valueNode == null) {
            if (field.required()) {
                error(parentLine, path, "missing required key '" + field.name() + "' (" + expected(field.type())
                        .replaceFirst("^must be ", "") + ")");
                return new Val(null, file, parentLine, path);
            }
            Object def = field.defaultValue();
            if (def != null && field.type() instanceof Type.Obj o) {
                // An absent section with defaults reads as an empty mapping: every key takes its default.
                return objFrom(Map.of(), o, path, parentLine);
            }
            if (def == null && field.type() instanceof Type.ListOf) {
                def = List.of();
            } else if (def == null && field.type() instanceof Type.MapOf) {
                def = Map.of();
            }
            if (def instanceof String text && field.type() instanceof Type.Scalar scalar) {
                // a default is written as the user would write the value: it reads through the same parser
                try {
                    def = scalar.parser().parse(text);
                } catch (Type.Invalid e) {
                    throw new IllegalStateException("the schema's default of " + path + " is invalid: "
                            + e.getMessage(), e);
                }
            }
            return new Val(wrapDefault(def, path, parentLine), file, parentLine, path);
        }
        return bind(valueNode, field.type(), path);
    }

    private Object wrapDefault(Object def, String path, int line) {
        if (def instanceof List<?> list) {
            List<Val> out = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                out.add(new Val(list.get(i), file, line, path + "[" + i + "]"));
            }
            return List.copyOf(out);
        }
        if (def instanceof Map<?, ?> map) {
            Map<String, Val> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put((String) k, new Val(v, file, line, path + "." + k)));
            return out;
        }
        return def;
    }

    private Val bindScalar(Node node, Type.Scalar s, String path) {
        if (!(node instanceof ScalarNode sn)) {
            error(line(node), path, s.expected() + ", got a " + kind(node));
            return new Val(null, file, line(node), path);
        }
        try {
            return new Val(s.parser().parse(sn.getValue()), file, line(node), path);
        } catch (Type.Invalid e) {
            error(line(node), path, e.getMessage());
            return new Val(null, file, line(node), path);
        }
    }

    private Val bindList(Node node, Type.ListOf l, String path) {
        if (!(node instanceof SequenceNode seq)) {
            error(line(node), path, "must be a list (lines starting with '- '), got a " + kind(node));
            return new Val(null, file, line(node), path);
        }
        List<Val> out = new ArrayList<>();
        List<Node> items = seq.getValue();
        for (int i = 0; i < items.size(); i++) {
            out.add(bind(items.get(i), l.element(), path + "[" + i + "]"));
        }
        if (out.size() < l.minSize()) {
            error(line(node), path, "must have at least " + l.minSize() + " entr" + (l.minSize() == 1 ? "y" : "ies"));
        }
        return new Val(List.copyOf(out), file, line(node), path);
    }

    private Val bindMap(Node node, Type.MapOf m, String path) {
        if (!(node instanceof MappingNode map)) {
            error(line(node), path, "must be a mapping of " + m.key().describe() + " to " + m.value().describe()
                    + ", got a " + kind(node));
            return new Val(null, file, line(node), path);
        }
        Map<String, Val> out = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            String key = keyText(t, path);
            if (key == null) {
                continue;
            }
            String childPath = path + "." + key;
            try {
                m.key().parser().parse(key);
            } catch (Type.Invalid e) {
                error(line(t.getKeyNode()), childPath, "key " + e.getMessage());
                continue;
            }
            if (out.containsKey(key)) {
                error(line(t.getKeyNode()), childPath, "duplicate key '" + key + "' (first at line "
                        + out.get(key).line() + ")");
                continue;
            }
            out.put(key, bind(t.getValueNode(), m.value(), childPath));
        }
        return new Val(out, file, line(node), path);
    }

    private Val bindObj(Node node, Type.Obj o, String path) {
        if (!(node instanceof MappingNode map)) {
            error(line(node), path, "must be a mapping (key: value lines) describing a " + o.name() + ", got a "
                    + kind(node));
            return new Val(null, file, line(node), path);
        }
        Map<String, NodeTuple> seen = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            String key = keyText(t, path);
            if (key == null) {
                continue;
            }
            String childPath = join(path, key);
            if (seen.containsKey(key)) {
                error(line(t.getKeyNode()), childPath, "duplicate key '" + key + "' (first at line "
                        + line(seen.get(key).getKeyNode()) + ")");
                continue;
            }
            if (o.field(key).isEmpty()) {
                error(line(t.getKeyNode()), childPath, unknownKey(key, o));
                continue;
            }
            seen.put(key, t);
        }
        return objFrom(seen, o, path, line(node));
    }

    private Val objFrom(Map<String, NodeTuple> seen, Type.Obj o, String path, int line) {
        Map<String, Val> out = new LinkedHashMap<>();
        for (Field f : o.fields()) {
            NodeTuple t = seen.get(f.name());
            out.put(f.name(), bindField(t == null ? null : t.getValueNode(), f, join(path, f.name()), line));
        }
        return new Val(out, file, line, path);
    }

    /** The message for a key the schema does not know, with the nearest known key as a hint. */
    public static String unknownKey(String key, Type.Obj o) {
        String nearest = o.fields().stream().map(Field::name)
                .min(Comparator.comparingInt(n -> distance(n.toLowerCase(), key.toLowerCase())))
                .orElse(null);
        String hint = nearest != null && distance(nearest.toLowerCase(), key.toLowerCase()) <= Math.max(2, key.length() / 3)
                ? " (did you mean '" + nearest + "'?)" : "";
        return "unknown key '" + key + "'" + hint + "; a " + o.name() + " has: "
                + String.join(", ", o.fields().stream().map(Field::name).toList());
    }

    private String keyText(NodeTuple t, String path) {
        if (t.getKeyNode() instanceof ScalarNode k) {
            return k.getValue();
        }
        error(line(t.getKeyNode()), path, "keys must be plain words, got a " + kind(t.getKeyNode()));
        return null;
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    public void error(int line, String path, String message) {
        errors.add(new ConfigError(file, line, path, message));
    }

    public static int line(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    private static String kind(Node node) {
        if (node instanceof MappingNode) {
            return "mapping";
        }
        if (node instanceof SequenceNode) {
            return "list";
        }
        return "single value";
    }

    private static String expected(Type type) {
        if (type instanceof Type.Scalar s) {
            return s.expected();
        }
        if (type instanceof Type.ListOf l) {
            return "must be a list of " + l.element().describe();
        }
        return "must be a " + type.describe();
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] tmp = prev;
            prev = cur;
            cur = tmp;
        }
        return prev[b.length()];
    }
}
