package dev.cti.server.recording;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** {@code recording.agentsHearOwnCalls: true}: an agent lists, views and plays their own calls, and no one else's. */
class RecordingOwnCallsApiTest extends RecordingApiTestBase {

    @Override
    boolean agentsHearOwnCalls() {
        return true;
    }

    @Test
    void an_agent_hears_the_own_calls_only() throws Exception {
        String agent = login("1001", "demo-1001");
        HttpResponse<String> list = get("/api/recordings", agent);
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        assertThat(new JsonObject(list.body()).getJsonArray("recordings").stream()
                .map(o -> ((JsonObject) o).getString("id")).toList()).containsExactly(R_SERVICE);
        assertThat(get("/api/recordings/" + R_SERVICE, agent).statusCode()).isEqualTo(200);
        assertThat(bytes("/api/recordings/" + R_SERVICE + "/audio", agent, "bytes=0-99").statusCode()).isEqualTo(206);
        assertThat(post("/api/recordings/" + R_SERVICE + "/ticket", agent, "{}").statusCode()).isEqualTo(201);

        // a colleague's call, and asking for it by agent
        assertThat(get("/api/recordings/" + R_SALES, agent).statusCode()).isEqualTo(403);
        assertThat(bytes("/api/recordings/" + R_SALES + "/audio", agent, null).statusCode()).isEqualTo(403);
        assertThat(post("/api/recordings/" + R_SALES + "/ticket", agent, "{}").statusCode()).isEqualTo(403);
        assertThat(get("/api/recordings?agent=2001", agent).statusCode()).isEqualTo(403);
        for (String action : new String[] {"recording-view", "recording-download", "recording-play", "recording-list"}) {
            assertThat(audit()).as(action).anySatisfy(e -> {
                assertThat(e.actor()).isEqualTo("1001");
                assertThat(e.action()).isEqualTo(action);
                assertThat(e.detail().orElse("")).startsWith("denied: ");
            });
        }
        // the own download is audited, like anyone's
        assertThat(audit()).anySatisfy(e -> {
            assertThat(e.actor()).isEqualTo("1001");
            assertThat(e.action()).isEqualTo("recording-download");
            assertThat(e.detail().orElse("")).contains("bytes 0-99/");
        });
    }
}
