package dev.cti.agent.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The server pushes of docs/API.md as one seat sees them (ServerEvents.toSeat). */
class ServerEventsTest {
    private static Optional<JsonObject> seat(JsonObject push) {
        return ServerEvents.toSeat(push, "1001");
    }

    private static JsonObject monitorPush(String agentId, Object notify, String mode, String state, String endReason) {
        JsonObject mon = new JsonObject().put("monitorId", "m-1").put("callId", "c-1").put("agentId", agentId)
                .put("supervisor", "supervisor").put("mode", mode).put("state", state)
                .put("startedAt", "calling".equals(state) ? null : 1767000080000L).put("endReason", endReason);
        return new JsonObject().put("type", "monitor").put("seq", 12).put("agentId", agentId)
                .put("notifyAgent", notify).put("monitor", mon);
    }

    @Test
    void aBargeTheAgentIsToBeToldOfBecomesMonitored() {
        assertThat(seat(monitorPush("1001", true, "barge", "active", null))).contains(new JsonObject()
                .put("event", "monitored").put("monitorId", "m-1").put("callId", "c-1").put("mode", "barge")
                .put("supervisor", "supervisor").put("state", "active"));
    }

    @Test
    void theEndCarriesItsReasonAndATakeOverItsMode() {
        JsonObject ended = seat(monitorPush("1001", true, "whisper", "ended", "stopped")).orElseThrow();
        assertThat(ended.getString("state")).isEqualTo("ended");
        assertThat(ended.getString("endReason")).isEqualTo("stopped");
        JsonObject takeover = seat(monitorPush("1001", true, "takeover", "active", null)).orElseThrow();
        assertThat(takeover.getString("mode")).isEqualTo("takeover");
        assertThat(takeover.containsKey("endReason")).isFalse();
        assertThat(seat(monitorPush("1001", true, "barge", "calling", null)).orElseThrow().getString("state"))
                .isEqualTo("calling");
    }

    @Test
    void aSilentListenOrAnotherAgentsMonitorIsNotTheSeatsBusiness() {
        assertThat(seat(monitorPush("1001", false, "listen", "active", null))).isEmpty();
        assertThat(seat(monitorPush("1001", null, "barge", "active", null))).as("no notifyAgent: not told").isEmpty();
        assertThat(seat(monitorPush("1001", "true", "barge", "active", null))).as("a string is not true").isEmpty();
        // the supervisor's own seat (9001) sees every monitor of the agents it may see
        assertThat(ServerEvents.toSeat(monitorPush("1001", true, "barge", "active", null), "9001")).isEmpty();
        assertThat(seat(monitorPush("1002", true, "barge", "active", null))).isEmpty();
    }

    @Test
    void aRefusedHoldOrAnswerOfTheAgentsCallBecomesCommandRejected() {
        JsonObject push = new JsonObject().put("type", "command-rejected").put("seq", 31).put("callId", "c-1")
                .put("agentId", "1001").put("command", "AnswerCall").put("reason", "PHONE_REFUSED");
        assertThat(seat(push)).contains(new JsonObject().put("event", "command-rejected").put("callId", "c-1")
                .put("command", "AnswerCall").put("reason", "PHONE_REFUSED"));
        assertThat(ServerEvents.toSeat(push, "1002")).isEmpty();
    }

    @Test
    void aRefusedMonitorCommandDoesNotReachTheAgent() {
        JsonObject push = new JsonObject().put("type", "command-rejected").put("callId", "c-1").put("agentId", "1001")
                .put("command", "StartMonitor").put("reason", "INVALID_STATE").put("monitorId", "m-1");
        assertThat(seat(push)).as("it would reveal a silent listen").isEmpty();
    }

    @Test
    void statesScriptsCallsAndHoldThresholdsStayAsTheyWere() {
        JsonObject snapshot = new JsonObject().put("type", "snapshot").put("agents", new JsonArray()
                .add(new JsonObject().put("id", "1002").put("state", "READY"))
                .add(new JsonObject().put("id", "1001").put("state", "ON_CALL").put("callId", "c-1").put("reason", null)));
        assertThat(seat(snapshot)).contains(new JsonObject().put("event", "state").put("state", "ON_CALL")
                .put("callId", "c-1"));
        assertThat(seat(new JsonObject().put("type", "agent").put("agent", new JsonObject().put("id", "1001")
                .put("state", "WRAP_UP").put("queueId", "service")))).contains(new JsonObject().put("event", "state")
                .put("state", "WRAP_UP").put("queueId", "service"));
        assertThat(seat(new JsonObject().put("type", "call").put("event", "answered").put("call", new JsonObject()
                .put("id", "c-1").put("agentId", "1001").put("queueId", "service").put("caller", "138****5678"))))
                .contains(new JsonObject().put("event", "call").put("callEvent", "answered").put("callId", "c-1")
                        .put("queueId", "service").put("caller", "138****5678"));
        assertThat(seat(new JsonObject().put("type", "hold-threshold").put("agentId", "1001").put("callId", "c-1")
                .put("level", 1).put("thresholdSeconds", 10)).orElseThrow().getInteger("level")).isEqualTo(1);
        assertThat(seat(new JsonObject().put("type", "script").put("agentId", "1002"))).isEmpty();
        assertThat(seat(new JsonObject().put("type", "queues"))).isEmpty();
        assertThat(seat(new JsonObject())).isEmpty();
    }

    @Test
    void theOwnCallsRecordingStateAndTheOwnEvaluationsArePassedOn() {
        JsonObject paused = new JsonObject().put("type", "recording").put("at", "2026-12-07T01:00:00Z").put("callId", "c-1")
                .put("agentId", "1001").put("recordingId", "r-1").put("state", "paused").put("by", "1001")
                .put("offsetMillis", 12_000);
        assertThat(seat(paused)).contains(new JsonObject().put("event", "recording").put("callId", "c-1")
                .put("state", "paused").put("recordingId", "r-1").put("by", "1001").put("offsetMillis", 12_000L));
        assertThat(ServerEvents.toSeat(paused, "1002")).as("another agent's call").isEmpty();
        JsonObject skipped = new JsonObject().put("type", "recording").put("callId", "c-2").put("agentId", "1001")
                .put("state", "not_recorded").put("reason", "NOT_SAMPLED");
        assertThat(seat(skipped)).contains(new JsonObject().put("event", "recording").put("callId", "c-2")
                .put("state", "not_recorded").put("reason", "NOT_SAMPLED"));

        JsonObject summary = new JsonObject().put("id", 12).put("callId", "c-1").put("status", "SUBMITTED")
                .put("score", 86.4).put("passed", true).put("grade", "B");
        JsonObject evaluation = new JsonObject().put("type", "evaluation").put("agentId", "1001")
                .put("evaluation", summary);
        assertThat(seat(evaluation)).contains(new JsonObject().put("event", "evaluation").put("evaluation", summary));
        assertThat(ServerEvents.toSeat(evaluation, "1002")).as("another agent's evaluation").isEmpty();
        assertThatThrownBy(() -> seat(new JsonObject().put("type", "recording").put("agentId", "1001")
                .put("offsetMillis", "twelve"))).isInstanceOf(ClassCastException.class);
    }

    @Test
    void aFieldOfTheWrongTypeIsRefusedForTheCallerToCount() {
        assertThatThrownBy(() -> seat(new JsonObject().put("type", "monitor").put("agentId", "1001")
                .put("notifyAgent", true).put("monitor", "not an object"))).isInstanceOf(ClassCastException.class);
    }

    @Test
    void aCallbackDialledForTheAgentIsPassedOnWithItsPhrase() {
        JsonObject cb = new JsonObject().put("id", 7).put("requestId", "dial-1").put("number", "139****5678")
                .put("customer", "王 先生").put("phrase", "您好,我是示例科技1001号业务受理专员").put("attempt", 1);
        JsonObject push = new JsonObject().put("type", "callback").put("agentId", "1001").put("callback", cb);
        assertThat(seat(push)).contains(new JsonObject().put("event", "callback").put("callback", cb));
        assertThat(ServerEvents.toSeat(push, "1002")).as("another agent's callback").isEmpty();
    }
}
