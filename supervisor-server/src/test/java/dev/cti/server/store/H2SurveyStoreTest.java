package dev.cti.server.store;

import dev.cti.config.StorageConfig;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;

/** {@link SurveyStoreContractTest} on the embedded H2 file database. */
class H2SurveyStoreTest extends SurveyStoreContractTest {
    @TempDir
    Path dir;

    @Override
    StorageConfig storage() {
        return new StorageConfig(dir.resolve("data").toString(), Optional.empty(), Optional.empty(), Optional.empty());
    }
}
