package dev.cti.testpeers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PeerToolTest {
    @Test
    void findsAProgramOnPathAndNotOneThatIsNotThere() {
        assertThat(PeerTool.locate("sh")).hasValueSatisfying(p -> assertThat(p).isExecutable());
        assertThat(PeerTool.locate("no-such-peer-tool-" + System.nanoTime())).isEmpty();
    }

    @Test
    void theHintNamesTheDebianPackage() {
        assertThat(PeerTool.installHint("sipp", "sip-tester"))
                .isEqualTo("sipp not found on PATH: install it with `apt-get install sip-tester`");
    }
}
