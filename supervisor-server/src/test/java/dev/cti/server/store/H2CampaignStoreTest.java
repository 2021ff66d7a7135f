package dev.cti.server.store;

import dev.cti.config.StorageConfig;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;

/** Campaign call lists on the embedded H2 file database (the default). */
class H2CampaignStoreTest extends CampaignStoreContractTest {
    @TempDir
    Path dir;

    @Override
    StorageConfig storage() {
        return new StorageConfig(dir.resolve("data").toString(), Optional.empty(), Optional.empty(), Optional.empty());
    }
}
