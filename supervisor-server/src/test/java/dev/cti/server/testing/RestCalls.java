package dev.cti.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The REST calls a browser test makes beside the page (log an agent in, set a state, read a list), each asserting
 * the status it expects so that a refused set-up step fails where it happens.
 */
public final class RestCalls {
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    /** @param base the server's origin, e.g. {@code http://127.0.0.1:8080} */
    public RestCalls(String base) {
        this.base = base;
    }

    /** Logs in and returns the token. */
    public String login(String user, String password) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
                .POST(HttpRequest.BodyPublishers.ofString(
                        new JsonObject().put("username", user).put("password", password).encode())), 200);
        return new JsonObject(r.body()).getString("token");
    }

    /** The body of a POST that must answer {@code status}. */
    public String post(String path, String token, String body, int status) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)), status).body();
    }

    /** The body of a GET that must answer 200. */
    public String get(String path, String token) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token),
                200).body();
    }

    private HttpResponse<String> send(HttpRequest.Builder request, int status) throws Exception {
        HttpResponse<String> r = http.send(request.header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.uri() + " " + r.body()).isEqualTo(status);
        return r;
    }
}
