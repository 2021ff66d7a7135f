package dev.cti.it.peers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.it.stack.Seat;
import dev.cti.it.stack.Stack;
import dev.cti.it.stack.ThreeCallDay;
import dev.cti.testpeers.Sipp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5 with a real PBX peer: the same three calls as {@code KpiIT} (answered within the threshold, a short and a
 * long abandon), placed by sipp through the gateway instead of the Java caller, move every queue KPI exactly as
 * docs/METRICS.md says (service queue: threshold 20 s, short abandon 5 s). Every assertion of KpiIT is kept; the
 * sipp call's length is its {@code -d} (ACK to BYE; the gateway answers at once and queues the caller).
 */
class KpiSippIT {
    private static final Duration T = Duration.ofSeconds(15);
    @TempDir
    Path dir;
    private Stack stack;

    @AfterEach
    void stop() throws Exception {
        if (stack != null) stack.close();
    }

    @Test
    void answeredShortAndLongAbandonsMoveEveryQueueKpi() throws Exception {
        Sipp.require();
        stack = Stack.start(dir, Map.of());
        Seat agent = stack.seat("1001", 880, 1000);
        assertThat(agent.run("ready").getString("state")).isEqualTo("READY");

        // 1. answered after about a second of ringing (the seat answers after 1 s): within the 20 s threshold, one
        //    ring; sipp hangs up 4 s after the gateway answered it, so about 3 s of talk
        try (Sipp answered = dial("13800000001", Duration.ofMillis(4000))) {
            agent.events().await("answered", T);
            agent.events().awaitState("ON_CALL", T);
            answered.assertPassed(Duration.ofSeconds(40));
        }
        agent.events().awaitState("WRAP_UP", T);
        agent.run("not-ready break");
        agent.run("wrapup resolved");
        agent.events().awaitState("NOT_READY", T);

        // 2. a short abandon (about 1.5 s, under the 5 s short-abandon limit); nobody is ready
        try (Sipp shortAbandon = dial("13800000002", Duration.ofMillis(1500))) {
            shortAbandon.assertPassed(Duration.ofSeconds(40));
        }

        // 3. a long abandon (about 6.5 s): over the short limit, within the 20 s threshold
        try (Sipp longAbandon = dial("13800000003", Duration.ofMillis(6500))) {
            longAbandon.assertPassed(Duration.ofSeconds(40));
        }

        ThreeCallDay.assertKpis(stack, T);
    }

    /**
     * The PBX: sipp on {@code peers/sipp/caller.xml} calls the service number from 127.0.0.1 (the trunk address) as
     * {@code caller} and sends BYE {@code holdFor} after its ACK. It sends no RTP.
     */
    private Sipp dial(String caller, Duration holdFor) {
        return Sipp.scenario("/peers/sipp/caller.xml").workDir(dir.resolve("sipp"))
                .remote("127.0.0.1:" + stack.config().network().sip().udpPort())
                .args("-s", "4008001000", "-key", "caller", caller, "-d", Long.toString(holdFor.toMillis()))
                .timeout(holdFor.plusSeconds(40)).start();
    }
}
