package dev.cti.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Bodies are read only after the token is checked, never beyond their limit, never as multipart and never to disk
 * (issue 13). Raw sockets: the test sends the head and a first piece of the body, and reads the answer before sending
 * the rest, so an answer that comes proves the server did not wait for (nor buffer) the body.
 */
class RequestBodyTest extends HttpApiTestBase {
    private static final int MIB = 1024 * 1024;
    private static final String BOUNDARY = "----cti-test-boundary";
    /** What is sent of a refused body before the answer is read: far less than the body, within one socket buffer. */
    private static final int FIRST_PIECE = 4 * 1024;

    @Test
    void an_unauthenticated_8_MiB_multipart_post_gets_401_before_its_body_and_writes_nothing() throws Exception {
        List<String> before = disk();
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            send(out, head("POST", "/api/customers/import", null, "multipart/form-data; boundary=" + BOUNDARY,
                    "Transfer-Encoding: chunked"), chunk(partHead()), chunk(new byte[FIRST_PIECE]));
            Answer a = readAnswer(s);
            assertThat(a.status).isEqualTo(401);
            assertThat(a.body).contains("missing_token");
            assertThat(a.head.toLowerCase()).contains("connection: close");
            assertThat(restOfBodyRefused(s, out)).as("the server closes the connection instead of reading 8 MiB").isTrue();
        }
        assertThat(disk()).as("nothing written to the working directory or an upload directory").isEqualTo(before);
    }

    @Test
    void an_unauthenticated_body_with_a_length_gets_401_without_being_read() throws Exception {
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            send(out, head("POST", "/api/agents/alice/state", null, "application/json", "Content-Length: " + 8 * MIB),
                    new byte[FIRST_PIECE]);
            Answer a = readAnswer(s);
            assertThat(a.status).isEqualTo(401);
            assertThat(restOfBodyRefused(s, out)).isTrue();
        }
    }

    @Test
    void an_authenticated_multipart_post_gets_415_and_writes_nothing() throws Exception {
        List<String> before = disk();
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            send(out, head("POST", "/api/customers/import", TOKENS.get("root"),
                    "multipart/form-data; boundary=" + BOUNDARY, "Transfer-Encoding: chunked"), chunk(partHead()),
                    chunk(new byte[FIRST_PIECE]));
            Answer a = readAnswer(s);
            assertThat(a.status).isEqualTo(415);
            assertThat(a.body).contains("unsupported_media_type");
            assertThat(restOfBodyRefused(s, out)).isTrue();
        }
        assertThat(disk()).isEqualTo(before);
    }

    @Test
    void an_authenticated_body_over_the_limit_gets_413_before_it_is_sent() throws Exception {
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            out.write(head("POST", "/api/agents/alice/state", TOKENS.get("alice"), "application/json",
                    "Content-Length: " + (HttpApiVerticle.SMALL_BODY_BYTES + 1)));
            out.flush();
            Answer a = readAnswer(s);
            assertThat(a.status).isEqualTo(413);
            assertThat(restOfBodyRefused(s, out)).isTrue();
        }
    }

    @Test
    void a_chunked_body_is_refused_as_soon_as_it_passes_the_limit() throws Exception {
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            send(out, head("PUT", "/api/qa/evaluations/1", TOKENS.get("quinn"), "application/json",
                    "Transfer-Encoding: chunked"), chunk(new byte[HttpApiVerticle.SMALL_BODY_BYTES + 16]));
            assertThat(readAnswer(s).status).isEqualTo(413);
        }
    }

    @Test
    void the_login_body_is_small_and_never_multipart() throws Exception {
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            out.write(head("POST", "/api/login", null, "application/json",
                    "Content-Length: " + (HttpApiVerticle.LOGIN_BODY_BYTES + 1)));
            out.flush();
            assertThat(readAnswer(s).status).isEqualTo(413);
        }
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            send(out, head("POST", "/api/login", null, "multipart/form-data; boundary=" + BOUNDARY,
                    "Transfer-Encoding: chunked"), chunk(partHead()));
            assertThat(readAnswer(s).status).isEqualTo(415);
        }
    }

    @Test
    void a_csv_import_within_its_limit_still_works() throws Exception {
        var r = get(client.post(port, "127.0.0.1", "/api/customers/import")
                .putHeader("Authorization", "Bearer " + TOKENS.get("root")).putHeader("Content-Type", "text/csv")
                .sendBuffer(io.vertx.core.buffer.Buffer.buffer("number,surname,title,notes\n13800000001,王,先生,\n")));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.bodyAsJsonObject().getInteger("imported")).isEqualTo(1);
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private record Answer(int status, String head, String body) {}

    private static Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(10_000);
        return s;
    }

    private static byte[] head(String method, String path, String token, String type, String framing) {
        StringBuilder sb = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n");
        if (token != null) {
            sb.append("Authorization: Bearer ").append(token).append("\r\n");
        }
        sb.append("Content-Type: ").append(type).append("\r\n").append(framing).append("\r\n\r\n");
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] partHead() {
        return ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"customers.csv\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] chunk(byte[] data) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(data);
        b.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        return b.toByteArray();
    }

    /**
     * The head and the first piece of a body in one write: the server may answer and close as soon as it has the
     * head, and a client still writing when it does would see a reset instead of the answer (a CI run did).
     */
    private static void send(OutputStream out, byte[]... pieces) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : pieces) {
            b.writeBytes(p);
        }
        out.write(b.toByteArray());
        out.flush();
    }

    /** Reads one answer (head and a Content-Length body); a timeout fails the test: the server waited for the body. */
    private static Answer readAnswer(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        try {
            while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed before an answer: " + head);
                }
                head.write(b);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no answer within 10 s: the server is reading the body", e);
        }
        String h = head.toString(StandardCharsets.US_ASCII);
        int status = Integer.parseInt(h.substring(9, 12));
        int length = 0;
        for (String line : h.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        byte[] body = in.readNBytes(length);
        return new Answer(status, h, new String(body, StandardCharsets.UTF_8));
    }

    /**
     * Sends up to 8 MiB more of the body; true when the server has closed the connection (a write fails, or a read
     * sees the end) rather than reading it.
     */
    private static boolean restOfBodyRefused(Socket s, OutputStream out) {
        byte[] piece = new byte[64 * 1024];
        try {
            for (int sent = 0; sent < 8 * MIB; sent += piece.length) {
                out.write(piece);
            }
            out.flush();
        } catch (IOException closed) {
            return true;
        }
        try {
            return s.getInputStream().read() < 0;
        } catch (IOException closed) {
            return true;
        }
    }

    /** Every path under the working directory's file-uploads/ and the working directory's own entries. */
    private static List<String> disk() throws IOException {
        Path cwd = Path.of("").toAbsolutePath();
        Path uploads = cwd.resolve("file-uploads");
        try (Stream<Path> top = Files.list(cwd)) {
            Stream<String> entries = top.map(p -> p.getFileName().toString());
            if (Files.exists(uploads)) {
                try (Stream<Path> up = Files.walk(uploads)) {
                    String[] files = up.map(Path::toString).toArray(String[]::new);
                    return Stream.concat(entries, Arrays.stream(files)).sorted().toList();
                }
            }
            return entries.sorted().toList();
        }
    }
}
