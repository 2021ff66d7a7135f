package dev.cti.link.message;

import java.util.Objects;

/**
 * A DTMF digit (RFC 4733 telephone event or SIP INFO) on one leg.
 *
 * @param digit 0-9, *, #, A-D
 */
public record DtmfReceived(String callId, Leg leg, String digit, long at) implements CallEvent {

    public DtmfReceived {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(leg, "leg");
        Objects.requireNonNull(digit, "digit");
    }
}
