package dev.cti.gateway.media.ice;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A parsed STUN message (RFC 5389) as ICE connectivity checks use it: the header, the attributes we read
 * (USERNAME, MESSAGE-INTEGRITY, FINGERPRINT) and the two checks over the raw bytes. The HMAC-SHA1 is the JDK's
 * {@link Mac}, the CRC-32 the JDK's {@link CRC32}; nothing cryptographic is written here.
 *
 * <p>{@link #parse} refuses what is not a well-formed STUN message with a {@link StunException} naming the problem
 * (the caller drops and counts it).
 */
public final class StunMessage {
    public static final int HEADER_LENGTH = 20;
    public static final int MAGIC_COOKIE = 0x2112A442;
    public static final int BINDING_REQUEST = 0x0001;
    public static final int BINDING_SUCCESS = 0x0101;
    static final int ATTR_USERNAME = 0x0006;
    static final int ATTR_MESSAGE_INTEGRITY = 0x0008;
    static final int ATTR_XOR_MAPPED_ADDRESS = 0x0020;
    static final int ATTR_SOFTWARE = 0x8022;
    static final int ATTR_FINGERPRINT = 0x8028;
    static final int FINGERPRINT_XOR = 0x5354554e;
    static final int INTEGRITY_LENGTH = 20;

    private final byte[] raw;
    private final int type;
    private final byte[] transactionId;
    private final String username;
    private final int integrityOffset;   // of the attribute header, -1 if absent
    private final int fingerprintOffset; // of the attribute header, -1 if absent

    private StunMessage(byte[] raw, int type, byte[] transactionId, String username, int integrityOffset,
                        int fingerprintOffset) {
        this.raw = raw;
        this.type = type;
        this.transactionId = transactionId;
        this.username = username;
        this.integrityOffset = integrityOffset;
        this.fingerprintOffset = fingerprintOffset;
    }

    /** Whether {@code firstByte} starts a STUN message in the RFC 7983 demultiplexing (0..3). */
    public static boolean isStun(int firstByte) {
        return firstByte >= 0 && firstByte <= 3;
    }

    /** Parses one STUN message occupying all of {@code raw}. */
    public static StunMessage parse(byte[] raw) {
        if (raw.length < HEADER_LENGTH) {
            throw new StunException("STUN message of " + raw.length + " bytes is shorter than its header");
        }
        ByteBuffer b = ByteBuffer.wrap(raw);
        int type = b.getShort(0) & 0xFFFF;
        if ((type & 0xC000) != 0) {
            throw new StunException("the two first bits of a STUN message are not zero");
        }
        int length = b.getShort(2) & 0xFFFF;
        if (b.getInt(4) != MAGIC_COOKIE) {
            throw new StunException("no STUN magic cookie");
        }
        if (length != raw.length - HEADER_LENGTH || (length & 3) != 0) {
            throw new StunException("STUN length " + length + " does not fit the datagram of " + raw.length + " bytes");
        }
        byte[] tid = Arrays.copyOfRange(raw, 8, HEADER_LENGTH);
        String username = null;
        int integrity = -1;
        int fingerprint = -1;
        int at = HEADER_LENGTH;
        while (at < raw.length) {
            if (at + 4 > raw.length) {
                throw new StunException("truncated STUN attribute header at byte " + at);
            }
            int attrType = b.getShort(at) & 0xFFFF;
            int attrLength = b.getShort(at + 2) & 0xFFFF;
            int padded = (attrLength + 3) & ~3;
            if (at + 4 + padded > raw.length) {
                throw new StunException("STUN attribute 0x" + Integer.toHexString(attrType) + " at byte " + at
                        + " runs past the message");
            }
            if (fingerprint >= 0) {
                throw new StunException("STUN attribute after FINGERPRINT");
            }
            switch (attrType) {
                case ATTR_USERNAME -> {
                    if (integrity < 0) {
                        username = new String(raw, at + 4, attrLength, StandardCharsets.UTF_8);
                    }
                }
                case ATTR_MESSAGE_INTEGRITY -> {
                    if (attrLength != INTEGRITY_LENGTH) {
                        throw new StunException("MESSAGE-INTEGRITY of " + attrLength + " bytes");
                    }
                    if (integrity < 0) {
                        integrity = at;
                    }
                }
                case ATTR_FINGERPRINT -> {
                    if (attrLength != 4) {
                        throw new StunException("FINGERPRINT of " + attrLength + " bytes");
                    }
                    fingerprint = at;
                }
                default -> { } // others are not ours to read (PRIORITY, ICE-CONTROLLING, USE-CANDIDATE...)
            }
            at += 4 + padded;
        }
        return new StunMessage(raw, type, tid, username, integrity, fingerprint);
    }

    public int type() {
        return type;
    }

    public byte[] transactionId() {
        return transactionId.clone();
    }

    /** USERNAME, or null. */
    public String username() {
        return username;
    }

    public boolean hasIntegrity() {
        return integrityOffset >= 0;
    }

    public boolean hasFingerprint() {
        return fingerprintOffset >= 0;
    }

    /**
     * Whether MESSAGE-INTEGRITY is the HMAC-SHA1, keyed by the short-term {@code password} (RFC 5389 §15.4), of the
     * message up to it with the header's length covering up to its end.
     */
    public boolean integrityMatches(String password) {
        if (integrityOffset < 0) {
            return false;
        }
        byte[] expected = integrity(raw, integrityOffset, password);
        return MessageDigest.isEqual(expected, Arrays.copyOfRange(raw, integrityOffset + 4,
                integrityOffset + 4 + INTEGRITY_LENGTH));
    }

    /** Whether FINGERPRINT is the CRC-32 of the message up to it, XOR 0x5354554e (RFC 5389 §15.5). */
    public boolean fingerprintMatches() {
        if (fingerprintOffset < 0) {
            return false;
        }
        return ByteBuffer.wrap(raw).getInt(fingerprintOffset + 4) == fingerprint(raw, fingerprintOffset);
    }

    /**
     * The HMAC of {@code message[0, attributeAt)} with the header's length field set to cover the
     * MESSAGE-INTEGRITY attribute that starts at {@code attributeAt}.
     */
    static byte[] integrity(byte[] message, int attributeAt, String password) {
        byte[] covered = Arrays.copyOf(message, attributeAt);
        int length = attributeAt + 4 + INTEGRITY_LENGTH - HEADER_LENGTH;
        covered[2] = (byte) (length >> 8);
        covered[3] = (byte) length;
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return mac.doFinal(covered);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacSHA1", e);
        }
    }

    /**
     * The FINGERPRINT value of {@code message[0, attributeAt)} with the header's length field set to cover the
     * FINGERPRINT attribute that starts at {@code attributeAt}.
     */
    static int fingerprint(byte[] message, int attributeAt) {
        byte[] covered = Arrays.copyOf(message, attributeAt);
        int length = attributeAt + 8 - HEADER_LENGTH;
        covered[2] = (byte) (length >> 8);
        covered[3] = (byte) length;
        CRC32 crc = new CRC32();
        crc.update(covered);
        return (int) crc.getValue() ^ FINGERPRINT_XOR;
    }
}
