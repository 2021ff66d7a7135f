package dev.cti.agent.phone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.agent.AgentSeat;
import dev.cti.agent.AudioSpec;
import dev.cti.agent.testkit.EventLog;
import dev.cti.agent.testkit.Sipp;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several seats in one JVM (the load use): each has its own stack and port, and each registers on its own. */
class ManySeatsSippTest {
    @TempDir
    Path dir;

    @Test
    void fiveSeatsInOneJvmAllRegister() throws Exception {
        int n = 5;
        int port = Sipp.freeUdpPort();
        Vertx vertx = Vertx.vertx();
        ScheduledExecutorService ticker = Executors.newScheduledThreadPool(1);
        List<AgentSeat> seats = new ArrayList<>();
        List<EventLog> logs = new ArrayList<>();
        try (Sipp sipp = Sipp.start("register-digest-md5.xml", null, port, dir, "-m", Integer.toString(n),
                "-set", "user", "1001", "-set", "pass", "demo-sip-1001", "-set", "expires", "60")) {
            for (int i = 0; i < n; i++) {
                EventLog log = new EventLog();
                // sipp verifies one user/password pair, so every seat uses extension 1001's credentials here
                PhoneSettings phone = new PhoneSettings("1001", "demo-sip-1001", "cti.local", "127.0.0.1", port,
                        "127.0.0.1", 120);
                AgentSeat seat = new AgentSeat(new AgentSeat.Settings("seat" + i, phone, null, null, null, 0,
                        new AudioSpec("silence", "discard")), vertx, ticker, Clock.systemUTC(), log);
                seat.start().get(10, TimeUnit.SECONDS);
                seats.add(seat);
                logs.add(log);
            }
            for (EventLog log : logs) {
                assertThat(log.await("registered", Duration.ofSeconds(15)).getString("agent")).startsWith("seat");
            }
            Set<Integer> ports = new HashSet<>();
            for (AgentSeat s : seats) ports.add(s.phone().sipPort());
            assertThat(ports).hasSize(n);
            assertThat(sipp.waitFor(Duration.ofSeconds(15))).isZero();
        } finally {
            seats.forEach(AgentSeat::close);
            ticker.shutdownNow();
            vertx.close();
        }
    }
}
