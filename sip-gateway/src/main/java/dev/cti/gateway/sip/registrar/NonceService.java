package dev.cti.gateway.sip.registrar;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stateless digest nonces: {@code base64url(issuedAtMillis || HMAC-SHA256(key, realm || issuedAtMillis)[0..16])}.
 * The server keeps nothing per challenge, so a REGISTER flood cannot fill memory with nonces, yet a nonce is bound
 * to the realm and its age is known: older than the lifetime it is stale (the client retries with the fresh nonce
 * of a {@code stale=true} challenge, RFC 2617 3.2.1). The key is random per process: a restart invalidates every
 * nonce, which only costs phones one extra challenge.
 *
 * <p>Not covered by a stateless nonce: replay of a captured REGISTER within the lifetime (no nonce-count memory).
 * The lifetime is therefore short, and TLS is the real fix.
 */
public final class NonceService {
    private static final int MAC_BYTES = 16;

    /** Outcome of checking a nonce. */
    public enum Validity { VALID, STALE, INVALID }

    private final SecretKeySpec key;
    private final Clock clock;
    private final Duration lifetime;

    public NonceService(Clock clock, Duration lifetime, SecureRandom random) {
        byte[] k = new byte[32];
        random.nextBytes(k);
        this.key = new SecretKeySpec(k, "HmacSHA256");
        this.clock = clock;
        this.lifetime = lifetime;
    }

    public String issue(String realm) {
        long now = clock.millis();
        ByteBuffer buf = ByteBuffer.allocate(8 + MAC_BYTES);
        buf.putLong(now).put(mac(realm, now));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buf.array());
    }

    public Validity check(String nonce, String realm) {
        if (nonce == null) {
            return Validity.INVALID;
        }
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return Validity.INVALID;
        }
        if (raw.length != 8 + MAC_BYTES) {
            return Validity.INVALID;
        }
        ByteBuffer buf = ByteBuffer.wrap(raw);
        long issuedAt = buf.getLong();
        byte[] given = Arrays.copyOfRange(raw, 8, raw.length);
        if (!MessageDigest.isEqual(given, mac(realm, issuedAt))) {
            return Validity.INVALID;
        }
        long age = clock.millis() - issuedAt;
        if (age < -1_000) {
            return Validity.INVALID; // issued in the future: not ours (or the clock jumped back a lot)
        }
        return age > lifetime.toMillis() ? Validity.STALE : Validity.VALID;
    }

    private byte[] mac(String realm, long issuedAt) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(realm.getBytes(StandardCharsets.UTF_8));
            mac.update(ByteBuffer.allocate(8).putLong(issuedAt).array());
            return Arrays.copyOf(mac.doFinal(), MAC_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is mandatory in every JRE", e);
        }
    }
}
