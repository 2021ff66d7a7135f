package dev.cti.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** network.server.login, .sessions and .customerLookupsPerMinute: defaults, values, and mistakes at their line. */
class ApiLimitsConfigTest {
    private static final String HTTPS = "    httpPort: 8080";

    @TempDir
    Path tmp;

    @Test
    void the_shipped_configuration_has_the_documented_defaults() throws Exception {
        NetworkConfig.Server s = new ConfigFixture(tmp).load().network().server();
        assertThat(s.login()).isEqualTo(new NetworkConfig.Login(5, 30, 900, 60, 3600, 4, 64));
        assertThat(s.sessions()).isEqualTo(new NetworkConfig.Sessions(12, 8, 256));
        assertThat(s.customerLookupsPerMinute()).isEqualTo(30);
    }

    @Test
    void values_are_read() throws Exception {
        ConfigFixture fx = new ConfigFixture(tmp);
        fx.replace("site.yaml", HTTPS, HTTPS + "\n    login: { maxFailuresPerUser: 3, lockoutSeconds: 10, hashThreads: 2 }"
                + "\n    sessions: { ttlHours: 8, maxSocketsPerSession: 2, socketBufferKilobytes: 64 }"
                + "\n    customerLookupsPerMinute: 5");
        NetworkConfig.Server s = fx.load().network().server();
        assertThat(s.login()).isEqualTo(new NetworkConfig.Login(3, 30, 900, 10, 3600, 2, 64));
        assertThat(s.sessions()).isEqualTo(new NetworkConfig.Sessions(8, 2, 64));
        assertThat(s.customerLookupsPerMinute()).isEqualTo(5);
    }

    @Test
    void a_longest_lockout_below_the_first_is_an_error_at_its_line() {
        ConfigFixture fx = new ConfigFixture(tmp);
        int line = fx.replace("site.yaml", HTTPS, HTTPS + "\n    login:\n      lockoutSeconds: 600\n"
                + "      maxLockoutSeconds: 60") + 3;
        assertThat(fx.errors()).containsExactly(new ConfigError(fx.file("site.yaml"), line,
                "network.server.login.maxLockoutSeconds", "must not be below lockoutSeconds (600)"));
    }

    @Test
    void out_of_range_values_are_errors_at_their_line() {
        ConfigFixture fx = new ConfigFixture(tmp);
        int line = fx.replace("site.yaml", HTTPS, HTTPS + "\n    login: { hashThreads: 0 }\n"
                + "    sessions: { socketBufferKilobytes: 1 }");
        assertThat(fx.errors()).extracting(ConfigError::path, ConfigError::line).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("network.server.login.hashThreads", line + 1),
                org.assertj.core.groups.Tuple.tuple("network.server.sessions.socketBufferKilobytes", line + 2));
    }
}
