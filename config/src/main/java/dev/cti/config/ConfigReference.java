package dev.cti.config;

import dev.cti.config.schema.Field;
import dev.cti.config.schema.Type;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders the configuration reference (docs/CONFIG.md) from {@link ConfigSchema}. A test compares the
 * committed file with this output, so the reference always matches what the loader accepts.
 * Regenerate with {@code bin/cti config-reference > docs/CONFIG.md}.
 */
public final class ConfigReference {
    private ConfigReference() {}

    public static void main(String[] args) {
        System.out.print(render());
    }

    public static String render() {
        StringBuilder md = new StringBuilder();
        md.append("# Configuration reference\n\n")
                .append("<!-- Generated from dev.cti.config.ConfigSchema by `bin/cti config-reference`; do not edit. -->\n\n")
                .append("The configuration is a directory of YAML files (default `conf/`, choose another with\n")
                .append("`--config DIR`). Every `*.yaml` / `*.yml` file in it is read, in name order. Each top-level\n")
                .append("key is a **section**; a section may live in any file, but in one file only. Unknown keys are\n")
                .append("errors (they are usually typos), as are references to things that are not defined. The loader\n")
                .append("reports every mistake at once as `file:line key.path: what is expected, got what`, and nothing\n")
                .append("starts until the configuration is valid. Check a directory with `bin/cti check-config\n")
                .append("[--config DIR]` (exit status 0 valid, 2 invalid).\n\n")
                .append("Keys marked *required* must be present; the others take the default shown (— means absent\n")
                .append("unless given). Relative file paths (prompts) are relative to the configuration directory.\n\n")
                .append("## Sections\n\n")
                .append("| section | type | required | what |\n| --- | --- | --- | --- |\n");
        for (Field f : ConfigSchema.ROOT.fields()) {
            md.append("| [`").append(f.name()).append("`](#").append(f.name().toLowerCase()).append(") | ")
                    .append(f.type().describe()).append(" | ").append(f.required() ? "yes" : "no").append(" | ")
                    .append(f.doc()).append(" |\n");
        }
        Set<Type.Obj> done = new LinkedHashSet<>();
        for (Field f : ConfigSchema.ROOT.fields()) {
            md.append("\n## ").append(f.name()).append("\n\n");
            Type.Obj obj = objectOf(f.type());
            if (obj == null) {
                md.append(f.doc()).append('\n');
                continue;
            }
            md.append(f.type() instanceof Type.ListOf ? "A list; each entry is a **" + obj.name() + "**. " : "")
                    .append(obj.doc()).append("\n\n");
            List<Nested> nested = new ArrayList<>();
            table(md, obj, f.name() + (f.type() instanceof Type.ListOf ? "[]" : ""), nested);
            for (int i = 0; i < nested.size(); i++) {
                Nested n = nested.get(i);
                if (!done.add(n.obj())) {
                    continue;
                }
                md.append("\n### `").append(n.path()).append("`: ").append(n.obj().name()).append("\n\n")
                        .append(n.obj().doc()).append("\n\n");
                table(md, n.obj(), n.path(), nested);
            }
        }
        md.append("\n## Localized texts\n\n")
                .append("A *localized text* is a mapping with both `zh-CN` and `en`, e.g.\n")
                .append("`name: { zh-CN: 客服热线, en: Service hotline }`. A *localized template* is the same, and its\n")
                .append("texts may use these variables, filled in for each call: ")
                .append(String.join(" ", ScriptVariables.NAMES.stream().map(n -> "`{" + n + "}`").toList()))
                .append(". An unknown variable is an error.\n");
        return md.toString();
    }

    private record Nested(Type.Obj obj, String path) {}

    private static void table(StringBuilder md, Type.Obj obj, String prefix, List<Nested> nested) {
        md.append("| key | type | default | what |\n| --- | --- | --- | --- |\n");
        for (Field f : obj.fields()) {
            String key = prefix + "." + f.name();
            Type.Obj child = objectOf(f.type());
            if (child != null && !isLocalized(child)) {
                nested.add(new Nested(child, key + (f.type() instanceof Type.ListOf ? "[]" : "")));
            }
            md.append("| `").append(key).append("` | ").append(f.type().describe()).append(" | ")
                    .append(f.required() ? "*required*" : defaultText(f)).append(" | ").append(f.doc())
                    .append(" |\n");
        }
    }

    private static String defaultText(Field f) {
        Object d = f.defaultValue();
        if (d == null) {
            return "—";
        }
        if (f.type() instanceof Type.Obj) {
            return "(defaults below)";
        }
        if (d instanceof List<?> l && l.isEmpty() || d instanceof Map<?, ?> m && m.isEmpty()) {
            return "empty";
        }
        if (d instanceof String s && s.isEmpty()) {
            return "`\"\"`";
        }
        if (d instanceof Double v && v == Math.rint(v)) {
            return "`" + v.longValue() + "`";
        }
        return "`" + d + "`";
    }

    private static boolean isLocalized(Type.Obj o) {
        return o.name().startsWith("localized");
    }

    private static Type.Obj objectOf(Type t) {
        if (t instanceof Type.Obj o) {
            return o;
        }
        if (t instanceof Type.ListOf l) {
            return objectOf(l.element());
        }
        if (t instanceof Type.MapOf m) {
            return objectOf(m.value());
        }
        return null;
    }
}
