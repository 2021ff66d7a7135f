package dev.cti.protocol.srtp;

import java.util.Optional;

/**
 * One SDP Security Descriptions attribute (RFC 4568 §9.1):
 * {@code a=crypto:<tag> <crypto-suite> inline:<base64 key||salt>[|<lifetime>][|<MKI>:<length>] [<session-params>]}.
 *
 * <p>What the gateway accepts from a peer ({@link #usable()}): a suite of {@link SrtpSuite}, one {@code inline:} key
 * of the right length, an optional lifetime (the gateway never sends that many packets on one key: 2^31 is 497 days
 * of 20 ms packets), no MKI and no session parameters (UNENCRYPTED_SRTP, KDR, FEC_ORDER...). Lines with another
 * suite, an MKI or session parameters are legal SDP that we do not speak: they parse (so the answerer can pick
 * another line) but are not usable. A line that is not even that (a tag that is not a number, a missing or broken
 * key of a known suite) is an {@link SdesException}, whose message never contains the key.
 *
 * @param tag       the attribute's tag (1..999999999), echoed in the answer
 * @param suiteName the suite as written
 * @param suite     the suite, when we speak it
 * @param key       the key, when the line is usable
 */
public record SdesCrypto(int tag, String suiteName, Optional<SrtpSuite> suite, Optional<SrtpKey> key) {

    /** A line we write: our key for a suite we speak. */
    public static SdesCrypto of(int tag, SrtpSuite suite, SrtpKey key) {
        return new SdesCrypto(tag, suite.sdpName(), Optional.of(suite), Optional.of(key));
    }

    /** Whether the gateway can use this line (see the class comment). */
    public boolean usable() {
        return suite.isPresent() && key.isPresent();
    }

    /** The attribute value, without {@code a=crypto:} ({@code 1 AES_CM_128_HMAC_SHA1_80 inline:...}). */
    public String value() {
        SrtpKey k = key.orElseThrow(() -> new IllegalStateException("no key to write for crypto tag " + tag));
        return tag + " " + suiteName + " inline:" + k.inline();
    }

    /** The SDP line, with CRLF. */
    public String line() {
        return "a=crypto:" + value() + "\r\n";
    }

    /** Parses the value of an {@code a=crypto:} attribute (what follows the colon). */
    public static SdesCrypto parse(String value) throws SdesException {
        String[] f = value.strip().split("[ \t]+");
        if (f.length < 3) {
            throw new SdesException("a=crypto needs <tag> <crypto-suite> <key-params>, got " + f.length + " field"
                    + (f.length == 1 ? "" : "s"));
        }
        int tag;
        try {
            tag = Integer.parseInt(f[0]);
        } catch (NumberFormatException e) {
            tag = -1;
        }
        if (tag < 0 || tag > 999_999_999 || f[0].length() > 9) {
            throw new SdesException("a=crypto tag must be a number of at most 9 digits, got \""
                    + (f[0].length() > 12 ? f[0].substring(0, 12) + "..." : f[0]) + "\"");
        }
        String suiteName = f[1];
        if (suiteName.length() > 64) {
            throw new SdesException("a=crypto:" + tag + " crypto-suite name is " + suiteName.length() + " characters");
        }
        Optional<SrtpSuite> suite = SrtpSuite.fromSdp(suiteName);
        if (suite.isEmpty()) {
            return new SdesCrypto(tag, suiteName, Optional.empty(), Optional.empty()); // another suite: not ours
        }
        String keyParams = f[2];
        if (keyParams.contains(";")) {
            // several keys (RFC 4568 §6.1: key-params ";" key-params): only used with MKIs, which we do not speak
            return new SdesCrypto(tag, suiteName, suite, Optional.empty());
        }
        if (!keyParams.startsWith("inline:")) {
            throw new SdesException("a=crypto:" + tag + " key method must be inline: (RFC 4568 §6.1)");
        }
        String[] parts = keyParams.substring("inline:".length()).split("\\|", -1);
        SrtpKey key;
        try {
            key = SrtpKey.fromInline(parts[0]);
        } catch (IllegalArgumentException e) {
            throw new SdesException("a=crypto:" + tag + " " + suiteName + ": " + e.getMessage());
        }
        boolean mki = false;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i];
            if (p.contains(":")) {
                mki = true; // MKI:length
            } else if (!p.matches("(2\\^)?[0-9]{1,10}")) {
                throw new SdesException("a=crypto:" + tag + " lifetime must be a number or 2^n, got \""
                        + (p.length() > 12 ? p.substring(0, 12) + "..." : p) + "\"");
            }
        }
        boolean sessionParams = f.length > 3;
        return new SdesCrypto(tag, suiteName, suite, mki || sessionParams ? Optional.empty() : Optional.of(key));
    }

    /** Never the key. */
    @Override
    public String toString() {
        return "SdesCrypto[" + tag + " " + suiteName + (usable() ? "" : " (not usable)") + "]";
    }
}
