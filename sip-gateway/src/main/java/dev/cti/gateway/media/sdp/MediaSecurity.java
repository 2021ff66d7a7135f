package dev.cti.gateway.media.sdp;

import dev.cti.protocol.srtp.SdesCrypto;
import dev.cti.protocol.srtp.SrtpKey;
import dev.cti.protocol.srtp.SrtpSuite;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * What one leg's SDP may say about SRTP, decided by its signalling: SDES keys (RFC 4568) travel in the SDP, so they
 * are offered and accepted only on a leg whose SIP is TLS; a leg whose SIP is plain UDP or TCP is {@link #PLAIN}
 * and refuses {@code RTP/SAVP} (the keys would be readable by anyone on the path).
 *
 * @param mode  plain, or SRTP required / optional on a TLS leg
 * @param local our {@code a=crypto} lines, one per suite we offer (each with its own key: the key we send with);
 *              after a negotiation, just the agreed one, so re-offers and session refreshes repeat the same key
 */
public record MediaSecurity(Mode mode, List<SdesCrypto> local) {

    /** The SRTP stance of a leg. */
    public enum Mode {
        /** Plain SIP: RTP/AVP only; an RTP/SAVP offer is refused. */
        PLAIN,
        /** TLS leg: we offer RTP/SAVP and accept only RTP/SAVP with a usable key. */
        SRTP_REQUIRED,
        /** TLS leg: we offer RTP/SAVP; an RTP/AVP offer is answered in plain RTP (a TLS trunk without SRTP). */
        SRTP_OPTIONAL
    }

    /** A plain leg. */
    public static final MediaSecurity PLAIN = new MediaSecurity(Mode.PLAIN, List.of());

    public MediaSecurity {
        Objects.requireNonNull(mode, "mode");
        local = List.copyOf(local);
        if (mode != Mode.PLAIN && local.isEmpty()) {
            throw new IllegalArgumentException("an SRTP leg needs our crypto lines");
        }
    }

    /** A TLS leg with fresh keys for every suite we speak, tags 1, 2... in our preference. */
    public static MediaSecurity srtp(Mode mode, RandomGenerator random) {
        if (mode == Mode.PLAIN) {
            return PLAIN;
        }
        List<SdesCrypto> lines = new ArrayList<>();
        int tag = 1;
        for (SrtpSuite suite : SrtpSuite.values()) {
            lines.add(SdesCrypto.of(tag++, suite, SrtpKey.random(random)));
        }
        return new MediaSecurity(mode, lines);
    }

    /** Whether we speak SRTP on this leg (we offer RTP/SAVP). */
    public boolean srtp() {
        return mode != Mode.PLAIN;
    }

    /** Our line for {@code suite}, if we have one. */
    public Optional<SdesCrypto> localFor(SrtpSuite suite) {
        return local.stream().filter(c -> c.suite().orElse(null) == suite).findFirst();
    }

    /**
     * The same leg keeping only our line of {@code suite}, re-tagged {@code tag} (the tag the exchange agreed on), so
     * later offers repeat it with the same key.
     */
    public MediaSecurity agreed(SrtpSuite suite, int tag) {
        SdesCrypto mine = localFor(suite).orElseThrow();
        return new MediaSecurity(mode, List.of(SdesCrypto.of(tag, suite, mine.key().orElseThrow())));
    }

    /** Never the keys. */
    @Override
    public String toString() {
        return "MediaSecurity[" + mode + ", " + local + "]";
    }
}
