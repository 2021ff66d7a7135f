package dev.cti.server.store;

import dev.cti.config.StorageConfig;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;

/** Callbacks and complaint follow-ups on the embedded H2 file database (the default). */
class H2FollowUpStoreTest extends FollowUpStoreContractTest {
    @TempDir
    Path dir;

    @Override
    StorageConfig storage() {
        return new StorageConfig(dir.resolve("data").toString(), Optional.empty(), Optional.empty(), Optional.empty());
    }
}
