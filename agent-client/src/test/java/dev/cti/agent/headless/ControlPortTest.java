package dev.cti.agent.headless;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control port drives the seat only for a client that knows the run's token, and never for a browser (a web page
 * posting to 127.0.0.1, or a DNS-rebound name): issue 13. The handler records every command that would have run.
 */
class ControlPortTest {
    @TempDir
    Path dir;
    private final String token = ControlPort.newToken(new SecureRandom());
    private final List<String> ran = new CopyOnWriteArrayList<>();
    private final EventOutput output = new EventOutput(new PrintStream(new ByteArrayOutputStream(), true,
            StandardCharsets.UTF_8));
    private ControlPort port;

    @BeforeEach
    void start() throws Exception {
        port = new ControlPort(0, token, (line, reply) -> {
            ran.add(line);
            reply.accept(new JsonObject().put("event", "ok").put("command", line).encode());
            return CompletableFuture.completedFuture(null);
        }, output);
    }

    @AfterEach
    void stop() {
        port.close();
    }

    /** Sends {@code text}, then reads every line until the server closes (or the read times out). */
    private List<String> exchange(String text) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port.port())) {
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
            s.shutdownOutput();
            List<String> lines = new CopyOnWriteArrayList<>();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            String l;
            while ((l = in.readLine()) != null) {
                lines.add(l);
            }
            return lines;
        }
    }

    @Test
    void with_the_token_commands_run_and_events_arrive() throws Exception {
        try (Socket s = new Socket("127.0.0.1", port.port())) {
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            out.write(("auth " + token + "\nready\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertThat(new JsonObject(in.readLine()).getString("command")).isEqualTo("auth");
            assertThat(new JsonObject(in.readLine()).getString("command")).isEqualTo("ready");
            output.accept(new JsonObject().put("event", "state").put("state", "READY"));
            assertThat(new JsonObject(in.readLine()).getString("event")).isEqualTo("state");
        }
        assertThat(ran).containsExactly("ready");
    }

    @Test
    void without_the_token_nothing_runs_and_no_event_is_sent() throws Exception {
        List<String> answer = exchange("answer\nready\n");
        assertThat(answer).singleElement().satisfies(l -> assertThat(l).contains("auth TOKEN"));
        assertThat(exchange("auth wrong-token-of-some-length\nanswer\n")).noneMatch(l -> l.contains("\"ok\""));
        assertThat(ran).isEmpty();
        assertThat(port.refused()).isEqualTo(2);
    }

    @Test
    void a_browser_request_never_drives_the_seat_even_with_commands_in_its_body() throws Exception {
        // What fetch('http://127.0.0.1:N/', {method: 'POST', mode: 'no-cors', body: ...}) sends from a web page,
        // and the same through a DNS-rebound name.
        for (String host : new String[] {"127.0.0.1:" + port.port(), "rebind.attacker.example:" + port.port()}) {
            String body = "auth " + token + "\nanswer\ndial 16800000000\n";
            List<String> answer = exchange("POST / HTTP/1.1\r\nHost: " + host + "\r\nOrigin: http://attacker.example\r\n"
                    + "Content-Type: text/plain\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
            assertThat(answer).as("closed without a word").isEmpty();
        }
        assertThat(ran).isEmpty();
        // Even after a good auth line, a header line (an HTTP request pipelined behind it) closes the connection.
        assertThat(exchange("auth " + token + "\nHost: 127.0.0.1\nanswer\n")).hasSize(1);
        assertThat(ran).isEmpty();
        assertThat(port.refused()).isEqualTo(3);
    }

    @Test
    void an_over_long_line_closes_the_connection() throws Exception {
        assertThat(exchange("x".repeat(ControlPort.MAX_LINE + 10) + "\n")).isEmpty();
        assertThat(port.refused()).isEqualTo(1);
    }

    @Test
    void the_token_file_is_readable_by_its_owner_only() throws Exception {
        Path file = dir.resolve("home/.cti/agent-1001.control-token");
        ControlPort.writeToken(file, token);
        assertThat(Files.readString(file).strip()).isEqualTo(token);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        ControlPort.writeToken(file, "another-token-for-the-next-run");
        assertThat(Files.readString(file).strip()).isEqualTo("another-token-for-the-next-run");
    }
}
