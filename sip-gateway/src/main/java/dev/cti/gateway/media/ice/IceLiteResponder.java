package dev.cti.gateway.media.ice;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The ICE-lite end of a leg (RFC 8445 §2.5): it never checks, it only answers the peer's Binding requests on the
 * leg's RTP port. A request is answered when its USERNAME starts with our ufrag ({@code LFRAG:RFRAG} from the peer's
 * side, RFC 8445 §7.2.2), its MESSAGE-INTEGRITY is keyed by our password (the one our SDP gave) and its FINGERPRINT,
 * if present, is right. The success response carries XOR-MAPPED-ADDRESS (where the request came from),
 * MESSAGE-INTEGRITY with the same password, and FINGERPRINT (RFC 5389 §7.3.1, §15).
 *
 * <p>Stateless and immutable: one per leg, used on its event loop.
 */
public final class IceLiteResponder {
    private final IceCredentials local;
    private final byte[] software;

    /** @param software the SOFTWARE attribute to send, or null for none */
    public IceLiteResponder(IceCredentials local, String software) {
        this.local = Objects.requireNonNull(local, "local");
        this.software = software == null ? null : software.getBytes(StandardCharsets.UTF_8);
    }

    public IceCredentials local() {
        return local;
    }

    /**
     * The Binding success response to {@code request}, received from {@code sender}.
     *
     * @throws StunException why the request is refused (malformed, not a Binding request, another ufrag, wrong
     *                       integrity or fingerprint): the caller drops and counts it
     */
    public byte[] answer(byte[] request, InetSocketAddress sender) {
        StunMessage m = StunMessage.parse(request);
        if (m.type() != StunMessage.BINDING_REQUEST) {
            throw new StunException("STUN message type 0x" + Integer.toHexString(m.type()) + " is not a Binding request");
        }
        String username = m.username();
        if (username == null || !username.startsWith(local.ufrag() + ":")) {
            throw new StunException("STUN USERNAME does not start with our ice-ufrag");
        }
        if (!m.integrityMatches(local.password())) {
            throw new StunException(m.hasIntegrity() ? "STUN MESSAGE-INTEGRITY does not match our ice-pwd"
                    : "STUN Binding request without MESSAGE-INTEGRITY");
        }
        if (m.hasFingerprint() && !m.fingerprintMatches()) {
            throw new StunException("STUN FINGERPRINT does not match");
        }
        return success(m.transactionId(), sender);
    }

    /** A Binding success response with {@code transactionId} mapping {@code mapped}, signed with our password. */
    byte[] success(byte[] transactionId, InetSocketAddress mapped) {
        byte[] address = mapped.getAddress().getAddress();
        int softwareLength = software == null ? 0 : 4 + ((software.length + 3) & ~3);
        int xorLength = 4 + 4 + address.length;
        int total = StunMessage.HEADER_LENGTH + softwareLength + xorLength + 4 + StunMessage.INTEGRITY_LENGTH + 8;
        ByteBuffer b = ByteBuffer.allocate(total);
        b.putShort((short) StunMessage.BINDING_SUCCESS).putShort((short) 0).putInt(StunMessage.MAGIC_COOKIE)
                .put(transactionId);
        if (software != null) {
            b.putShort((short) StunMessage.ATTR_SOFTWARE).putShort((short) software.length).put(software);
            b.position(b.position() + ((4 - software.length % 4) % 4));
        }
        b.putShort((short) StunMessage.ATTR_XOR_MAPPED_ADDRESS).putShort((short) (4 + address.length))
                .put((byte) 0).put((byte) (mapped.getAddress() instanceof Inet4Address ? 1 : 2))
                .putShort((short) (mapped.getPort() ^ (StunMessage.MAGIC_COOKIE >>> 16)));
        byte[] mask = ByteBuffer.allocate(16).putInt(StunMessage.MAGIC_COOKIE).put(transactionId).array();
        for (int i = 0; i < address.length; i++) {
            b.put((byte) (address[i] ^ mask[i]));
        }
        int integrityAt = b.position();
        byte[] hmac = StunMessage.integrity(b.array(), integrityAt, local.password());
        b.putShort((short) StunMessage.ATTR_MESSAGE_INTEGRITY).putShort((short) StunMessage.INTEGRITY_LENGTH).put(hmac);
        int fingerprintAt = b.position();
        int crc = StunMessage.fingerprint(b.array(), fingerprintAt);
        b.putShort((short) StunMessage.ATTR_FINGERPRINT).putShort((short) 4).putInt(crc);
        b.putShort(2, (short) (total - StunMessage.HEADER_LENGTH));
        return b.array();
    }
}
