package dev.cti.server.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.config.CtiConfig;
import dev.cti.link.message.CallAnswered;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.CallState;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.CommandRejected;
import dev.cti.link.message.DeliverToAgent;
import dev.cti.link.message.MonitorEndReason;
import dev.cti.link.message.MonitorEnded;
import dev.cti.link.message.MonitorMode;
import dev.cti.link.message.MonitorModeChanged;
import dev.cti.link.message.MonitorStarted;
import dev.cti.link.message.PhoneRegistered;
import dev.cti.link.message.PhoneUnregistered;
import dev.cti.link.message.RejectReason;
import dev.cti.link.message.SetMonitorMode;
import dev.cti.link.message.Snapshot;
import dev.cti.link.message.StartMonitor;
import dev.cti.link.message.StopMonitor;
import dev.cti.server.agent.AgentState;
import dev.cti.server.store.AuditEntry;
import dev.cti.server.testing.ScriptedGatewayApiBase;
import dev.cti.server.testing.TestConfigs;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Supervisor monitoring through the REST API (issue 7) on the real server, with the gateway's side played
 * by a scripted link peer: the commands the server sends and the Monitor* events it follows.
 */
class MonitorApiTest extends ScriptedGatewayApiBase {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Override
    protected CtiConfig configure(CtiConfig shipped) {
        return TestConfigs.withMonitoringUsers(shipped);
    }

    /** Agent 1001 (team-service) on connected call c1; every supervisor phone registered. */
    private String agentOnCall() throws Exception {
        long now = System.currentTimeMillis();
        for (String ext : List.of("1001", "9001", "9002", "9003")) {
            gateway.send(new PhoneRegistered(ext, "sip:" + ext + "@127.0.0.1:5099", 3600, now));
        }
        String agent = login("1001", "demo-1001");
        ready(agent, "1001");
        gateway.send(new CallOffered("c1", "service", "13812345678", "4008001000", "pbx", now));
        assertThat(gateway.await(DeliverToAgent.class).agentId()).isEqualTo("1001");
        gateway.send(new CallAnswered("c1", "1001", 3000, now + 3000));
        await().atMost(WAIT).until(() -> state("1001") == AgentState.ON_CALL);
        return agent;
    }

    private HttpResponse<String> start(String token, String agentId, String mode) throws Exception {
        return post("/api/monitors", token, new JsonObject().put("agentId", agentId).put("mode", mode).encode());
    }

    private static JsonObject monitor(HttpResponse<String> r) {
        return new JsonObject(r.body()).getJsonObject("monitor");
    }

    private JsonObject nextMonitor(Events events, String state) throws InterruptedException {
        return events.next(e -> "monitor".equals(e.getString("type"))
                && state.equals(e.getJsonObject("monitor").getString("state")), WAIT);
    }

    private JsonArray live(String token) throws Exception {
        return new JsonObject(get("/api/monitors", token).body()).getJsonArray("monitors");
    }

    @Test
    void aSwitchFromWhisperToListenLooksToTheAgentAsIfTheSupervisorLeft() throws Exception {
        String agent = agentOnCall();
        String supervisor = login("supervisor", "demo-supervisor");
        Events supervisorEvents = events(supervisor);
        Events agentEvents = events(agent);
        String id = monitor(start(supervisor, "1001", "whisper")).getString("monitorId");
        gateway.await(StartMonitor.class);
        long at = System.currentTimeMillis();
        gateway.send(new MonitorStarted(id, "c1", "supervisor", "1001", MonitorMode.WHISPER, at));
        assertThat(nextMonitor(agentEvents, "active").getJsonObject("monitor").getString("mode")).isEqualTo("whisper");

        assertThat(send("/api/monitors/" + id, supervisor, "PUT", "{\"mode\":\"listen\"}").statusCode())
                .isEqualTo(202);
        gateway.await(SetMonitorMode.class);
        gateway.send(new MonitorModeChanged(id, "c1", MonitorMode.LISTEN, at + 1000));
        JsonObject left = nextMonitor(agentEvents, "ended").getJsonObject("monitor");
        assertThat(left.getString("endReason")).isEqualTo("left");
        assertThat(left.encode()).as("nothing tells the agent a silent listen goes on").doesNotContain("listen");
        JsonObject listening = supervisorEvents.next(e -> "monitor".equals(e.getString("type"))
                && "listen".equals(e.getJsonObject("monitor").getString("mode")), WAIT);
        assertThat(listening.getJsonObject("monitor").getString("state")).isEqualTo("active");

        // a refused switch is the supervisor's business only
        assertThat(send("/api/monitors/" + id, supervisor, "PUT", "{\"mode\":\"barge\"}").statusCode())
                .isEqualTo(202);
        gateway.await(SetMonitorMode.class);
        gateway.send(new CommandRejected(99, "SetMonitorMode", "c1", RejectReason.INVALID_STATE, at + 2000));
        supervisorEvents.next(e -> "command-rejected".equals(e.getString("type")), WAIT);
        // the agent's socket got neither the refusal nor any event meant for agents only on the supervisor's side
        Thread.sleep(300); // pushes are in order per socket: give the refusal time to (not) arrive
        assertThat(agentEvents.drained("command-rejected")).isEmpty();
        assertThat(agentEvents.drained("monitor")).noneMatch(e -> "listen".equals(e.getJsonObject("monitor")
                .getString("mode")));
        assertThat(supervisorEvents.drained("monitor")).noneMatch(e -> "agents".equals(e.getString("audience")));
    }

    @Test
    void listenThenWhisperThenStopFollowsTheGatewayAndTellsTheAgentOnlyWhatItShould() throws Exception {
        String agent = agentOnCall();
        String supervisor = login("supervisor", "demo-supervisor");
        Events supervisorEvents = events(supervisor);
        Events agentEvents = events(agent);

        HttpResponse<String> r = start(supervisor, "1001", "listen");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonObject m = monitor(r);
        String id = m.getString("monitorId");
        assertThat(m.getString("callId")).isEqualTo("c1");
        assertThat(m.getString("agentId")).isEqualTo("1001");
        assertThat(m.getString("supervisor")).isEqualTo("supervisor");
        assertThat(m.getString("mode")).isEqualTo("listen");
        assertThat(m.getString("state")).isEqualTo("calling");
        assertThat(m.containsKey("startedAt")).isTrue();
        assertThat(m.getValue("startedAt")).isNull();
        assertThat(m.getValue("endReason")).isNull();
        assertThat(gateway.await(StartMonitor.class))
                .isEqualTo(new StartMonitor(id, "c1", "supervisor", "9001", "9001", MonitorMode.LISTEN));
        JsonObject calling = nextMonitor(supervisorEvents, "calling");
        assertThat(calling.getString("agentId")).isEqualTo("1001");
        assertThat(calling.getBoolean("notifyAgent")).isFalse();

        // A second start on the same call, and switching while the phone still rings, are refused.
        assertThat(start(login("admin", "demo-admin"), "1001", "barge").statusCode()).isEqualTo(409);
        HttpResponse<String> early = send("/api/monitors/" + id, supervisor, "PUT", "{\"mode\":\"barge\"}");
        assertThat(early.statusCode()).isEqualTo(409);
        assertThat(new JsonObject(early.body()).getString("error")).isEqualTo("not_active");

        long at = System.currentTimeMillis();
        gateway.send(new MonitorStarted(id, "c1", "supervisor", "1001", MonitorMode.LISTEN, at));
        JsonObject active = nextMonitor(supervisorEvents, "active");
        assertThat(active.getJsonObject("monitor").getLong("startedAt")).isEqualTo(at);
        assertThat(live(supervisor)).hasSize(1);
        assertThat(live(supervisor).getJsonObject(0).getString("state")).isEqualTo("active");
        assertThat(get("/api/monitors", agent).statusCode()).isEqualTo(403);

        HttpResponse<String> sw = send("/api/monitors/" + id, supervisor, "PUT", "{\"mode\":\"whisper\"}");
        assertThat(sw.statusCode()).as(sw.body()).isEqualTo(202);
        assertThat(monitor(sw).getString("mode")).as("applied only when the gateway confirms").isEqualTo("listen");
        assertThat(gateway.await(SetMonitorMode.class)).isEqualTo(new SetMonitorMode(id, "c1", MonitorMode.WHISPER));
        gateway.send(new MonitorModeChanged(id, "c1", MonitorMode.WHISPER, at + 1000));
        JsonObject whisper = supervisorEvents.next(e -> "monitor".equals(e.getString("type"))
                && "whisper".equals(e.getJsonObject("monitor").getString("mode")), WAIT);
        assertThat(whisper.getBoolean("notifyAgent")).isTrue();
        // The agent's first monitor event is the whisper: the silent listen was never pushed to them.
        JsonObject told = agentEvents.next(e -> "monitor".equals(e.getString("type")), WAIT);
        assertThat(told.getJsonObject("monitor").getString("mode")).isEqualTo("whisper");

        HttpResponse<String> stop = send("/api/monitors/" + id, supervisor, "DELETE", null);
        assertThat(stop.statusCode()).as(stop.body()).isEqualTo(202);
        assertThat(gateway.await(StopMonitor.class)).isEqualTo(new StopMonitor(id, "c1"));
        gateway.send(new MonitorEnded(id, "c1", MonitorEndReason.STOPPED, at + 2000));
        JsonObject ended = nextMonitor(supervisorEvents, "ended");
        assertThat(ended.getJsonObject("monitor").getString("endReason")).isEqualTo("stopped");
        assertThat(nextMonitor(agentEvents, "ended").getJsonObject("monitor").getString("mode")).isEqualTo("whisper");
        await().atMost(WAIT).until(() -> live(supervisor).isEmpty());
        assertThat(send("/api/monitors/" + id, supervisor, "DELETE", null).statusCode()).isEqualTo(404);
        assertThat(state("1001")).isEqualTo(AgentState.ON_CALL);

        List<AuditEntry> audit = audit();
        for (String[] row : new String[][] {{"monitor-start", "mode=listen"}, {"monitor-switch", "mode=whisper"},
                {"monitor-stop", "mode=whisper"}}) {
            assertThat(audit).as(row[0]).anySatisfy(a -> {
                assertThat(a.actor()).isEqualTo("supervisor");
                assertThat(a.action()).isEqualTo(row[0]);
                assertThat(a.target()).contains("1001");
                assertThat(a.callId()).contains("c1");
                assertThat(a.detail()).contains(row[1]);
                assertThat(a.at()).isNotNull();
            });
        }
    }

    @Test
    void takeOverPutsTheAgentInWrapUpAndTheCallStaysWithTheSupervisorsSeat() throws Exception {
        agentOnCall();
        String supervisor = login("supervisor", "demo-supervisor");
        Events supervisorEvents = events(supervisor);
        HttpResponse<String> r = start(supervisor, "1001", "takeover");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String id = monitor(r).getString("monitorId");
        assertThat(gateway.await(StartMonitor.class).mode()).isEqualTo(MonitorMode.TAKEOVER);
        long now = System.currentTimeMillis();
        gateway.send(new MonitorStarted(id, "c1", "supervisor", "1001", MonitorMode.TAKEOVER, now));

        await().atMost(WAIT).until(() -> state("1001") == AgentState.WRAP_UP);
        assertThat(nextMonitor(supervisorEvents, "active").getBoolean("notifyAgent")).isTrue();
        JsonObject call = new JsonObject(get("/api/calls", supervisor).body()).getJsonArray("calls").getJsonObject(0);
        assertThat(call.getString("agentId")).isEqualTo("9001");
        assertThat(call.getBoolean("takenOver")).isTrue();
        assertThat(send("/api/monitors/" + id, supervisor, "PUT", "{\"mode\":\"listen\"}").statusCode())
                .as("take-over is final").isEqualTo(409);
        // The agent may not monitor, or be monitored on, a call it no longer has.
        assertThat(start(login("admin", "demo-admin"), "1001", "listen").statusCode()).isEqualTo(409);

        // The gateway's snapshot shows the call with the supervisor's seat: nothing is "corrected".
        gateway.send(new Snapshot(List.of(new Snapshot.CallSnapshot("c1", CallState.CONNECTED, "service", "9001",
                "9001", "13812345678", now - 10_000, now - 7_000, null)),
                List.of(new Snapshot.Registration("9001", "sip:9001@127.0.0.1:5099", now + 3_600_000)), now + 100));
        await().atMost(WAIT).until(() -> !live(supervisor).isEmpty()
                && "active".equals(live(supervisor).getJsonObject(0).getString("state")));
        assertThat(state("1001")).isEqualTo(AgentState.WRAP_UP);
        assertThat(server.agents().snapshot("1001").orElseThrow().callId()).contains("c1");

        gateway.send(new CallCleared("c1", ClearCause.CALLER_HANGUP, 3000, 20_000, now + 20_000));
        JsonObject ended = nextMonitor(supervisorEvents, "ended");
        assertThat(ended.getJsonObject("monitor").getString("endReason")).isEqualTo("call_ended");
        assertThat(state("1001")).isEqualTo(AgentState.WRAP_UP);
    }

    @Test
    void everyRoleTriesEveryModeAndOnlyTheTeamsSupervisorAndTheAdminSucceed() throws Exception {
        agentOnCall();
        String[][] users = {{"1002", "demo-1002"}, {"1001", "demo-1001"},
                {"supervisor-sales", TestConfigs.PASSWORD}, {"supervisor", "demo-supervisor"}, {"admin", "demo-admin"}};
        for (String mode : List.of("listen", "whisper", "barge", "takeover")) {
            for (String[] user : users) {
                String token = login(user[0], user[1]);
                HttpResponse<String> r = start(token, "1001", mode);
                boolean allowed = user[0].equals("supervisor") || user[0].equals("admin");
                assertThat(r.statusCode()).as(user[0] + " " + mode + ": " + r.body()).isEqualTo(allowed ? 201 : 403);
                if (!allowed) {
                    continue;
                }
                String id = monitor(r).getString("monitorId");
                assertThat(gateway.await(StartMonitor.class, s -> s.monitorId().equals(id)).seatId()).isEqualTo(user[0].equals("admin") ? "9003" : "9001");
                // Only the one who started it (or an admin) may stop it.
                assertThat(send("/api/monitors/" + id, login("supervisor-sales", TestConfigs.PASSWORD), "DELETE", null)
                        .statusCode()).isEqualTo(403);
                assertThat(send("/api/monitors/" + id, token, "DELETE", null).statusCode()).isEqualTo(202);
                gateway.await(StopMonitor.class, s -> s.monitorId().equals(id));
                gateway.send(new MonitorEnded(id, "c1", MonitorEndReason.STOPPED, System.currentTimeMillis()));
                await().atMost(WAIT).until(() -> live(token).isEmpty());
            }
        }
        List<AuditEntry> starts = audit().stream().filter(a -> a.action().equals("monitor-start")).toList();
        for (String mode : List.of("listen", "whisper", "barge", "takeover")) {
            for (String who : List.of("supervisor", "admin")) {
                assertThat(starts).as(who + " " + mode).filteredOn(a -> a.actor().equals(who)
                        && a.detail().equals(java.util.Optional.of("mode=" + mode))).hasSize(1)
                        .allSatisfy(a -> assertThat(a.callId()).contains("c1"));
            }
        }
        for (String who : List.of("1002", "1001", "supervisor-sales")) {
            assertThat(starts).as(who).filteredOn(a -> a.actor().equals(who)).hasSize(4)
                    .allSatisfy(a -> {
                        assertThat(a.target()).contains("1001");
                        assertThat(a.detail()).hasValueSatisfying(d -> assertThat(d).startsWith("denied: "));
                    });
        }
        assertThat(audit()).filteredOn(a -> a.action().equals("monitor-stop") && a.actor().equals("supervisor-sales"))
                .hasSize(8).allSatisfy(a -> assertThat(a.detail().orElseThrow()).startsWith("denied: "));
    }

    @Test
    void requestsThatCannotBeCarriedOutGetTheirErrors() throws Exception {
        agentOnCall();
        String supervisor = login("supervisor", "demo-supervisor");
        assertThat(start(supervisor, "1001", "spy").statusCode()).isEqualTo(400);
        assertThat(start(supervisor, "nobody", "listen").statusCode()).isEqualTo(404);
        HttpResponse<String> noCall = start(supervisor, "1002", "listen");
        assertThat(noCall.statusCode()).isEqualTo(409);
        assertThat(new JsonObject(noCall.body()).getString("error")).isEqualTo("no_call");
        HttpResponse<String> seatless = start(login("supervisor-seatless", TestConfigs.PASSWORD), "1001", "listen");
        assertThat(seatless.statusCode()).isEqualTo(409);
        assertThat(new JsonObject(seatless.body()).getString("error")).isEqualTo("no_phone");
        gateway.send(new PhoneUnregistered("9001", dev.cti.link.message.UnregisterReason.REMOVED, System.currentTimeMillis()));
        await().atMost(WAIT).until(() -> start(supervisor, "1001", "listen").statusCode() == 409);
        assertThat(new JsonObject(start(supervisor, "1001", "listen").body()).getString("error")).isEqualTo("no_phone");
        assertThat(send("/api/monitors/m-nope", supervisor, "DELETE", null).statusCode()).isEqualTo(404);
    }

    @Test
    void aRefusedOrUnansweredStartAndAVanishedCallEndTheSession() throws Exception {
        agentOnCall();
        String supervisor = login("supervisor", "demo-supervisor");
        Events events = events(supervisor);

        String first = monitor(start(supervisor, "1001", "barge")).getString("monitorId");
        gateway.await(StartMonitor.class);
        gateway.send(new CommandRejected(0, "StartMonitor", "c1", RejectReason.INVALID_STATE, System.currentTimeMillis()));
        assertThat(events.next(e -> "command-rejected".equals(e.getString("type")), WAIT).getString("command"))
                .isEqualTo("StartMonitor");
        JsonObject rejected = nextMonitor(events, "ended").getJsonObject("monitor");
        assertThat(rejected.getString("monitorId")).isEqualTo(first);
        assertThat(rejected.getString("endReason")).isEqualTo("rejected");

        String second = monitor(start(supervisor, "1001", "listen")).getString("monitorId");
        gateway.await(StartMonitor.class, s -> s.monitorId().equals(second));
        gateway.send(new MonitorEnded(second, "c1", MonitorEndReason.NOT_ANSWERED, System.currentTimeMillis()));
        assertThat(nextMonitor(events, "ended").getJsonObject("monitor").getString("endReason")).isEqualTo("not_answered");

        String third = monitor(start(supervisor, "1001", "listen")).getString("monitorId");
        gateway.await(StartMonitor.class, s -> s.monitorId().equals(third));
        gateway.send(new MonitorStarted(third, "c1", "supervisor", "1001", MonitorMode.LISTEN, System.currentTimeMillis()));
        nextMonitor(events, "active");
        // The link reconnects and the gateway no longer has the call.
        gateway.send(new Snapshot(List.of(), List.of(), System.currentTimeMillis()));
        JsonObject gone = nextMonitor(events, "ended").getJsonObject("monitor");
        assertThat(gone.getString("monitorId")).isEqualTo(third);
        assertThat(gone.getString("endReason")).isEqualTo("call_ended");
        assertThat(live(supervisor)).isEmpty();

        // Events for a session that is over are logged and counted, nothing else.
        gateway.send(new MonitorModeChanged(third, "c1", MonitorMode.BARGE, System.currentTimeMillis()));
        await().atMost(WAIT).until(() -> http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body(),
                scrape -> scrape.contains("cti_monitor_events_unexpected_total{event=\"MODE_CHANGED\"} 1.0"));
    }
}
