package dev.cti.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.it.stack.ConfCopy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, "Supervision": under {@code bin/cti up} a crash of the server (kill -9) no longer stops everything. The
 * supervisor starts the server again after its back-off, logs and counts the restart (printed, and in
 * data/run/supervisor.status), while the gateway process goes on untouched and links to the new server;
 * {@code bin/cti status} shows it, {@code bin/cti restart gateway} restarts the gateway alone (drained: it has no
 * call), and SIGTERM still stops everything cleanly (exit 0, the gateway stopped before the server).
 */
class SuperviseIT {
    @TempDir
    Path tmp;

    @Test
    void aKilledServerIsStartedAgainWhileTheGatewayGoesOn() throws Exception {
        int http = ConfCopy.freeTcp();
        int https = ConfCopy.freeTcp();
        int admin = ConfCopy.freeTcp();
        int link = ConfCopy.freeTcp();
        int sip = ConfCopy.freeUdpAndTcp();
        Path conf = tmp.resolve("conf");
        ConfCopy.copy(CtiCommand.repoRoot().resolve("conf"), conf);
        ConfCopy.copy(CtiCommand.repoRoot().resolve("prompts"), tmp.resolve("prompts"));
        Path site = conf.resolve("site.yaml");
        Files.writeString(site, Files.readString(site)
                .replace("httpPort: 8080", "httpPort: " + http)
                .replace("port: 8443", "port: " + https)
                .replace("httpPort: 8081", "httpPort: " + admin)
                .replace("port: 7070", "port: " + link)
                .replace("udpPort: 5060", "udpPort: " + sip)
                .replace("tcpPort: 5060", "tcpPort: " + sip)
                .replace("portMin: 20000", "portMin: 42000")
                .replace("portMax: 29999", "portMax: 42999"));

        Process up = CtiCommand.start(tmp, "up", "--config", "conf", "--allow-demo");
        CtiCommand.Output out = new CtiCommand.Output(up);
        HttpClient client = HttpClient.newHttpClient();
        Path status = tmp.resolve("data/run/supervisor.status");
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> linked(client, http));
            Map<String, String> before = read(status);
            assertThat(before).containsEntry("supervisor-server.state", "RUNNING")
                    .containsEntry("sip-gateway.state", "RUNNING").containsEntry("supervisor-server.restarts", "0");
            String serverPid = before.get("supervisor-server.pid");
            String gatewayPid = before.get("sip-gateway.pid");

            // the server crashes
            new ProcessBuilder("kill", "-9", serverPid).start().waitFor();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> "1".equals(read(status).get("supervisor-server.restarts")));
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> linked(client, http));
            Map<String, String> after = read(status);
            assertThat(after.get("supervisor-server.pid")).isNotEqualTo(serverPid);
            assertThat(after).containsEntry("supervisor-server.lastExit", "status 137, SIGKILL")
                    .containsEntry("sip-gateway.pid", gatewayPid).containsEntry("sip-gateway.restarts", "0");
            assertThat(up.isAlive()).as("bin/cti up goes on:\n" + out.all()).isTrue();
            assertThat(ProcessHandle.of(Long.parseLong(gatewayPid)).map(ProcessHandle::isAlive)).contains(true);
            assertThat(out.all()).contains("cti: supervisor-server exited (status 137, SIGKILL)")
                    .contains("cti: supervisor-server restarted (restart 1)");

            CtiCommand.Result shown = CtiCommand.run(tmp, 60, "status", "--config", "conf");
            assertThat(shown.exit()).as(shown.stderr()).isZero();
            assertThat(shown.stdout()).containsPattern("supervisor-server +RUNNING +\\d+ +1 ")
                    .containsPattern("sip-gateway +RUNNING +" + gatewayPid + " +0 ");

            // a gateway restart on request: it drains (no call here), exits, and is started again
            CtiCommand.Result restart = CtiCommand.run(tmp, 60, "restart", "gateway", "--config", "conf");
            assertThat(restart.exit()).as(restart.stderr()).isZero();
            assertThat(restart.stderr()).contains("sent SIGTERM to sip-gateway").contains("drains");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                    .until(() -> "1".equals(read(status).get("sip-gateway.restarts"))
                            && "RUNNING".equals(read(status).get("sip-gateway.state")));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> linked(client, http) && health(client, admin) == 200);
        } finally {
            new ProcessBuilder("kill", "-TERM", Long.toString(up.pid())).start().waitFor();
        }
        assertThat(up.waitFor(60, TimeUnit.SECONDS)).as("bin/cti up stops on SIGTERM:\n" + out.all()).isTrue();
        assertThat(up.exitValue()).as(out.all()).isZero();
        String all = out.all();
        assertThat(all.indexOf("cti: stopping sip-gateway")).as(all).isNotNegative()
                .isLessThan(all.indexOf("cti: stopping supervisor-server"));
        assertThat(all).contains("cti: stopped");
        assertThat(read(status)).containsEntry("sip-gateway.state", "STOPPED")
                .containsEntry("supervisor-server.state", "STOPPED");
    }

    private static boolean linked(HttpClient client, int http) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/metrics"))
                .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 && r.body().contains("cti_link_connected 1.0");
    }

    private static int health(HttpClient client, int admin) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin + "/health"))
                .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static Map<String, String> read(Path status) throws IOException {
        Map<String, String> facts = new LinkedHashMap<>();
        if (Files.exists(status)) {
            for (String line : Files.readAllLines(status)) {
                int eq = line.indexOf('=');
                if (!line.startsWith("#") && eq > 0) {
                    facts.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        }
        return facts;
    }
}
