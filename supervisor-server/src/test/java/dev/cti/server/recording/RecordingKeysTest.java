package dev.cti.server.recording;

import static org.assertj.core.api.Assertions.assertThat;
import org.awaitility.Awaitility;

import dev.cti.link.message.DtmfReceived;
import dev.cti.link.message.Leg;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Keys pressed on a call (issue 17), from the CTI link to the flow that owns the call, the store and the recording's
 * timeline: DtmfReceived reaches the call's {@link dev.cti.server.call.KeyListener} with its digit, leg and time, is
 * stored against the call, and {@code GET /api/recordings/{id}} shows each as a {@code key} event with its leg but
 * never the digit (a caller may have keyed a card number); a call no flow owns has its keys stored all the same.
 */
class RecordingKeysTest extends RecordingApiTestBase {

    private record Heard(String callId, Leg leg, char digit, long at) { }

    @Override
    boolean agentsHearOwnCalls() {
        return false;
    }

    @Test
    void keys_reach_the_calls_owner_are_stored_and_shown_on_the_timeline_without_their_digits() throws Exception {
        List<Heard> heard = new CopyOnWriteArrayList<>();
        server.calls().keys().own("c-service", (callId, leg, digit, at) ->
                heard.add(new Heard(callId, leg, digit, at.toEpochMilli())));
        long audio = serviceStart + 17_000;
        gateway.send(new DtmfReceived("c-service", Leg.CALLER, "4", audio + 1_000));
        gateway.send(new DtmfReceived("c-service", Leg.CALLER, "#", audio + 2_000));
        gateway.send(new DtmfReceived("c-service", Leg.AGENT, "9", audio + 2_500));
        gateway.send(new DtmfReceived("c-sales", Leg.CALLER, "1", salesStart + 9_000));

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> heard.size() == 3);
        assertThat(heard).containsExactly(new Heard("c-service", Leg.CALLER, '4', audio + 1_000),
                new Heard("c-service", Leg.CALLER, '#', audio + 2_000),
                new Heard("c-service", Leg.AGENT, '9', audio + 2_500));

        String admin = login("admin", "demo-admin");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> keys(get("/api/recordings/" + R_SERVICE, admin)).size() == 3);
        List<JsonObject> keys = keys(get("/api/recordings/" + R_SERVICE, admin));
        assertThat(keys).extracting(k -> k.getString("leg") + "@" + k.getLong("offsetMillis"))
                .containsExactly("caller@1000", "caller@2000", "agent@2500");
        assertThat(keys).allSatisfy(k -> assertThat(k.fieldNames()).as("no digit shown")
                .isEqualTo(Set.of("offsetMillis", "at", "type", "leg")));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> keys(get("/api/recordings/" + R_SALES, admin)).size() == 1);
        assertThat(heard).as("nobody owns c-sales: stored only").hasSize(3);
    }

    private static List<JsonObject> keys(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonArray timeline = new JsonObject(r.body()).getJsonArray("timeline");
        return timeline.stream().map(o -> (JsonObject) o).filter(o -> "key".equals(o.getString("type"))).toList();
    }
}
