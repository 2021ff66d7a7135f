package dev.cti.link.net;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of one link endpoint. Written on the endpoint's context, readable from any thread (the
 * owning module binds them to its metrics registry; this module has no metrics dependency).
 */
public final class LinkStats {

    /** Why a connection was refused before it could say or hear anything (TLS and identity, docs/SECURITY.md). */
    public enum Refusal {
        /** The TLS handshake failed: plain TCP, no client certificate, a certificate of another CA, an old TLS. */
        TLS_HANDSHAKE,
        /** Server side: the client certificate is from the link's CA but is not a gateway's. */
        NOT_A_GATEWAY,
        /** Server side: the Hello names another gateway than the client certificate. */
        GATEWAY_ID_MISMATCH,
        /** Gateway side: the server certificate is from the link's CA but is not a link server's. */
        NOT_A_LINK_SERVER
    }

    private final AtomicLong linesIn = new AtomicLong();
    private final AtomicLong linesOut = new AtomicLong();
    private final AtomicLong protocolErrors = new AtomicLong();
    private final AtomicLong droppedWhileDown = new AtomicLong();
    private final AtomicLong bufferOverflows = new AtomicLong();
    private final AtomicLong replayed = new AtomicLong();
    private final AtomicLong replayDuplicates = new AtomicLong();
    private final AtomicLong buffered = new AtomicLong();
    private final AtomicLong connects = new AtomicLong();
    private final AtomicLong disconnects = new AtomicLong();
    private final AtomicLong heartbeatTimeouts = new AtomicLong();
    private final AtomicLong lastRoundTripMillis = new AtomicLong(-1);
    private final Map<Refusal, AtomicLong> refused = new EnumMap<>(Refusal.class);

    public LinkStats() {
        for (Refusal r : Refusal.values()) {
            refused.put(r, new AtomicLong());
        }
    }

    /** Valid lines received (all types, heartbeat included). */
    public long linesIn() {
        return linesIn.get();
    }

    public long linesOut() {
        return linesOut.get();
    }

    /** Lines rejected: bad JSON, unknown type, missing field, wrong direction, seq going backwards, over-long. */
    public long protocolErrors() {
        return protocolErrors.get();
    }

    /**
     * Events the client never got to the server: emitted while the link was down with the replay buffer full, or
     * too long to send (the next snapshot covers live state).
     */
    public long droppedWhileDown() {
        return droppedWhileDown.get();
    }

    /** Client: events not kept for replay because the buffer was full (sent anyway if the link was up). */
    public long bufferOverflows() {
        return bufferOverflows.get();
    }

    /** Client: events sent again as {@code Replayed} on a later connection. */
    public long replayed() {
        return replayed.get();
    }

    /** Server: {@code Replayed} events it had already handed on (skipped: each event is applied once). */
    public long replayDuplicates() {
        return replayDuplicates.get();
    }

    /** Client: events in the replay buffer now (not acknowledged by the server). */
    public long bufferedEvents() {
        return buffered.get();
    }

    /** Completed handshakes (Hello seen / sent). */
    public long connects() {
        return connects.get();
    }

    public long disconnects() {
        return disconnects.get();
    }

    /** Connections closed because the peer went silent. */
    public long heartbeatTimeouts() {
        return heartbeatTimeouts.get();
    }

    /** Last Ping/Pong round trip, -1 before the first. */
    public long lastRoundTripMillis() {
        return lastRoundTripMillis.get();
    }

    /** Connections refused for this reason. */
    public long refused(Refusal reason) {
        return refused.get(reason).get();
    }

    /** Connections refused for any reason. */
    public long refusedConnections() {
        return refused.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** Counts a refusal; returns the new total of all refusals (to rate-limit the log). */
    long countRefused(Refusal reason) {
        refused.get(reason).incrementAndGet();
        return refusedConnections();
    }

    void countLineIn() { linesIn.incrementAndGet(); }
    void countLineOut() { linesOut.incrementAndGet(); }
    void countProtocolError() { protocolErrors.incrementAndGet(); }
    void countDroppedWhileDown() { droppedWhileDown.incrementAndGet(); }
    long countBufferOverflow() { return bufferOverflows.incrementAndGet(); }
    void countReplayed() { replayed.incrementAndGet(); }
    void countReplayDuplicate() { replayDuplicates.incrementAndGet(); }
    void buffered(int n) { buffered.set(n); }
    void countConnect() { connects.incrementAndGet(); }
    void countDisconnect() { disconnects.incrementAndGet(); }
    void countHeartbeatTimeout() { heartbeatTimeouts.incrementAndGet(); }
    void roundTrip(long millis) { lastRoundTripMillis.set(millis); }

    @Override
    public String toString() {
        return "LinkStats[in=" + linesIn + ", out=" + linesOut + ", protocolErrors=" + protocolErrors
                + ", droppedWhileDown=" + droppedWhileDown + ", bufferOverflows=" + bufferOverflows + ", replayed=" + replayed
                + ", replayDuplicates=" + replayDuplicates + ", buffered=" + buffered + ", connects=" + connects + ", disconnects=" + disconnects
                + ", heartbeatTimeouts=" + heartbeatTimeouts + ", refused=" + refused + ", rttMs=" + lastRoundTripMillis + "]";
    }
}
