package dev.cti.server.store;

import dev.cti.privacy.PhoneMask;
import java.time.Instant;
import java.util.Optional;

/** One leg of a call (customer, agent or supervisor side of the B2BUA), upserted by (callId, legId). */
public record CallLegRecord(String callId, String legId, Kind kind, Optional<String> party, Instant startedAt,
                            Optional<Instant> answeredAt, Optional<Instant> endedAt, Optional<String> endReason) {

    public enum Kind { CUSTOMER, AGENT, SUPERVISOR }

    @Override
    public String toString() {
        return "CallLegRecord[call=" + callId + ", leg=" + legId + ", " + kind + ", party="
                + party.map(PhoneMask::mask).orElse("-") + "]";
    }
}
