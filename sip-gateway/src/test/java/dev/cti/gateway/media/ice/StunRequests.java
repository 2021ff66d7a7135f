package dev.cti.gateway.media.ice;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Builds the Binding requests a full ICE agent sends (RFC 8445 §7.1.2), for tests of the ICE-lite end. */
public final class StunRequests {
    private StunRequests() {
    }

    /** A Binding request with USERNAME {@code username}, MESSAGE-INTEGRITY keyed by {@code password}, FINGERPRINT. */
    public static byte[] binding(byte[] transactionId, String username, String password) {
        byte[] user = username.getBytes(StandardCharsets.UTF_8);
        int userPadded = (user.length + 3) & ~3;
        int total = StunMessage.HEADER_LENGTH + 4 + userPadded + 4 + StunMessage.INTEGRITY_LENGTH + 8;
        ByteBuffer b = ByteBuffer.allocate(total);
        b.putShort((short) StunMessage.BINDING_REQUEST).putShort((short) 0).putInt(StunMessage.MAGIC_COOKIE)
                .put(transactionId);
        b.putShort((short) StunMessage.ATTR_USERNAME).putShort((short) user.length).put(user);
        b.position(b.position() + userPadded - user.length);
        int integrityAt = b.position();
        byte[] hmac = StunMessage.integrity(b.array(), integrityAt, password);
        b.putShort((short) StunMessage.ATTR_MESSAGE_INTEGRITY).putShort((short) StunMessage.INTEGRITY_LENGTH).put(hmac);
        int fingerprintAt = b.position();
        int crc = StunMessage.fingerprint(b.array(), fingerprintAt);
        b.putShort((short) StunMessage.ATTR_FINGERPRINT).putShort((short) 4).putInt(crc);
        b.putShort(2, (short) (total - StunMessage.HEADER_LENGTH));
        return b.array();
    }
}
