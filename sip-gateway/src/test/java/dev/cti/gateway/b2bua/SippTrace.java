package dev.cti.gateway.b2bua;

import dev.cti.gateway.sip.testing.RawSipClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The SIP messages in a sipp run's message trace ({@code messages.log}), as a sniffer on the wire sees them: tests
 * that play an attacker read Call-IDs and tags from here.
 */
final class SippTrace {
    private SippTrace() {}

    /** Every message of the trace, in order. */
    static List<RawSipClient.Received> messages(String trace) {
        List<RawSipClient.Received> out = new ArrayList<>();
        for (String block : trace.split("\n-{20,}[^\n]*\n")) {
            String[] lines = block.split("\n");
            int start = -1;
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].startsWith("SIP/2.0 ") || lines[i].matches("^[A-Z]+ sips?:\\S+ SIP/2\\.0\\r?$")) {
                    start = i;
                    break;
                }
            }
            if (start >= 0) {
                out.add(new RawSipClient.Received(String.join("\n", List.of(lines).subList(start, lines.length))));
            }
        }
        return out;
    }

    /** The first message of the trace that {@code which} accepts. */
    static Optional<RawSipClient.Received> first(String trace, Predicate<RawSipClient.Received> which) {
        return messages(trace).stream().filter(which).findFirst();
    }

    /** The value of the {@code tag} parameter of a From or To header value, or null. */
    static String tag(String headerValue) {
        int at = headerValue.indexOf(";tag=");
        if (at < 0) {
            return null;
        }
        String rest = headerValue.substring(at + 5);
        int end = rest.indexOf(';');
        return (end < 0 ? rest : rest.substring(0, end)).trim();
    }

    /** The header value with its tag replaced (or added). */
    static String withTag(String headerValue, String tag) {
        int at = headerValue.indexOf(";tag=");
        String base = at < 0 ? headerValue : headerValue.substring(0, at);
        return base + ";tag=" + tag;
    }
}
