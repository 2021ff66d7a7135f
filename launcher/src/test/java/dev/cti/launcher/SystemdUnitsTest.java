package dev.cti.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.config.NetworkConfig;
import dev.cti.testpeers.PeerTool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped systemd units (deploy/systemd): systemd-analyze verify finds nothing to say about them (with ExecStart
 * pointed at this repository's bin/cti, since /opt/cti is not here), and they say what docs/OPERATIONS.md promises:
 * restart on failure, a dedicated user, the state directory, SIGTERM's 143 as a clean exit, and a stop timeout for the
 * gateway longer than its drain.
 */
class SystemdUnitsTest {
    @TempDir
    Path tmp;

    private static Path repo() {
        return Path.of(System.getProperty("cti.repo.root", "..")).toAbsolutePath().normalize();
    }

    private static Path units() {
        return repo().resolve("deploy/systemd");
    }

    @Test
    void systemdAnalyzeVerifyHasNothingToSay() throws Exception {
        Path analyze = PeerTool.require("systemd-analyze", "systemd");
        List<String> args = new ArrayList<>(List.of(analyze.toString(), "verify"));
        for (String unit : List.of("cti-server.service", "cti-gateway.service")) {
            String text = Files.readString(units().resolve(unit))
                    .replace("/opt/cti/bin/cti", repo().resolve("bin/cti").toString());
            Path copy = tmp.resolve(unit);
            Files.writeString(copy, text);
            args.add(copy.toString());
        }
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(said).isZero();
        assertThat(said.lines().filter(l -> l.contains("cti-")).toList()).as("warnings about our units").isEmpty();
    }

    @Test
    void theUnitsRestartOnFailureAsTheServiceUserAndGiveTheGatewayItsDrain() throws IOException {
        for (String name : List.of("server", "gateway")) {
            Map<String, String> service = section(units().resolve("cti-" + name + ".service"), "Service");
            assertThat(service).containsEntry("Restart", "on-failure").containsEntry("User", "cti")
                    .containsEntry("Group", "cti").containsEntry("StateDirectory", "cti")
                    .containsEntry("SuccessExitStatus", "143").containsEntry("KillSignal", "SIGTERM")
                    .containsEntry("ExecStart", "/opt/cti/bin/cti run " + name + " --config /etc/cti")
                    .containsEntry("Environment", "CTI_NO_BUILD=1").containsEntry("NoNewPrivileges", "yes");
            assertThat(section(units().resolve("cti-" + name + ".service"), "Unit"))
                    .containsEntry("StartLimitIntervalSec", "0");
        }
        Map<String, String> gateway = section(units().resolve("cti-gateway.service"), "Service");
        assertThat(seconds(gateway.get("TimeoutStopSec")))
                .as("systemd must wait longer than the gateway's default drain")
                .isGreaterThan(NetworkConfig.GatewayAdmin.DEFAULT_DRAIN_TIMEOUT_SECONDS);
        Map<String, String> backoff = section(units().resolve("restart-backoff.conf"), "Service");
        assertThat(backoff).containsEntry("RestartSteps", "5").containsEntry("RestartMaxDelaySec", "60s");
        assertThat(Files.readString(units().resolve("cti.sysusers"))).contains("u cti - ");
    }

    /** The keys of one [section] of a unit file (the last value wins, as in systemd for these keys). */
    private static Map<String, String> section(Path file, String name) throws IOException {
        Map<String, String> keys = new LinkedHashMap<>();
        String current = null;
        for (String line : Files.readAllLines(file)) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            if (l.startsWith("[")) {
                current = l.substring(1, l.length() - 1);
            } else if (name.equals(current) && l.contains("=")) {
                keys.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1));
            }
        }
        return keys;
    }

    private static long seconds(String value) {
        return Long.parseLong(value.replaceAll("s$", ""));
    }
}
