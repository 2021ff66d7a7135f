package dev.cti.it.stack;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The server's REST API as one logged-in user calls it (docs/API.md), for tests that act as a supervisor or an
 * agent's desktop would. Every call returns the status and the JSON body, so a test can assert refusals too.
 */
public final class Api {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String token;

    /** The answer to one request: its status and its JSON body (empty object when there was none). */
    public record Reply(int status, JsonObject body) {}

    /** An answer whose body is not JSON (audio): status, headers, the bytes, and when the whole answer had arrived. */
    public record Binary(int status, java.net.http.HttpHeaders headers, byte[] body, java.time.Instant receivedAt) {
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        /** The body as JSON, for an error answer. */
        public JsonObject json() {
            return new JsonObject(new String(body, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private Api(String base, String token) {
        this.base = base;
        this.token = token;
    }

    /** Logs {@code username} in with {@code password} at the server listening on {@code httpPort}. */
    public static Api login(int httpPort, String username, String password) throws Exception {
        String base = "http://127.0.0.1:" + httpPort;
        Api anonymous = new Api(base, null);
        Reply r = anonymous.post("/api/login", new JsonObject().put("username", username).put("password", password));
        if (r.status() != 200) {
            throw new AssertionError("login of " + username + " refused: " + r);
        }
        return new Api(base, r.body().getString("token"));
    }

    public Reply get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    /** A GET whose answer is kept as bytes, with extra request headers as name, value pairs (e.g. a Range). */
    public Binary getBytes(String path, String... headers) throws Exception {
        return bytes(base, path, token, headers);
    }

    /**
     * A GET with no login at all, as a browser's audio element fetches a ticket's URL ({@code ?ticket=}), with extra
     * request headers as name, value pairs.
     */
    public Binary getBytesWithoutLogin(String path, String... headers) throws Exception {
        return bytes(base, path, null, headers);
    }

    private Binary bytes(String base, String path, String bearer, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET().timeout(Duration.ofSeconds(30));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Binary(r.statusCode(), r.headers(), r.body(), java.time.Instant.now());
    }

    public Reply post(String path, JsonObject body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
    }

    public Reply put(String path, JsonObject body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body.encode())));
    }

    public Reply delete(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    private Reply send(HttpRequest.Builder b) throws Exception {
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(15)).build(),
                HttpResponse.BodyHandlers.ofString());
        String text = r.body();
        return new Reply(r.statusCode(), text == null || text.isBlank() ? new JsonObject() : new JsonObject(text));
    }
}
