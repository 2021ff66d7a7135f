package dev.cti.gateway.b2bua;

import static dev.cti.gateway.b2bua.MonitorBaresipTest.AGENT;
import static dev.cti.gateway.b2bua.MonitorBaresipTest.CUSTOMER;
import static dev.cti.gateway.b2bua.MonitorBaresipTest.SUPERVISOR;
import static dev.cti.gateway.b2bua.MonitorBaresipTest.T;
import static dev.cti.gateway.b2bua.MonitorBaresipTest.account;
import static dev.cti.gateway.b2bua.MonitorBaresipTest.assertHears;
import static dev.cti.gateway.b2bua.MonitorBaresipTest.next;
import static dev.cti.gateway.b2bua.MonitorBaresipTest.seat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.link.message.CallCleared;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.LinkEvent;
import dev.cti.link.message.MonitorEndReason;
import dev.cti.link.message.MonitorEnded;
import dev.cti.link.message.MonitorMode;
import dev.cti.link.message.MonitorModeChanged;
import dev.cti.link.message.MonitorStarted;
import dev.cti.link.message.Originate;
import dev.cti.link.message.OriginateProgress;
import dev.cti.link.message.OriginateState;
import dev.cti.link.message.SetMonitorMode;
import dev.cti.link.message.Snapshot;
import dev.cti.link.message.StartMonitor;
import dev.cti.testpeers.Baresip;
import dev.cti.testpeers.Wav;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Monitoring an outbound (click-to-dial) call by signal: the scripted CTI server sends Originate for agent 1001
 * (baresip, 880 Hz, auto-answer); the gateway then dials the customer through the trunk, where a baresip phone
 * (440 Hz, auto-answer) takes it; once CONNECTED the supervisor's seat 9001 (1320 Hz) listens and then whispers,
 * and Goertzel on what each phone recorded proves each party hears exactly what the mode says. The customer's
 * hang-up ends the monitor (MonitorEnded CALL_ENDED) before CallCleared. A second originated call is taken over from the start:
 * the agent's phone is released and the customer talks with the supervisor, whose hang-up ends the call.
 *
 * <p>baresip picks its own SIP port while the harness fixes the trunk's port, so a plain UDP relay on the trunk
 * port passes the gateway's INVITE (and whatever else is sent to the trunk address) to the customer's phone and
 * its responses back; in-dialog requests go between the Contacts directly.
 */
class MonitorOriginateBaresipTest {
    private static final String NUMBER = "13900002222";

    @TempDir
    Path dir;
    private GatewayHarness h;
    private Baresip customer;
    private Baresip agent;
    private Baresip supervisor;
    private TrunkRelay relay;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {relay, customer, agent, supervisor, h}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void supervisorListensToAndWhispersIntoAnOriginatedCall() throws Exception {
        Baresip.require();
        h = new GatewayHarness(60);
        agent = seat(h, dir, "agent", "1001", "auto", AGENT);
        supervisor = seat(h, dir, "supervisor", "9001", "manual", SUPERVISOR);
        // the customer behind the trunk: baresip finds the account by the Request-URI's user, the dialled number
        customer = Baresip.start(dir.resolve("customer"),
                "<sip:" + NUMBER + "@127.0.0.1>;regint=0;answermode=auto;audio_codecs=PCMU",
                Wav.tone(dir.resolve("customer.wav"), CUSTOMER, 120));
        relay = new TrunkRelay(h.trunkPort, sipPort(dir.resolve("customer")));
        h.server.send(new Originate("req-1", "1001", "1001", NUMBER));
        OriginateProgress connected = h.server.await(OriginateProgress.class,
                p -> p.state() == OriginateState.CONNECTED);
        String callId = connected.callId();
        agent.awaitNth("CALL_ESTABLISHED", 1, T);
        customer.awaitNth("CALL_ESTABLISHED", 1, T);
        next(customer, 300, 0.2);
        next(agent, 0, 0.2);
        assertHears(customer, "customer, plain outbound call", List.of(AGENT), List.of(CUSTOMER, SUPERVISOR), 0);
        assertHears(agent, "agent, plain outbound call", List.of(CUSTOMER), List.of(AGENT, SUPERVISOR), 0);

        // ---- LISTEN: the supervisor hears both, nobody hears the supervisor
        h.server.send(new StartMonitor("m-1", callId, "supervisor", "9001", "9001", MonitorMode.LISTEN));
        var incoming = supervisor.awaitNth("CALL_INCOMING", 1, T);
        assertThat(incoming.getString("peerdisplayname")).isEqualTo("Monitor 1001");
        supervisor.accept();
        MonitorStarted started = h.server.await(MonitorStarted.class, s -> s.monitorId().equals("m-1"));
        assertThat(started.callId()).isEqualTo(callId);
        assertThat(started.agentId()).isEqualTo("1001");
        assertThat(started.mode()).isEqualTo(MonitorMode.LISTEN);
        supervisor.awaitNth("CALL_ESTABLISHED", 1, T);
        next(supervisor, 300, 0.2);
        assertHears(supervisor, "supervisor, LISTEN", List.of(CUSTOMER, AGENT), List.of(SUPERVISOR), 500);
        assertHears(customer, "customer, LISTEN", List.of(AGENT), List.of(SUPERVISOR, CUSTOMER), 0);
        assertHears(agent, "agent, LISTEN", List.of(CUSTOMER), List.of(SUPERVISOR, AGENT), 0);
        Snapshot.CallSnapshot view = h.gateway.b2bua().snapshot().calls().stream()
                .filter(c -> c.callId().equals(callId)).findFirst().orElseThrow();
        assertThat(view.queueId()).as("an outbound call").isNull();
        assertThat(view.monitor()).isNotNull();
        assertThat(view.monitor().state()).isEqualTo(Snapshot.MonitorSnapshotState.ACTIVE);

        // ---- WHISPER: the agent hears the supervisor too, the customer does not
        h.server.send(new SetMonitorMode("m-1", callId, MonitorMode.WHISPER));
        h.server.await(MonitorModeChanged.class, m -> m.monitorId().equals("m-1") && m.mode() == MonitorMode.WHISPER);
        assertHears(agent, "agent, WHISPER", List.of(CUSTOMER, SUPERVISOR), List.of(AGENT), 500);
        assertHears(customer, "customer, WHISPER", List.of(AGENT), List.of(SUPERVISOR, CUSTOMER), 0);
        assertHears(supervisor, "supervisor, WHISPER", List.of(CUSTOMER, AGENT), List.of(SUPERVISOR), 0);

        // ---- the customer hangs up: the monitor ends first (CALL_ENDED), then the call
        customer.command("hangup", "");
        h.server.await(CallCleared.class, e -> e.callId().equals(callId));
        supervisor.awaitNth("CALL_CLOSED", 1, T);
        agent.awaitNth("CALL_CLOSED", 1, T);
        List<LinkEvent> order = h.server.received(LinkEvent.class).stream()
                .filter(e -> e instanceof MonitorEnded m && m.monitorId().equals("m-1")
                        || e instanceof CallCleared c && c.callId().equals(callId)).toList();
        assertThat(order).hasSize(2);
        assertThat(order.get(0)).isInstanceOfSatisfying(MonitorEnded.class,
                m -> assertThat(m.reason()).isEqualTo(MonitorEndReason.CALL_ENDED));
        assertThat(((CallCleared) order.get(1)).cause()).isEqualTo(ClearCause.CALLER_HANGUP);
        h.awaitNoCalls();

        // ---- a second originated call, taken over from the start: the agent's phone is released, the customer
        // talks with the supervisor, the call is the supervisor seat's until its phone hangs up
        h.server.send(new Originate("req-2", "1001", "1001", NUMBER));
        String second = h.server.await(OriginateProgress.class,
                p -> p.requestId().equals("req-2") && p.state() == OriginateState.CONNECTED).callId();
        agent.awaitNth("CALL_ESTABLISHED", 2, T);
        customer.awaitNth("CALL_ESTABLISHED", 2, T);
        next(customer, 300, 0.2);
        h.server.send(new StartMonitor("m-2", second, "supervisor", "9001", "9001", MonitorMode.TAKEOVER));
        supervisor.awaitNth("CALL_INCOMING", 2, T);
        supervisor.accept();
        assertThat(h.server.await(MonitorStarted.class, s -> s.monitorId().equals("m-2")).mode())
                .isEqualTo(MonitorMode.TAKEOVER);
        agent.awaitNth("CALL_CLOSED", 2, T); // the gateway released the agent's leg
        supervisor.awaitNth("CALL_ESTABLISHED", 2, T);
        next(supervisor, 300, 0.2);
        assertHears(customer, "customer, TAKEOVER of an outbound call", List.of(SUPERVISOR), List.of(AGENT, CUSTOMER),
                500);
        assertHears(supervisor, "supervisor, TAKEOVER of an outbound call", List.of(CUSTOMER),
                List.of(AGENT, SUPERVISOR), 0);
        Snapshot.CallSnapshot taken = h.gateway.b2bua().snapshot().calls().stream()
                .filter(c -> c.callId().equals(second)).findFirst().orElseThrow();
        assertThat(taken.agentId()).as("the call is the supervisor seat's").isEqualTo("9001");
        assertThat(taken.monitor()).isNull();
        supervisor.command("hangup", "");
        assertThat(h.server.await(CallCleared.class, e -> e.callId().equals(second)).cause())
                .isEqualTo(ClearCause.AGENT_HANGUP);
        assertThat(h.server.await(MonitorEnded.class, e -> e.monitorId().equals("m-2")).reason())
                .isEqualTo(MonitorEndReason.CALL_ENDED);
        customer.awaitNth("CALL_CLOSED", 2, T);
        h.awaitNoCalls();
        assertThat(h.gateway.b2bua().metrics().monitorsActive()).isZero();
        assertThat(h.gateway.b2bua().metrics().unexpectedCount()).as("no unexpected state machine events").isZero();
    }

    /** The SIP port baresip was configured to listen on (its {@code sip_listen} line). */
    private static int sipPort(Path baresipDir) throws Exception {
        Matcher m = Pattern.compile("sip_listen 127\\.0\\.0\\.1:(\\d+)").matcher(Files.readString(baresipDir.resolve("config")));
        if (!m.find()) {
            throw new IllegalStateException("no sip_listen in " + baresipDir);
        }
        return Integer.parseInt(m.group(1));
    }

    /**
     * UDP relay on the trunk's port: datagrams from anyone but the phone go to the phone, the phone's go back to
     * whoever sent the last one (the gateway). Test plumbing only: the SIP and RTP are the peers' own.
     */
    private static final class TrunkRelay implements AutoCloseable {
        private final DatagramSocket socket;
        private final SocketAddress phone;
        private volatile SocketAddress gateway;

        TrunkRelay(int port, int phonePort) throws SocketException {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            phone = new InetSocketAddress(InetAddress.getLoopbackAddress(), phonePort);
            Thread t = new Thread(this::run, "trunk-relay");
            t.setDaemon(true);
            t.start();
        }

        private void run() {
            byte[] buf = new byte[65535];
            try {
                while (!socket.isClosed()) {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    socket.receive(p);
                    SocketAddress to;
                    if (p.getSocketAddress().equals(phone)) {
                        to = gateway;
                    } else {
                        gateway = p.getSocketAddress();
                        to = phone;
                    }
                    if (to != null) {
                        socket.send(new DatagramPacket(p.getData(), p.getOffset(), p.getLength(), to));
                    }
                }
            } catch (java.io.IOException e) {
                // closed
            }
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
