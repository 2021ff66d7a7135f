package dev.cti.testpeers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher against sipp itself: a UAS started in the background and a UAC run to its end call each other. */
class SippTest {
    @TempDir
    Path dir;

    @Test
    void aUacRunToItsEndCallsABackgroundUas() {
        Sipp.require();
        int uasPort = FreePorts.udpAndTcp();
        try (Sipp uas = Sipp.start("/sipp/uas-basic.xml", uasPort, null, Map.of())) {
            Sipp.Result uac = Sipp.scenario("/sipp/uac-basic.xml").transport("udp").workDir(dir)
                    .remote("127.0.0.1:" + uasPort).args("-s", "4008001000").timeout(Duration.ofSeconds(15)).run();

            assertThat(uac.succeeded()).as(uac.output()).isTrue();
            uas.assertPassed(Duration.ofSeconds(20));
            assertThat(uas.messages()).contains("INVITE sip:4008001000@127.0.0.1:" + uasPort).contains("BYE sip:");
            assertThat(uas.dir()).isDirectoryContaining(p -> p.getFileName().toString().equals("uas-basic.xml"));
        }
    }

    @Test
    void busyPortsNearTheSipPortDoNotStopAStart() throws Exception {
        Sipp.require();
        int uasPort = FreePorts.udpAndTcp();
        // what other peers may hold at any moment: here the ports 1000 and 1002 above and below sipp's SIP port (where
        // its media once went, until a busy one made it exit with "Unable to bind audio RTP socket")
        List<DatagramSocket> taken = new ArrayList<>();
        for (int port : new int[] {uasPort + 1000, uasPort + 1002, uasPort - 1000, uasPort - 998}) {
            try {
                taken.add(new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
            } catch (IOException | IllegalArgumentException elsewhere) {
                // already taken by someone else, or past the last port: busy all the same
            }
        }
        try (Sipp uas = Sipp.start("/sipp/uas-basic.xml", uasPort, null, Map.of())) {
            Sipp.Result uac = Sipp.scenario("/sipp/uac-basic.xml").workDir(dir).remote("127.0.0.1:" + uasPort)
                    .args("-s", "4008001000").timeout(Duration.ofSeconds(15)).run();

            assertThat(uac.succeeded()).as(uac.output()).isTrue();
            uas.assertPassed(Duration.ofSeconds(20));
        } finally {
            taken.forEach(DatagramSocket::close);
        }
    }

    @Test
    void aUacWithNobodyToCallFailsWithItsLogs() {
        Sipp.require();
        Sipp.Result alone = Sipp.scenario("/sipp/uac-basic.xml").workDir(dir)
                .remote("127.0.0.1:" + FreePorts.udpAndTcp()).timeout(Duration.ofSeconds(2)).run();
        assertThat(alone.succeeded()).isFalse();
        assertThat(alone.output()).contains("-sf").contains("uac-basic.xml");

        try (Sipp again = Sipp.scenario("/sipp/uac-basic.xml").workDir(dir).remote("127.0.0.1:" + FreePorts.udpAndTcp())
                .timeout(Duration.ofSeconds(2)).start()) {
            assertThatThrownBy(() -> again.assertPassed(Duration.ofSeconds(15)))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("sipp uac-basic.xml exited");
        }
    }

    @Test
    void aScenarioThatIsNotOnTheClasspathIsNamed() {
        Sipp.require();
        assertThatThrownBy(() -> Sipp.scenario("/sipp/nope.xml").workDir(dir).start())
                .hasMessageContaining("/sipp/nope.xml");
    }
}
