package dev.cti.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** storage.failover and network.ctiLink.alternates: defaults, values, and mistakes at their line. */
class FailoverConfigTest {
    private static final String DATA = "  dataDir: data";
    private static final String REPLAY = "    replayBufferEvents: 20000";

    @TempDir
    Path tmp;

    @Test
    void the_shipped_configuration_runs_one_node_without_alternates() throws Exception {
        CtiConfig c = new ConfigFixture(tmp).load();
        assertThat(c.storage().failover()).isEqualTo(StorageConfig.Failover.OFF);
        assertThat(c.storage().failover().enabled()).isFalse();
        assertThat(c.network().ctiLink().alternates()).isEmpty();
    }

    @Test
    void values_are_read() throws Exception {
        ConfigFixture fx = new ConfigFixture(tmp);
        fx.replace("site.yaml", DATA, DATA + "\n  postgresUrl: jdbc:postgresql://127.0.0.1:5432/cti"
                + "\n  failover: { enabled: true, nodeId: node-2, checkMillis: 250 }");
        fx.replace("site.yaml", REPLAY, REPLAY + "\n    alternates: [\"10.0.0.12:7070\", \"cti-b.example:7071\"]");
        CtiConfig c = fx.load();
        assertThat(c.storage().failover()).isEqualTo(new StorageConfig.Failover(true, "node-2", 250));
        assertThat(c.network().ctiLink().alternates()).containsExactly("10.0.0.12:7070", "cti-b.example:7071");
    }

    @Test
    void failover_without_postgresql_is_an_error_at_its_line() {
        ConfigFixture fx = new ConfigFixture(tmp);
        int line = fx.replace("site.yaml", DATA, DATA + "\n  failover:\n    enabled: true") + 2;
        assertThat(fx.errors()).containsExactly(new ConfigError(fx.file("site.yaml"), line,
                "storage.failover.enabled", "failover needs storage.postgresUrl: the nodes share one PostgreSQL and "
                        + "its owner lock (docs/CLUSTER.md)"));
    }

    @Test
    void an_alternate_that_is_not_host_colon_port_is_an_error_at_its_line() {
        ConfigFixture fx = new ConfigFixture(tmp);
        int line = fx.replace("site.yaml", REPLAY, REPLAY + "\n    alternates:\n      - 10.0.0.12\n"
                + "      - \"10.0.0.13:99999\"");
        assertThat(fx.errors()).extracting(ConfigError::path, ConfigError::line).containsExactlyInAnyOrderElementsOf(
                List.of(org.assertj.core.groups.Tuple.tuple("network.ctiLink.alternates[0]", line + 2),
                        org.assertj.core.groups.Tuple.tuple("network.ctiLink.alternates[1]", line + 3)));
    }
}
