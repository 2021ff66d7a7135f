package dev.cti.config;

import dev.cti.config.schema.Binder;
import dev.cti.config.schema.Field;
import dev.cti.config.schema.Val;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Loads and validates a configuration directory: every {@code *.yaml} / {@code *.yml} file in it, in name
 * order. Each top-level key is a section ({@link ConfigSchema#ROOT}); a section may be in any file but in
 * one only. Every mistake is reported at once, with file, line and key path; nothing is returned unless the
 * whole configuration is valid.
 */
public final class ConfigLoader {
    private static final int MAX_FILE_BYTES = 4 * 1024 * 1024;

    private ConfigLoader() {}

    public static CtiConfig load(Path dir) throws ConfigException {
        return load(dir, new ArrayList<>());
    }

    /**
     * Loads and validates, and adds to {@code weakSecrets} every demo or short SIP password (not an error of the
     * configuration: {@code check-config} decides, see {@link CheckConfig}).
     */
    public static CtiConfig load(Path dir, List<ConfigError> weakSecrets) throws ConfigException {
        List<ConfigError> errors = new ArrayList<>();
        String dirName = dir.toString();
        if (!Files.isDirectory(dir)) {
            throw new ConfigException(List.of(new ConfigError(dirName, 0, "",
                    "configuration directory not found (give one with --config DIR)")));
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> {
                String n = p.getFileName().toString();
                return Files.isRegularFile(p) && (n.endsWith(".yaml") || n.endsWith(".yml"));
            }).sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigError(dirName, 0, "", "cannot list: " + e.getMessage())));
        }
        if (files.isEmpty()) {
            throw new ConfigException(List.of(new ConfigError(dirName, 0, "", "no *.yaml files in it")));
        }

        record Section(String file, int line, Node value) {}
        Map<String, Section> sections = new LinkedHashMap<>();
        boolean unreadable = false;
        for (Path path : files) {
            String name = path.toString();
            int before = errors.size();
            Node root = compose(path, name, errors);
            if (root == null) {
                unreadable |= errors.size() > before;
                continue;
            }
            Binder binder = new Binder(name, errors);
            if (!(root instanceof MappingNode map)) {
                binder.error(Binder.line(root), "", "a configuration file must be a mapping of sections ("
                        + String.join(", ", ConfigSchema.sections().stream().map(Field::name).toList()) + ")");
                continue;
            }
            for (NodeTuple t : map.getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode k)) {
                    binder.error(Binder.line(t.getKeyNode()), "", "section names must be plain words");
                    continue;
                }
                String key = k.getValue();
                int line = Binder.line(k);
                if (ConfigSchema.ROOT.field(key).isEmpty()) {
                    binder.error(line, key, Binder.unknownKey(key, ConfigSchema.ROOT));
                } else if (sections.containsKey(key)) {
                    Section first = sections.get(key);
                    binder.error(line, key, "section '" + key + "' is already defined at " + first.file() + ":"
                            + first.line() + "; a section lives in one file");
                } else {
                    sections.put(key, new Section(name, line, t.getValueNode()));
                }
            }
        }

        Map<String, Val> rootValues = new LinkedHashMap<>();
        for (Field f : ConfigSchema.sections()) {
            Section s = sections.get(f.name());
            if (s == null && unreadable) {
                continue; // it may well be in the file that could not be read
            }
            Binder binder = new Binder(s == null ? dirName : s.file(), errors);
            rootValues.put(f.name(), binder.bindField(s == null ? null : s.value(), f, f.name(), 0));
        }
        Val root = new Val(rootValues, dirName, 0, "");
        if (!unreadable) {
            // References between sections are checked only when every file could be read: a section
            // in an unreadable file would make every reference to it look dangling.
            new ConfigValidator(root, dir, errors, weakSecrets).validate();
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(sorted(errors, files));
        }
        return ConfigMapper.map(root, dir);
    }

    private static Node compose(Path path, String name, List<ConfigError> errors) {
        String text;
        try {
            byte[] bytes = Files.readAllBytes(path);
            if (bytes.length > MAX_FILE_BYTES) {
                errors.add(new ConfigError(name, 0, "", "file is larger than 4 MiB"));
                return null;
            }
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            errors.add(new ConfigError(name, 0, "", "is not UTF-8 text"));
            return null;
        } catch (IOException e) {
            errors.add(new ConfigError(name, 0, "", "cannot read: " + e.getMessage()));
            return null;
        }
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // the binder reports duplicates itself, with both lines
        options.setMaxAliasesForCollections(20);
        options.setCodePointLimit(MAX_FILE_BYTES);
        try {
            return new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1
                    : e.getContextMark() != null ? e.getContextMark().getLine() + 1 : 0;
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            String context = e.getContext() != null ? " (" + e.getContext() + ")" : "";
            errors.add(new ConfigError(name, line, "", "YAML syntax: " + problem + context));
            return null;
        } catch (YAMLException e) {
            errors.add(new ConfigError(name, 0, "", "YAML: " + e.getMessage()));
            return null;
        }
    }

    private static List<ConfigError> sorted(List<ConfigError> errors, List<Path> files) {
        List<String> order = files.stream().map(Path::toString).toList();
        return errors.stream().sorted(Comparator
                        .comparingInt((ConfigError e) -> order.indexOf(e.file()) < 0 ? Integer.MAX_VALUE : order.indexOf(e.file()))
                        .thenComparingInt(ConfigError::line))
                .toList();
    }
}
