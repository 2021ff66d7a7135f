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

    /**
     * The source as an address, when {@link #contact} names {@code host:port} (its URI's host and port, default 5060,
     * or 5061 for {@code sips:}); IP literals only, never a DNS look-up.
     */
    public java.util.Optional<java.net.InetSocketAddress> flowIfContact(String host, int port) {
        java.util.regex.Matcher m = CONTACT.matcher(contact);
        String sourceHost = sourceHost();
        if (!m.find() || sourceHost == null) {
            return java.util.Optional.empty();
        }
        String h = m.group(2);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        int p = m.group(3) != null ? Integer.parseInt(m.group(3)) : m.group(1).equalsIgnoreCase("sips") ? 5061 : 5060;
        if (!h.equalsIgnoreCase(host) || p != port) {
            return java.util.Optional.empty();
        }
        try {
            int sourcePort = Integer.parseInt(source.substring(source.lastIndexOf(':') + 1));
            return java.util.Optional.of(new java.net.InetSocketAddress(
                    java.net.InetAddress.getByName(sourceHost), sourcePort)); // a literal: no look-up
        } catch (NumberFormatException | java.net.UnknownHostException e) {
            return java.util.Optional.empty();
        }
    }

    /** scheme, host (IPv6 in brackets) and optional port of a Contact URI. */
    private static final java.util.regex.Pattern CONTACT = java.util.regex.Pattern.compile(
            "(sips?):(?:[^@;>]*@)?(\\[[0-9a-fA-F:.]+\\]|[0-9.]+|[^:;>]+)(?::(\\d{1,5}))?");

    /** Seconds left, never negative (the expires parameter of the 200 OK's Contact). */
    public long secondsLeft(Instant now) {
        return Math.max(0, expiresAt.getEpochSecond() - now.getEpochSecond());
    }
}
