package dev.cti.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recording section (issue 12): defaults, policies per queue, and the mistakes it reports. */
class RecordingConfigTest {
    @TempDir
    Path tmp;

    @Test
    void shippedSiteRecordsEveryCallUnderTheDataDirectory() throws Exception {
        CtiConfig config = new ConfigFixture(tmp).load();
        RecordingConfig r = config.recording();
        assertThat(config.recordingDirectory()).isEqualTo("data/recordings");
        assertThat(config.recordingKeyFile()).isEqualTo("data/recording-keys.txt");
        assertThat(config.withStorage(new StorageConfig("/tmp/x", java.util.Optional.empty(),
                java.util.Optional.empty(), java.util.Optional.empty())).recordingDirectory())
                .as("follows the data directory").isEqualTo("/tmp/x/recordings");
        assertThat(r.minFreeMegabytes()).isEqualTo(1024);
        assertThat(r.minFreeBytes()).isEqualTo(1024L * 1024 * 1024);
        assertThat(r.retentionDays()).isEqualTo(180);
        assertThat(r.agentsHearOwnCalls()).isFalse();
        assertThat(r.policyForQueue("service")).isEqualTo(RecordingPolicy.ALL);
        assertThat(r.clickToDial()).isEqualTo(RecordingPolicy.ALL);
    }

    @Test
    void aSiteWithoutRecordingKeysTakesTheDefaultsThroughTheSameParser() throws Exception {
        ConfigFixture fx = new ConfigFixture(tmp);
        String site = java.nio.file.Files.readString(fx.conf.resolve("site.yaml"));
        int from = site.indexOf("\nrecording:");
        fx.writeFile("site.yaml", site.substring(0, from + 1) + site.substring(site.indexOf("\ntrunks:", from) + 1));
        RecordingConfig r = fx.load().recording();
        assertThat(r.policyForQueue("service")).isEqualTo(RecordingPolicy.ALL);
        assertThat(r.clickToDial()).isEqualTo(RecordingPolicy.ALL);
        assertThat(r.minFreeMegabytes()).isEqualTo(1024);
    }

    @Test
    void perQueuePoliciesOverrideTheDefault() throws Exception {
        ConfigFixture fx = new ConfigFixture(tmp);
        fx.replace("site.yaml", "  defaultPolicy: all ", "  defaultPolicy: none ");
        fx.replace("site.yaml", "  clickToDial: all ", "  clickToDial: 25% ");
        fx.replace("site.yaml", "  queues: {} ", "  queues: {sales: 50%, service: all} ");
        fx.replace("site.yaml", "  # directory: data/recordings", "  directory: /srv/rec");
        RecordingConfig r = fx.load().recording();
        assertThat(r.policyForQueue("sales")).isEqualTo(new RecordingPolicy(50));
        assertThat(r.policyForQueue("service")).isEqualTo(RecordingPolicy.ALL);
        assertThat(r.policyForQueue("other")).isEqualTo(RecordingPolicy.NONE);
        assertThat(r.clickToDial().toString()).isEqualTo("25%");
        assertThat(r.directory()).contains("/srv/rec");
    }

    @Test
    void aBadPolicyAndAnUnknownQueueAreReportedWithTheirLines() {
        ConfigFixture fx = new ConfigFixture(tmp);
        int line = fx.replace("site.yaml", "  clickToDial: all ", "  clickToDial: 150% ");
        int queues = fx.replace("site.yaml", "  queues: {} ", "  queues: {vip: all} ");
        assertThat(fx.errors()).hasSize(2);
        assertThat(fx.errors()).anySatisfy(e -> {
            assertThat(e.line()).isEqualTo(line);
            assertThat(e.path()).isEqualTo("recording.clickToDial");
            assertThat(e.message()).contains("must be all, none or a percentage");
        });
        assertThat(fx.errors()).anySatisfy(e -> {
            assertThat(e.line()).isEqualTo(queues);
            assertThat(e.path()).isEqualTo("recording.queues.vip");
            assertThat(e.message()).startsWith("unknown queue 'vip'");
        });
    }

    @Test
    void aSampleDrawsAboutItsShare() {
        Random random = new Random(42);
        int drawn = 0;
        for (int i = 0; i < 10_000; i++) {
            drawn += new RecordingPolicy(25).draw(random) ? 1 : 0;
        }
        assertThat(drawn).isBetween(2300, 2700);
        assertThat(RecordingPolicy.NONE.draw(random)).isFalse();
        assertThat(RecordingPolicy.ALL.draw(random)).isTrue();
    }
}
