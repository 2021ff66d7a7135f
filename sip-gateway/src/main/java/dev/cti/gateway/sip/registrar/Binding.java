package dev.cti.gateway.sip.registrar;

import java.time.Instant;

/**
 * One registered contact of an extension (RFC 3261 10.3): where to reach the phone, until when, and the
 * Call-ID/CSeq that last wrote it (to reject out-of-order REGISTERs).
 *
 * @param contact   the Contact URI as the phone sent it
 * @param source    transport, address and port the REGISTER came from (for NAT: reach the phone there)
 * @param userAgent the phone's User-Agent, for the supervisor's device view; may be null
 */
public record Binding(String extension, String contact, String callId, long cseq, Instant expiresAt,
                      String source, String userAgent) {

    public boolean isExpired(Instant now) {
        return !expiresAt.isAfter(now);
    }

    /** The host of {@link #source} ({@code TRANSPORT:host:port}; IPv6 hosts contain colons), or null. */
    public String sourceHost() {
        if (source == null) {
            return null;
        }
        int first = source.indexOf(':');
        int last = source.lastIndexOf(':');
        if (first < 0 || last <= first) {
            return null;
        }
        String host = source.substring(first + 1, last);
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** Seconds left, never negative (the expires parameter of the 200 OK's Contact). */
    public long secondsLeft(Instant now) {
        return Math.max(0, expiresAt.getEpochSecond() - now.getEpochSecond());
    }
}
