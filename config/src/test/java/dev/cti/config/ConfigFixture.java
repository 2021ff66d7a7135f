package dev.cti.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A copy of the shipped configuration (conf/ and the prompts it points at) in a temporary directory, so
 * a test can break one thing in it and check the exact error, file and line.
 */
final class ConfigFixture {
    final Path root;
    final Path conf;

    ConfigFixture(Path tmp) {
        this.root = tmp;
        this.conf = tmp.resolve("conf");
        copyTree(repoRoot().resolve("conf"), conf);
        copyTree(repoRoot().resolve("prompts"), tmp.resolve("prompts"));
    }

    static Path repoRoot() {
        String prop = System.getProperty("cti.repo.root");
        Path root = prop != null ? Path.of(prop) : Path.of("..").toAbsolutePath().normalize();
        assertThat(root.resolve("conf")).as("repository root with conf/").isDirectory();
        return root;
    }

    /** Replaces the one occurrence of {@code from} in {@code file}; returns the 1-based line it is on. */
    int replace(String file, String from, String to) {
        Path p = conf.resolve(file);
        String text = read(p);
        int at = text.indexOf(from);
        assertThat(at).as("'%s' occurs in %s", from, file).isGreaterThanOrEqualTo(0);
        assertThat(text.indexOf(from, at + 1)).as("'%s' occurs once in %s", from, file).isLessThan(0);
        write(p, text.substring(0, at) + to + text.substring(at + from.length()));
        return lineOf(text, at);
    }

    /** The 1-based line of the first occurrence of {@code needle} in {@code file} as it is now. */
    int lineOf(String file, String needle) {
        String text = read(conf.resolve(file));
        int at = text.indexOf(needle);
        assertThat(at).as("'%s' occurs in %s", needle, file).isGreaterThanOrEqualTo(0);
        return lineOf(text, at);
    }

    void append(String file, String text) {
        Path p = conf.resolve(file);
        write(p, read(p) + text);
    }

    void writeFile(String file, String text) {
        write(conf.resolve(file), text);
    }

    String file(String name) {
        return conf.resolve(name).toString();
    }

    List<ConfigError> errors() {
        try {
            ConfigLoader.load(conf);
        } catch (ConfigException e) {
            return e.errors();
        }
        throw new AssertionError("the configuration loaded although it was broken");
    }

    CtiConfig load() throws ConfigException {
        return ConfigLoader.load(conf);
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path p, String text) {
        try {
            Files.writeString(p, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyTree(Path from, Path to) {
        assertThat(from).as("shipped directory").isDirectory();
        try (Stream<Path> s = Files.walk(from)) {
            for (Path src : s.toList()) {
                Path dst = to.resolve(from.relativize(src).toString());
                if (Files.isDirectory(src)) {
                    Files.createDirectories(dst);
                } else {
                    Files.copy(src, dst);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
