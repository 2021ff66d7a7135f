package dev.cti.gateway.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RtpPortAllocatorTest {

    @Test
    void handsOutEvenPortsWhosePairFitsTheRange() {
        RtpPortAllocator ports = new RtpPortAllocator(10001, 10010); // pairs 10002/3 .. 10008/9; 10010 has no 10011
        assertThat(ports.capacity()).isEqualTo(4);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            int p = ports.allocate().orElseThrow();
            assertThat(p % 2).isZero();
            assertThat(p).isBetween(10002, 10008);
            seen.add(p);
        }
        assertThat(seen).hasSize(4);
        assertThat(ports.allocate()).isEqualTo(OptionalInt.empty());
        assertThat(ports.inUse()).isEqualTo(4);
    }

    @Test
    void reusesAReleasedPortLast() {
        RtpPortAllocator ports = new RtpPortAllocator(20000, 20007); // 4 pairs
        int a = ports.allocate().orElseThrow();
        ports.allocate();
        ports.release(a);
        assertThat(ports.allocate().orElseThrow()).isEqualTo(20004);
        assertThat(ports.allocate().orElseThrow()).isEqualTo(20006);
        assertThat(ports.allocate().orElseThrow()).isEqualTo(a); // wrapped round to the freed one
        assertThat(ports.allocate()).isEmpty();
    }

    @Test
    void ignoresUnknownReleasesAndRejectsRangesWithoutAPair() {
        RtpPortAllocator ports = new RtpPortAllocator(20000, 20001);
        ports.release(20001);
        ports.release(19998);
        ports.release(30000);
        assertThat(ports.inUse()).isZero();
        assertThatThrownBy(() -> new RtpPortAllocator(20001, 20001)).hasMessageContaining("no even/odd");
        assertThatThrownBy(() -> new RtpPortAllocator(20010, 20000)).hasMessageContaining("bad RTP port range");
    }
}
