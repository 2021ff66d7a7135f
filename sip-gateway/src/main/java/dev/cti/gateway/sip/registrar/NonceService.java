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
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Digest nonces bound to the realm and to the client, used once per nonce count (issue 13).
 *
 * <p>A nonce is {@code base64url(issuedAtMillis || salt || HMAC-SHA256(key, realm || client || issuedAtMillis ||
 * salt)[0..16])}, with 8 random salt bytes per challenge, so two phones behind one address challenged in the same
 * millisecond never share a nonce (their nonce counts would collide and one would look like a replay):
 * issuing keeps nothing, so a flood of unauthenticated REGISTERs cannot fill memory, yet a nonce only validates for
 * the realm and the client address it was issued to (a REGISTER captured on the wire and replayed from elsewhere is
 * challenged again), and its age is known: older than the lifetime it is stale (the client retries with the fresh
 * nonce of a {@code stale=true} challenge, RFC 2617 3.2.1). The key is random per process: a restart invalidates
 * every nonce, which only costs phones one extra challenge.
 *
 * <p>Replay within the lifetime is caught by the nonce count (RFC 7616 3.4): once a request with a nonce has proved
 * the password, {@link #use} remembers the highest {@code nc} seen with it, and a request must carry a higher one (a
 * request without qop, hence without nc, may use its nonce once). Only proven uses are remembered, so the memory is
 * bounded by real phones' traffic, not by an attacker's; entries are forgotten once their nonce is stale.
 */
public final class NonceService {
    private static final int MAC_BYTES = 16;
    private static final int SALT_BYTES = 8;
    private static final Pattern NC = Pattern.compile("[0-9a-fA-F]{8}");
    /** A hard bound on remembered nonces; beyond it a nonce is refused once (the phone gets a fresh challenge). */
    static final int MAX_REMEMBERED = 200_000;

    /** Outcome of checking a nonce. */
    public enum Validity { VALID, STALE, INVALID }

    private final SecretKeySpec key;
    private final SecureRandom random;
    private final Clock clock;
    private final Duration lifetime;
    /** nonce → highest nc used with it (0: used once without a count). */
    private final ConcurrentHashMap<String, Long> used = new ConcurrentHashMap<>();

    public NonceService(Clock clock, Duration lifetime, SecureRandom random) {
        byte[] k = new byte[32];
        random.nextBytes(k);
        this.key = new SecretKeySpec(k, "HmacSHA256");
        this.random = random;
        this.clock = clock;
        this.lifetime = lifetime;
    }

    /** A new nonce for {@code client} (its IP address as text) in {@code realm}. */
    public String issue(String realm, String client) {
        long now = clock.millis();
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        ByteBuffer buf = ByteBuffer.allocate(8 + SALT_BYTES + MAC_BYTES);
        buf.putLong(now).put(salt).put(mac(realm, client, now, salt));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buf.array());
    }

    /** Whether {@code nonce} was issued by this process, for this realm and client, and how old it is. */
    public Validity check(String nonce, String realm, String client) {
        long issuedAt = issuedAt(nonce);
        if (issuedAt == Long.MIN_VALUE) {
            return Validity.INVALID;
        }
        byte[] raw = Base64.getUrlDecoder().decode(nonce);
        byte[] salt = Arrays.copyOfRange(raw, 8, 8 + SALT_BYTES);
        byte[] given = Arrays.copyOfRange(raw, 8 + SALT_BYTES, 8 + SALT_BYTES + MAC_BYTES);
        if (!MessageDigest.isEqual(given, mac(realm, client, issuedAt, salt))) {
            return Validity.INVALID;
        }
        long age = clock.millis() - issuedAt;
        if (age < -1_000) {
            return Validity.INVALID; // issued in the future: not ours (or the clock jumped back a lot)
        }
        return age > lifetime.toMillis() ? Validity.STALE : Validity.VALID;
    }

    /**
     * Records a proven use of a valid nonce with nonce count {@code nc} (8 hex digits, or null without qop). False
     * when it is a replay (a count not above the highest used with this nonce, a second use without a count) or the
     * count is malformed: the request must be challenged again.
     */
    public boolean use(String nonce, String nc) {
        long count;
        if (nc == null) {
            count = 0;
        } else if (NC.matcher(nc).matches()) {
            count = Long.parseLong(nc, 16);
            if (count == 0) {
                return false; // counts start at 00000001
            }
        } else {
            return false;
        }
        if (used.size() >= MAX_REMEMBERED) {
            forgetStale();
            if (used.size() >= MAX_REMEMBERED && !used.containsKey(nonce)) {
                return false;
            }
        }
        boolean[] fresh = {false};
        used.compute(nonce, (n, highest) -> {
            if (highest == null || count > highest) {
                fresh[0] = true;
                return count;
            }
            return highest;
        });
        return fresh[0];
    }

    /** Forgets the counts of nonces past their lifetime (they are stale: never accepted again anyway). */
    public void forgetStale() {
        long oldest = clock.millis() - lifetime.toMillis() - 1_000;
        used.keySet().removeIf(n -> issuedAt(n) < oldest);
    }

    int remembered() {
        return used.size();
    }

    /** The issue time in a nonce's first 8 bytes, or Long.MIN_VALUE when it is not one of ours in shape. */
    private static long issuedAt(String nonce) {
        if (nonce == null) {
            return Long.MIN_VALUE;
        }
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return Long.MIN_VALUE;
        }
        if (raw.length != 8 + SALT_BYTES + MAC_BYTES) {
            return Long.MIN_VALUE;
        }
        return ByteBuffer.wrap(raw).getLong();
    }

    private byte[] mac(String realm, String client, long issuedAt, byte[] salt) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] r = realm.getBytes(StandardCharsets.UTF_8);
            byte[] c = (client == null ? "" : client).getBytes(StandardCharsets.UTF_8);
            // lengths first: "ab"+"c" and "a"+"bc" must not collide
            mac.update(ByteBuffer.allocate(8).putInt(r.length).putInt(c.length).array());
            mac.update(r);
            mac.update(c);
            mac.update(ByteBuffer.allocate(8).putLong(issuedAt).array());
            mac.update(salt);
            return Arrays.copyOf(mac.doFinal(), MAC_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is mandatory in every JRE", e);
        }
    }
}
