package dev.cti.protocol.srtp;

import java.util.Objects;

/**
 * The SDES keying of one leg after offer/answer: the suite both sides agreed on, the key we send with (ours, from our
 * {@code a=crypto}) and the key the peer sends with (from its {@code a=crypto}). In SDES each side declares the key it
 * encrypts with (RFC 4568 §6.1).
 */
public record SrtpKeys(SrtpSuite suite, SrtpKey local, SrtpKey remote) {
    public SrtpKeys {
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(remote, "remote");
    }
}
