package dev.cti.gateway.b2bua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.link.message.CallAnswered;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.CallHeld;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.CallResumed;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.CommandRejected;
import dev.cti.link.message.DeliverToAgent;
import dev.cti.link.message.HoldCall;
import dev.cti.link.message.LinkEvent;
import dev.cti.link.message.MonitorEndReason;
import dev.cti.link.message.MonitorEnded;
import dev.cti.link.message.MonitorMode;
import dev.cti.link.message.MonitorModeChanged;
import dev.cti.link.message.MonitorStarted;
import dev.cti.link.message.PhoneRegistered;
import dev.cti.link.message.RejectReason;
import dev.cti.link.message.ResumeCall;
import dev.cti.link.message.SetMonitorMode;
import dev.cti.link.message.Snapshot;
import dev.cti.link.message.StartMonitor;
import dev.cti.link.message.StopMonitor;
import dev.cti.link.message.TargetKind;
import dev.cti.link.message.Transfer;
import dev.cti.protocol.audio.Goertzel;
import dev.cti.testpeers.Baresip;
import dev.cti.testpeers.Wav;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7 by signal, with the real gateway and three real baresip phones: the customer (440 Hz) calls the
 * service number through the trunk address, agent 1001's phone (880 Hz, auto-answer) takes the delivered call,
 * and the supervisor's seat 9001 (1320 Hz) is called by the gateway for each StartMonitor the scripted CTI
 * server sends (baresip 1.0 ignores {@code Call-Info: answer-after}, so the test accepts over ctrl_tcp, as a
 * person would). Goertzel on what each phone recorded proves who hears whom in LISTEN, WHISPER, BARGE and
 * TAKEOVER, 0.5 s after each switch; that a customer held by HoldCall hears music and not the whisper or barge
 * while the agent still hears the supervisor (and the hold's silence again once the supervisor hangs up during
 * it); that StopMonitor and
 * the supervisor hanging up give back the plain call; that the customer hanging up ends the monitor leg first
 * (MonitorEnded CALL_ENDED before CallCleared); and that after a take-over the call is the supervisor seat's.
 */
class MonitorBaresipTest {
    static final Duration T = Duration.ofSeconds(15);
    /** Share of the energy at a tone heard alone is about 0.9, one of two mixed tones about 0.45. */
    static final double HEARS = 0.2;
    static final double DEAF = 0.03;
    static final int CUSTOMER = 440;
    static final int AGENT = 880;
    static final int SUPERVISOR = 1320;

    @TempDir
    Path dir;
    private GatewayHarness h;
    private Baresip customer;
    private Baresip agent;
    private Baresip supervisor;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {customer, agent, supervisor, h}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void supervisorListensWhispersBargesAndTakesOver() throws Exception {
        Baresip.require();
        h = new GatewayHarness(60);
        agent = seat(h, dir, "agent", "1001", "auto", AGENT);
        supervisor = seat(h, dir, "supervisor", "9001", "manual", SUPERVISOR);
        customer = Baresip.start(dir.resolve("customer"), "<sip:13800000004@127.0.0.1>;regint=0;audio_codecs=PCMU",
                Wav.tone(dir.resolve("customer.wav"), CUSTOMER, 120));

        String callId = connectCall(1);
        // the plain call: each side hears the other
        assertHears(customer, "customer, plain call", List.of(AGENT), List.of(CUSTOMER, SUPERVISOR), 0);
        assertHears(agent, "agent, plain call", List.of(CUSTOMER), List.of(AGENT, SUPERVISOR), 0);

        // refusals: an unknown call, a seat whose phone is not registered, a session that does not exist
        assertRejected(new StartMonitor("m-x", "c-none", "supervisor", "9001", "9001", MonitorMode.LISTEN),
                RejectReason.UNKNOWN_CALL);
        assertRejected(new StartMonitor("m-x", callId, "supervisor", "2003", "2003", MonitorMode.LISTEN),
                RejectReason.UNKNOWN_EXTENSION);
        assertRejected(new SetMonitorMode("m-x", callId, MonitorMode.BARGE), RejectReason.INVALID_STATE);

        // the supervisor's phone declines: the session never starts, the call is untouched
        h.server.send(new StartMonitor("m-0", callId, "supervisor", "9001", "9001", MonitorMode.LISTEN));
        supervisor.awaitNth("CALL_INCOMING", 1, T);
        supervisor.command("hangup", "");
        assertThat(h.server.await(MonitorEnded.class, e -> e.monitorId().equals("m-0")).reason())
                .isEqualTo(MonitorEndReason.NOT_ANSWERED);
        assertThat(h.server.received(MonitorStarted.class)).isEmpty();

        // ---- LISTEN: the supervisor hears both, nobody hears the supervisor
        startMonitor("m-1", callId, MonitorMode.LISTEN);
        assertHears(supervisor, "supervisor, LISTEN", List.of(CUSTOMER, AGENT), List.of(SUPERVISOR), 500);
        assertHears(customer, "customer, LISTEN", List.of(AGENT), List.of(SUPERVISOR), 0);
        assertHears(agent, "agent, LISTEN", List.of(CUSTOMER), List.of(SUPERVISOR), 0);

        // ---- WHISPER: the agent hears the supervisor too, the customer does not (checked from 0.5 s after)
        switchMode("m-1", callId, MonitorMode.WHISPER);
        assertHears(agent, "agent, WHISPER", List.of(CUSTOMER, SUPERVISOR), List.of(AGENT), 500);
        assertHears(customer, "customer, WHISPER", List.of(AGENT), List.of(SUPERVISOR), 0);
        assertHears(supervisor, "supervisor, WHISPER", List.of(CUSTOMER, AGENT), List.of(SUPERVISOR), 0);

        // ---- the call is held (HoldCall) during a whisper: the customer hears music, not the whisper.
        // (Not the phone's own hold: baresip 1.0 stops recording what it receives after its hold/resume re-INVITEs.)
        h.server.send(new HoldCall(callId));
        h.server.await(CallHeld.class, e -> e.callId().equals(callId));
        short[] held = next(customer, 500, 1.5);
        assertThat(share(held, SUPERVISOR)).as("held customer does not hear the whisper").isLessThan(DEAF);
        assertThat(share(held, AGENT)).as("held customer does not hear the agent").isLessThan(DEAF);
        assertThat(rms(held)).as("held customer hears music, not silence").isGreaterThan(200);
        // ...while the agent goes on hearing the supervisor coach (the mixer, not the hold's silence, has its leg),
        // and not the held customer
        assertHears(agent, "agent, WHISPER during a HoldCall hold", List.of(SUPERVISOR), List.of(CUSTOMER, AGENT), 0);
        assertHears(supervisor, "supervisor, WHISPER during a HoldCall hold", List.of(CUSTOMER, AGENT),
                List.of(SUPERVISOR), 0);
        h.server.send(new ResumeCall(callId));
        h.server.await(CallResumed.class, e -> e.callId().equals(callId));

        // ---- BARGE: everyone hears the other two
        switchMode("m-1", callId, MonitorMode.BARGE);
        assertHears(customer, "customer, BARGE", List.of(AGENT, SUPERVISOR), List.of(CUSTOMER), 500);
        assertHears(agent, "agent, BARGE", List.of(CUSTOMER, SUPERVISOR), List.of(AGENT), 0);
        assertHears(supervisor, "supervisor, BARGE", List.of(CUSTOMER, AGENT), List.of(SUPERVISOR), 0);

        // ---- StopMonitor: the supervisor's leg goes, the plain call is back
        int closed = (int) supervisor.count("CALL_CLOSED");
        h.server.send(new StopMonitor("m-1", callId));
        assertThat(h.server.await(MonitorEnded.class, e -> e.monitorId().equals("m-1")).reason())
                .isEqualTo(MonitorEndReason.STOPPED);
        supervisor.awaitNth("CALL_CLOSED", closed + 1, T);
        assertHears(customer, "customer after StopMonitor", List.of(AGENT), List.of(SUPERVISOR), 500);
        assertHears(agent, "agent after StopMonitor", List.of(CUSTOMER), List.of(SUPERVISOR), 0);

        // ---- the supervisor barges into a call the server holds, then hangs up during the hold: the agent heard
        // the supervisor, then hears the hold's silence again (not the held customer); the call goes on, plain
        startMonitor("m-2", callId, MonitorMode.BARGE);
        h.server.send(new HoldCall(callId));
        h.server.awaitCount(CallHeld.class, 2);
        // the same window of the music as above (0.5 s to 2 s into it): later, prompts/music/hold-music.wav has
        // notes near 1320 Hz of its own
        short[] heldBarge = next(customer, 500, 1.5);
        assertHears(agent, "agent, BARGE during a HoldCall hold", List.of(SUPERVISOR), List.of(CUSTOMER, AGENT), 0);
        assertThat(share(heldBarge, SUPERVISOR)).as("held customer does not hear the barge").isLessThan(DEAF);
        assertThat(share(heldBarge, AGENT)).as("held customer does not hear the agent").isLessThan(DEAF);
        assertThat(rms(heldBarge)).as("held customer hears music").isGreaterThan(200);
        supervisor.command("hangup", "");
        assertThat(h.server.await(MonitorEnded.class, e -> e.monitorId().equals("m-2")).reason())
                .isEqualTo(MonitorEndReason.SUPERVISOR_HANGUP);
        short[] silenced = next(agent, 500, 1.0);
        assertThat(rms(silenced)).as("agent hears the hold's silence once the supervisor is gone; " + profile(silenced))
                .isLessThan(50);
        h.server.send(new ResumeCall(callId));
        h.server.awaitCount(CallResumed.class, 2);
        assertHears(customer, "customer after the supervisor hung up", List.of(AGENT), List.of(SUPERVISOR), 500);
        assertHears(agent, "agent after the supervisor hung up", List.of(CUSTOMER), List.of(SUPERVISOR), 0);
        assertThat(h.gateway.b2bua().snapshot().calls()).extracting(Snapshot.CallSnapshot::callId).contains(callId);

        // ---- the customer hangs up while monitored: the monitor ends first, the supervisor's phone is hung up
        startMonitor("m-3", callId, MonitorMode.LISTEN);
        closed = (int) supervisor.count("CALL_CLOSED");
        customer.command("hangup", "");
        h.server.await(CallCleared.class, e -> e.callId().equals(callId));
        supervisor.awaitNth("CALL_CLOSED", closed + 1, T);
        List<LinkEvent> order = h.server.received(LinkEvent.class).stream()
                .filter(e -> e instanceof MonitorEnded m && m.monitorId().equals("m-3")
                        || e instanceof CallCleared c && c.callId().equals(callId)).toList();
        assertThat(order).hasSize(2);
        assertThat(order.get(0)).isInstanceOfSatisfying(MonitorEnded.class,
                m -> assertThat(m.reason()).isEqualTo(MonitorEndReason.CALL_ENDED));
        assertThat(((CallCleared) order.get(1)).cause()).isEqualTo(ClearCause.CALLER_HANGUP);
        agent.awaitNth("CALL_CLOSED", 1, T);

        // ---- a second call, taken over by a mode switch
        String second = connectCall(2);
        startMonitor("m-4", second, MonitorMode.LISTEN);
        switchMode("m-4", second, MonitorMode.TAKEOVER);
        agent.awaitNth("CALL_CLOSED", 2, T); // the gateway released the agent's leg
        assertHears(customer, "customer, TAKEOVER", List.of(SUPERVISOR), List.of(AGENT, CUSTOMER), 500);
        assertHears(supervisor, "supervisor, TAKEOVER", List.of(CUSTOMER), List.of(AGENT, SUPERVISOR), 0);
        Snapshot.CallSnapshot view = h.gateway.b2bua().snapshot().calls().stream()
                .filter(c -> c.callId().equals(second)).findFirst().orElseThrow();
        assertThat(view.agentId()).as("the call is the supervisor seat's").isEqualTo("9001");
        assertThat(view.extension()).isEqualTo("9001");
        assertThat(view.monitor()).as("a taken-over call carries no monitor session in the snapshot").isNull();
        // take-over is final
        assertRejected(new SetMonitorMode("m-4", second, MonitorMode.LISTEN), RejectReason.INVALID_STATE);
        assertRejected(new StopMonitor("m-4", second), RejectReason.INVALID_STATE);
        // the supervisor's phone now owns the call: its re-INVITE holds and resumes it, its hang-up ends it
        supervisor.command("hold", "");
        assertThat(h.server.await(CallHeld.class, e -> e.callId().equals(second)).agentId()).isEqualTo("9001");
        short[] heldBySupervisor = next(customer, 500, 1.0);
        assertThat(share(heldBySupervisor, SUPERVISOR)).as("held by the supervisor's phone: no supervisor")
                .isLessThan(DEAF);
        assertThat(rms(heldBySupervisor)).as("held by the supervisor's phone: music").isGreaterThan(200);
        supervisor.command("resume", "");
        assertThat(h.server.await(CallResumed.class, e -> e.callId().equals(second)).agentId()).isEqualTo("9001");
        assertHears(customer, "customer after the supervisor's resume", List.of(SUPERVISOR), List.of(AGENT), 500);
        supervisor.command("hangup", "");
        assertThat(h.server.await(CallCleared.class, e -> e.callId().equals(second)).cause())
                .isEqualTo(ClearCause.AGENT_HANGUP);
        assertThat(h.server.await(MonitorEnded.class, e -> e.monitorId().equals("m-4")).reason())
                .isEqualTo(MonitorEndReason.CALL_ENDED);

        // ---- a third call, taken over from the start, then transferred to a queue: the monitor ends CALL_MOVED
        String third = connectCall(3);
        startMonitor("m-5", third, MonitorMode.TAKEOVER);
        agent.awaitNth("CALL_CLOSED", 3, T);
        assertHears(customer, "customer, TAKEOVER from the start", List.of(SUPERVISOR), List.of(AGENT), 500);
        closed = (int) supervisor.count("CALL_CLOSED");
        h.server.send(new Transfer(third, TargetKind.QUEUE, h.config.queues().get(0).id()));
        assertThat(h.server.await(MonitorEnded.class, e -> e.monitorId().equals("m-5")).reason())
                .isEqualTo(MonitorEndReason.CALL_MOVED);
        supervisor.awaitNth("CALL_CLOSED", closed + 1, T);
        h.server.awaitCount(CallOffered.class, 4); // back in a queue
        customer.command("hangup", "");
        h.server.await(CallCleared.class, e -> e.callId().equals(third));
        h.awaitNoCalls();
        assertThat(h.gateway.b2bua().metrics().monitorsActive()).isZero();
        String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + h.gateway.adminPort() + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("b2bua_monitors_active 0.0")
                .contains("b2bua_monitors_started_total{mode=\"LISTEN\"} 4.0")
                .contains("b2bua_monitors_started_total{mode=\"TAKEOVER\"} 1.0")
                .contains("b2bua_monitors_ended_total{reason=\"NOT_ANSWERED\"} 1.0")
                .contains("b2bua_monitors_ended_total{reason=\"STOPPED\"} 1.0")
                .contains("b2bua_monitors_ended_total{reason=\"SUPERVISOR_HANGUP\"} 1.0")
                .contains("b2bua_monitors_ended_total{reason=\"CALL_ENDED\"} 2.0")
                .contains("b2bua_monitors_ended_total{reason=\"CALL_MOVED\"} 1.0");
        assertThat(h.gateway.b2bua().metrics().unexpectedCount()).as("no unexpected state machine events")
                .isZero();
    }

    /** The customer dials the service number; the server delivers it to 1001, whose phone answers by itself. */
    private String connectCall(int nth) throws Exception {
        customer.command("dial", "sip:" + GatewayHarness.SERVICE_NUMBER + "@127.0.0.1:" + h.sipPort);
        CallOffered offered = h.server.awaitCount(CallOffered.class, nth).get(nth - 1);
        h.server.send(new DeliverToAgent(offered.callId(), "1001", "1001", 10));
        h.server.await(CallAnswered.class, a -> a.callId().equals(offered.callId()));
        agent.awaitNth("CALL_ESTABLISHED", nth, T);
        customer.awaitNth("CALL_ESTABLISHED", nth, T);
        next(customer, 300, 0.2); // the recordings of this call have started
        next(agent, 0, 0.2);
        return offered.callId();
    }

    /** StartMonitor for seat 9001; its phone rings, is accepted and MonitorStarted follows. */
    private void startMonitor(String monitorId, String callId, MonitorMode mode) throws Exception {
        int rung = (int) supervisor.count("CALL_INCOMING");
        int established = (int) supervisor.count("CALL_ESTABLISHED");
        h.server.send(new StartMonitor(monitorId, callId, "supervisor", "9001", "9001", mode));
        var incoming = supervisor.awaitNth("CALL_INCOMING", rung + 1, T);
        assertThat(incoming.getString("peerdisplayname")).as("the monitor call says what it is")
                .isEqualTo("Monitor 1001");
        supervisor.accept();
        MonitorStarted started = h.server.await(MonitorStarted.class, s -> s.monitorId().equals(monitorId));
        assertThat(started.mode()).isEqualTo(mode);
        assertThat(started.agentId()).isEqualTo("1001");
        supervisor.awaitNth("CALL_ESTABLISHED", established + 1, T);
        next(supervisor, 300, 0.2);
    }

    private void assertRejected(dev.cti.link.message.LinkCommand command, RejectReason reason) {
        long seq = h.server.send(command);
        assertThat(h.server.await(CommandRejected.class, r -> r.commandSeq() == seq).reason()).as(command.toString())
                .isEqualTo(reason);
    }

    private void switchMode(String monitorId, String callId, MonitorMode mode) {
        h.server.send(new SetMonitorMode(monitorId, callId, mode));
        h.server.await(MonitorModeChanged.class, m -> m.monitorId().equals(monitorId) && m.mode() == mode);
    }

    static void assertHears(Baresip phone, String who, List<Integer> hears, List<Integer> deaf,
                                    long settleMillis) throws Exception {
        short[] s = next(phone, settleMillis, 1.0);
        String profile = profile(s);
        for (int hz : hears) {
            assertThat(share(s, hz)).as(who + " hears " + hz + " Hz; " + profile).isGreaterThan(HEARS);
        }
        for (int hz : deaf) {
            assertThat(share(s, hz)).as(who + " does not hear " + hz + " Hz; " + profile).isLessThan(DEAF);
        }
    }

    /** What the phone receives over the next {@code seconds}, from {@code settleMillis} after now. */
    static short[] next(Baresip phone, long settleMillis, double seconds) throws Exception {
        int from = phone.recorded() + (int) (settleMillis * 8);
        int to = from + (int) (seconds * 8000);
        try {
            await("recording reaches " + to).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> phone.recorded() >= to);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\n" + phone.describe(), e);
        }
        return phone.heard(from, to);
    }

    /** For failure messages: the three tones' shares and the level, whole window and per 100 ms. */
    static String profile(short[] s) {
        StringBuilder b = new StringBuilder(String.format("440/880/1320 Hz: %.2f/%.2f/%.2f rms %.0f; per 100 ms:",
                share(s, CUSTOMER), share(s, AGENT), share(s, SUPERVISOR), rms(s)));
        for (int i = 0; i + 800 <= s.length; i += 800) {
            short[] part = java.util.Arrays.copyOfRange(s, i, i + 800);
            b.append(String.format(" [%.2f/%.2f/%.2f %.0f]", share(part, CUSTOMER), share(part, AGENT),
                    share(part, SUPERVISOR), rms(part)));
        }
        return b.toString();
    }

    /**
     * Mean share of the tone's energy over 100 ms blocks: a Goertzel over a whole second is phase-coherent, so one
     * 20 ms frame the mixer repeats or drops on jitter (a phase jump) would cancel most of a tone that is plainly
     * there; per block that jump costs one block.
     */
    static double share(short[] samples, int hz) {
        double sum = 0;
        int blocks = 0;
        for (int i = 0; i + 800 <= samples.length; i += 800) {
            sum += Goertzel.relativePower(samples, i, 800, hz, 8000);
            blocks++;
        }
        return blocks == 0 ? 0 : sum / blocks;
    }

    static double rms(short[] samples) {
        double sum = 0;
        for (short v : samples) {
            sum += (double) v * v;
        }
        return samples.length == 0 ? 0 : Math.sqrt(sum / samples.length);
    }

    /** A desk phone registered with digest (baresip 1.0 gets MD5 only), PCMU. */
    /**
     * A baresip phone registered with the harness's gateway as {@code extension}, sending a {@code hz} tone, once
     * the scripted server has seen its registration.
     */
    static Baresip seat(GatewayHarness h, Path dir, String name, String extension, String answerMode, int hz)
            throws Exception {
        Baresip phone = Baresip.start(dir.resolve(name), account(extension, h.config.network().sip().domain(),
                "127.0.0.1:" + h.sipPort, answerMode), Wav.tone(dir.resolve(name + ".wav"), hz, 120));
        h.server.await(PhoneRegistered.class, p -> p.extension().equals(extension));
        return phone;
    }

    static String account(String extension, String domain, String gw, String answerMode) {
        return "<sip:" + extension + "@" + domain + ">;auth_pass=demo-sip-" + extension + ";outbound=\"sip:" + gw
                + "\";regint=600;answermode=" + answerMode + ";audio_codecs=PCMU";
    }
}
