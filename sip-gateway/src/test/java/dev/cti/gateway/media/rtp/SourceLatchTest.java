package dev.cti.gateway.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cti.gateway.media.rtp.SourceLatch.Event;
import dev.cti.gateway.media.rtp.SourceLatch.State;
import dev.cti.gateway.media.rtp.SourceLatch.Verdict;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every cell of {@link SourceLatch}'s table, driven through the public API where a packet or an SDP makes it. */
class SourceLatchTest {
    private static final InetSocketAddress SDP = new InetSocketAddress("127.0.0.1", 40000);
    private static final InetSocketAddress NAT = new InetSocketAddress("127.0.0.1", 51000);
    private static final InetSocketAddress STRANGER = new InetSocketAddress("127.0.0.9", 40000);
    private static final InetSocketAddress MOVED = new InetSocketAddress("127.0.0.3", 40000);

    private static InetAddress host(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SourceLatch waiting() {
        SourceLatch latch = new SourceLatch();
        latch.onSdp(SDP, host("127.0.0.1"));
        assertThat(latch.state()).isEqualTo(State.WAITING);
        return latch;
    }

    private static SourceLatch latched() {
        SourceLatch latch = waiting();
        assertThat(latch.admit(SDP, 7)).isEqualTo(Verdict.ACCEPT);
        assertThat(latch.state()).isEqualTo(State.LATCHED);
        return latch;
    }

    private static SourceLatch pinned() {
        SourceLatch latch = latched();
        for (int i = 1; i < SourceLatch.PIN_AFTER_PACKETS; i++) {
            assertThat(latch.state()).isEqualTo(State.LATCHED);
            assertThat(latch.admit(SDP, 7)).isEqualTo(Verdict.ACCEPT);
        }
        assertThat(latch.state()).isEqualTo(State.PINNED);
        return latch;
    }

    @Test
    void fromWaiting() {
        SourceLatch latch = waiting();
        assertThat(latch.admit(STRANGER, 7)).isEqualTo(Verdict.UNEXPECTED_SOURCE);        // STRANGER
        assertThat(latch.admit(null, 7)).isEqualTo(Verdict.UNEXPECTED_SOURCE);
        assertThat(latch.state()).isEqualTo(State.WAITING);
        assertThat(latch.latched()).isNull();
        latch.onSdp(SDP, host("127.0.0.1"));                                                 // SAME_ADDRESS
        assertThat(latch.state()).isEqualTo(State.WAITING);
        latch.onSdp(MOVED, host("127.0.0.3"));                                               // NEW_ADDRESS
        assertThat(latch.state()).isEqualTo(State.WAITING);
        assertThat(latch.admit(NAT, 7)).as("the old signalling host is no longer the peer")
                .isEqualTo(Verdict.UNEXPECTED_SOURCE);
        assertThat(latch.admit(new InetSocketAddress("127.0.0.3", 6000), 7)).isEqualTo(Verdict.ACCEPT); // PEER_PACKET
        assertThat(latch.state()).isEqualTo(State.LATCHED);
        assertThat(latch.latched()).isEqualTo(new InetSocketAddress("127.0.0.3", 6000));
    }

    @Test
    void fromLatched() {
        SourceLatch latch = latched();
        assertThat(latch.admit(NAT, 7)).as("same host, not the latched port").isEqualTo(Verdict.UNEXPECTED_SOURCE);
        assertThat(latch.state()).isEqualTo(State.LATCHED);
        assertThat(latch.admit(SDP, 8)).isEqualTo(Verdict.ACCEPT);                           // OTHER_SSRC
        assertThat(latch.state()).isEqualTo(State.LATCHED);
        assertThat(latch.admit(SDP, 8)).isEqualTo(Verdict.ACCEPT);                           // SAME_SSRC
        assertThat(latch.state()).isEqualTo(State.LATCHED);
        latch.onSdp(SDP, host("127.0.0.1"));                                                 // SAME_ADDRESS
        assertThat(latch.state()).isEqualTo(State.LATCHED);
        assertThat(latch.latched()).isEqualTo(SDP);
        for (int i = 0; i < SourceLatch.PIN_AFTER_PACKETS - 1; i++) {
            latch.admit(SDP, 8);
        }
        assertThat(latch.state()).as("the count restarted with the new SDP").isEqualTo(State.LATCHED);
        latch.admit(SDP, 8);                                                                 // PIN
        assertThat(latch.state()).isEqualTo(State.PINNED);
        SourceLatch other = latched();
        other.onSdp(MOVED, host("127.0.0.3"));                                               // NEW_ADDRESS
        assertThat(other.state()).isEqualTo(State.WAITING);
        assertThat(other.latched()).isNull();
    }

    @Test
    void fromPinned() {
        SourceLatch latch = pinned();
        assertThat(latch.admit(SDP, 7)).isEqualTo(Verdict.ACCEPT);                           // SAME_SSRC
        assertThat(latch.admit(SDP, 9)).isEqualTo(Verdict.UNEXPECTED_SSRC);                  // OTHER_SSRC
        assertThat(latch.admit(STRANGER, 7)).isEqualTo(Verdict.UNEXPECTED_SOURCE);           // STRANGER
        assertThat(latch.state()).isEqualTo(State.PINNED);
        latch.onSdp(SDP, host("127.0.0.1"));                                                 // SAME_ADDRESS
        assertThat(latch.state()).isEqualTo(State.LATCHED);
        assertThat(latch.admit(SDP, 9)).as("a restarted stream after a re-INVITE").isEqualTo(Verdict.ACCEPT);
        SourceLatch other = pinned();
        other.onSdp(SDP, host("127.0.0.5"));                  // NEW_ADDRESS: same SDP, signalled from elsewhere
        assertThat(other.state()).isEqualTo(State.WAITING);
    }

    @Test
    void theTableListsEveryEventOfEveryStateExceptPacketsAWaitingLatchCannotSee() {
        Set<Event> notWhileWaiting = EnumSet.of(Event.SAME_SSRC, Event.PIN, Event.OTHER_SSRC);
        for (State s : State.values()) {
            for (Event e : Event.values()) {
                boolean listed = SourceLatch.TABLE.get(s).containsKey(e);
                boolean expected = switch (s) {
                    case WAITING -> !notWhileWaiting.contains(e);
                    case LATCHED -> e != Event.PEER_PACKET;
                    case PINNED -> e != Event.PEER_PACKET && e != Event.PIN;
                };
                assertThat(listed).as(s + " " + e).isEqualTo(expected);
                if (!listed) {
                    assertThatThrownBy(() -> SourceLatch.next(s, e)).isInstanceOf(IllegalStateException.class);
                }
            }
        }
    }
}
