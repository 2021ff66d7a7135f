package dev.cti.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/CONFIG.md is generated from the schema; this keeps the committed copy from drifting. */
class ConfigReferenceTest {
    @Test
    void committedReferenceMatchesTheSchema() throws Exception {
        Path doc = ConfigFixture.repoRoot().resolve("docs/CONFIG.md");
        assertThat(Files.readString(doc))
                .as("docs/CONFIG.md is stale: run `bin/cti config-reference > docs/CONFIG.md`")
                .isEqualTo(ConfigReference.render());
    }

    @Test
    void everySchemaKeyIsInTheReference() {
        String md = ConfigReference.render();
        for (String key : new String[] {"`queues[].serviceLevel.thresholdSeconds`", "`agents[].workNumber`",
                "`network.rtp.portMin`", "`compliance.holdThresholdsSeconds`", "`scripts[].steps[].holiday`",
                "`users[].passwordHash`", "`storage.postgresUrl`"}) {
            assertThat(md).contains(key);
        }
    }
}
