package dev.cti.config;

import java.util.Optional;

/**
 * Where records are kept.
 *
 * @param dataDir     directory of the embedded database (created when missing); relative paths are
 *                    resolved against the working directory
 * @param postgresUrl JDBC URL of a PostgreSQL database; when present it is used instead of the
 *                    embedded one, e.g. {@code jdbc:postgresql://127.0.0.1:5432/cti}
 */
public record StorageConfig(String dataDir, Optional<String> postgresUrl, Optional<String> postgresUser,
                            Optional<String> postgresPassword) {}
