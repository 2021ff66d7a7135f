package dev.cti.config;

/**
 * One mistake in the configuration.
 *
 * @param file    the file as given to the loader, e.g. {@code conf/queues.yaml}
 * @param line    1-based line of the offending value (0 when the mistake has no single place)
 * @param path    the key path, e.g. {@code queues[1].serviceLevel.thresholdSeconds}
 * @param message what is expected and what was found
 */
public record ConfigError(String file, int line, String path, String message) {
    @Override
    public String toString() {
        return file + ":" + line + " " + path + ": " + message;
    }
}
