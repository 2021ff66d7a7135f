package dev.cti.gateway.media.rtp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Which packets a leg accepts, and where it sends: RTP latching restricted to the signalled peer (issue 13).
 *
 * <p>A packet is <em>from the peer</em> when it comes from the exact address the peer's SDP names, or from any
 * port of the host the peer signals from (a phone behind NAT writes its private address in SDP, but its packets
 * come from the same public address as its SIP; the B2BUA tells the leg that address). The first packet from the
 * peer latches the leg onto its source (symmetric RTP: the leg sends there from then on), and after
 * {@link #PIN_AFTER_PACKETS} packets in a row with one SSRC that SSRC is pinned. From then on only that source
 * and SSRC are accepted. Silence changes nothing (a stranger cannot take a leg over while the peer is quiet);
 * only a new SDP does: a new address starts over, the same address keeps the latched source but unpins the SSRC
 * (phones restart their stream after a hold).
 *
 * <pre>
 *  state     event            next      accepted?
 *  WAITING   PEER_PACKET      LATCHED   yes (latch onto its source, first packet of the SSRC)
 *  WAITING   STRANGER         WAITING   no: unexpected_source
 *  LATCHED   SAME_SSRC        LATCHED   yes (PINNED once PIN_AFTER_PACKETS in a row)
 *  LATCHED   PIN              PINNED    yes
 *  LATCHED   OTHER_SSRC       LATCHED   yes (counting starts again with it)
 *  LATCHED   STRANGER         LATCHED   no: unexpected_source
 *  PINNED    SAME_SSRC        PINNED    yes
 *  PINNED    OTHER_SSRC       PINNED    no: unexpected_ssrc
 *  PINNED    STRANGER         PINNED    no: unexpected_source
 *  any       NEW_ADDRESS      WAITING   (re-INVITE / UPDATE with another address or signalling host)
 *  WAITING   SAME_ADDRESS     WAITING
 *  LATCHED   SAME_ADDRESS     LATCHED   (SSRC count restarts)
 *  PINNED    SAME_ADDRESS     LATCHED   (the new stream may have a new SSRC)
 * </pre>
 *
 * <p>Not thread-safe: confined to the leg's event loop.
 */
public final class SourceLatch {
    /** Consecutive packets of one SSRC from the latched source after which that SSRC is the only one accepted. */
    public static final int PIN_AFTER_PACKETS = 3;

    /** Where the leg stands. */
    public enum State {
        /** Nothing accepted since the last SDP (with a new address): the first packet from the peer latches. */
        WAITING,
        /** Latched onto a source address; its SSRC not yet pinned. */
        LATCHED,
        /** Source address and SSRC fixed until the next SDP. */
        PINNED
    }

    /** What happened, as the transition table names it. */
    public enum Event { PEER_PACKET, STRANGER, SAME_SSRC, PIN, OTHER_SSRC, NEW_ADDRESS, SAME_ADDRESS }

    /** The outcome for one packet. */
    public enum Verdict { ACCEPT, UNEXPECTED_SOURCE, UNEXPECTED_SSRC }

    /** The one transition table (every pair not listed keeps the state, see {@link #next}). */
    static final Map<State, Map<Event, State>> TABLE = table();

    private static Map<State, Map<Event, State>> table() {
        Map<State, Map<Event, State>> t = new EnumMap<>(State.class);
        for (State s : State.values()) {
            t.put(s, new EnumMap<>(Event.class));
            t.get(s).put(Event.NEW_ADDRESS, State.WAITING);
            t.get(s).put(Event.STRANGER, s);
        }
        t.get(State.WAITING).put(Event.PEER_PACKET, State.LATCHED);
        t.get(State.WAITING).put(Event.SAME_ADDRESS, State.WAITING);
        t.get(State.LATCHED).put(Event.SAME_SSRC, State.LATCHED);
        t.get(State.LATCHED).put(Event.PIN, State.PINNED);
        t.get(State.LATCHED).put(Event.OTHER_SSRC, State.LATCHED);
        t.get(State.LATCHED).put(Event.SAME_ADDRESS, State.LATCHED);
        t.get(State.PINNED).put(Event.SAME_SSRC, State.PINNED);
        t.get(State.PINNED).put(Event.OTHER_SSRC, State.PINNED);
        t.get(State.PINNED).put(Event.SAME_ADDRESS, State.LATCHED);
        return t;
    }

    private State state = State.WAITING;
    private InetSocketAddress sdpAddress;
    private InetAddress signallingHost;
    private InetSocketAddress latched;
    private long ssrc;
    private int sameSsrcInARow;

    /** The next state; a pair the table does not list is a bug in the caller. */
    static State next(State from, Event event) {
        State to = TABLE.get(from).get(event);
        if (to == null) {
            throw new IllegalStateException(event + " is not an event of " + from);
        }
        return to;
    }

    /**
     * A new SDP from the peer (the first, a re-INVITE or an UPDATE).
     *
     * @param address        the address it names, null when none is usable (0.0.0.0, a host name)
     * @param signallingHost the host the peer signals from (the packet source of its INVITE or 2xx): media from
     *                       any of its ports is the peer's; null when unknown (then only {@code address} is)
     */
    public void onSdp(InetSocketAddress address, InetAddress signallingHost) {
        boolean same = Objects.equals(address, sdpAddress) && Objects.equals(signallingHost, this.signallingHost);
        sdpAddress = address;
        this.signallingHost = signallingHost;
        state = next(state, same ? Event.SAME_ADDRESS : Event.NEW_ADDRESS);
        sameSsrcInARow = 0;
        if (state == State.WAITING) {
            latched = null;
        }
    }

    /** Decides on one packet from {@code sender} with {@code packetSsrc}, and moves on. */
    public Verdict admit(InetSocketAddress sender, long packetSsrc) {
        if (state == State.WAITING) {
            if (!fromPeer(sender)) {
                return Verdict.UNEXPECTED_SOURCE; // STRANGER: state kept
            }
            state = next(state, Event.PEER_PACKET);
            latched = sender;
            ssrc = packetSsrc;
            sameSsrcInARow = 1;
            return Verdict.ACCEPT;
        }
        if (!sender.equals(latched)) {
            return Verdict.UNEXPECTED_SOURCE; // STRANGER
        }
        if (packetSsrc == ssrc) {
            sameSsrcInARow++;
            state = next(state, state == State.LATCHED && sameSsrcInARow >= PIN_AFTER_PACKETS
                    ? Event.PIN : Event.SAME_SSRC);
            return Verdict.ACCEPT;
        }
        state = next(state, Event.OTHER_SSRC);
        if (state == State.PINNED) {
            return Verdict.UNEXPECTED_SSRC;
        }
        ssrc = packetSsrc;
        sameSsrcInARow = 1;
        return Verdict.ACCEPT;
    }

    private boolean fromPeer(InetSocketAddress sender) {
        if (sender == null) {
            return false;
        }
        return sender.equals(sdpAddress) || signallingHost != null && signallingHost.equals(sender.getAddress());
    }

    public State state() {
        return state;
    }

    /** The source the leg latched onto (and sends to), or null while waiting. */
    public InetSocketAddress latched() {
        return latched;
    }
}
