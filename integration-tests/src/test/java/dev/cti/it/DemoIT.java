package dev.cti.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.it.stack.ConfCopy;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/cti demo} as a user runs it (on a copy of conf/ with free ports): server, gateway and the demo start,
 * two headless agents are seated, the generator calls the queues through the gateway over SIP and RTP, the agents
 * answer, the server counts answered calls, and SIGTERM stops all three processes cleanly.
 */
class DemoIT {
    @TempDir
    Path tmp;

    @Test
    void demoAnswersGeneratedCallsAndStopsOnSigterm() throws Exception {
        Path conf = ConfCopy.create(tmp, Map.of());
        int http = port(conf.resolve("site.yaml"), "server");
        Process demo = CtiCommand.start(tmp, "demo", "--config", "conf", "--agents", "2", "--calls", "3",
                "--call-every", "3");
        CtiCommand.Output out = new CtiCommand.Output(demo);
        HttpClient client = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + http;
        try {
            await("the demo is running:\n" + out.all()).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> out.all().contains("demo: running: 2 agents"));
            assertThat(out.all()).contains("demo: wallboard: open " + base + "/wallboard/")
                    .contains("supervisor / demo-supervisor").contains("SIP user 1003, password demo-sip-1003");
            String token = new JsonObject(post(client, base + "/api/login",
                    "{\"username\":\"supervisor\",\"password\":\"demo-supervisor\"}")).getString("token");
            await("an answered call:\n" + out.all()).atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> answered(client, base, token) >= 1);
            assertThat(out.all()).containsPattern("demo: (1001|2001) answers on ring [123]");
            assertThat(out.all()).as("numbers are masked").containsPattern("call 1: 1\\d\\d\\*\\*\\*\\*\\d{4} dials 400800[12]000");
            // the three processes' logs (the gateway's SIP stack included) never carry a caller's whole number
            assertThat(out.all()).as("no caller number in any log").doesNotContainPattern("(?<!\\d)1[3-9]\\d{9}(?!\\d)");
        } finally {
            new ProcessBuilder("kill", "-TERM", Long.toString(demo.pid())).start().waitFor();
        }
        assertThat(demo.waitFor(40, TimeUnit.SECONDS)).as("bin/cti demo stops on SIGTERM:\n" + out.all()).isTrue();
        assertThat(demo.exitValue()).as(out.all()).isZero();
        assertThat(out.all()).contains("cti: stopped").contains("demo: stopped");
    }

    private static int answered(HttpClient client, String base, String token) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/api/queues"))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonArray queues = new JsonObject(r.body()).getJsonArray("queues");
        int sum = 0;
        for (int i = 0; i < queues.size(); i++) {
            JsonObject today = queues.getJsonObject(i).getJsonObject("today");
            if (today != null) sum += today.getInteger("answered", 0);
        }
        return sum;
    }

    private static String post(HttpClient client, String url, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The httpPort under {@code network.<section>} of a site.yaml. */
    private static int port(Path site, String section) throws Exception {
        Matcher m = Pattern.compile("\\n  " + section + ":[^\\n]*\\n(?:    [^\\n]*\\n)*?    httpPort: (\\d+)")
                .matcher(Files.readString(site));
        if (!m.find()) throw new AssertionError("no network." + section + ".httpPort in " + site);
        return Integer.parseInt(m.group(1));
    }
}
