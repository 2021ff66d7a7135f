package dev.cti.gateway.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.protocol.srtp.SrtpKey;
import dev.cti.protocol.srtp.SrtpKeys;
import dev.cti.protocol.srtp.SrtpSuite;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SRTP transform against RFC 3711's test vectors and an independent reference (the RFC's algorithm written here
 * over the JDK's AES/CTR and HmacSHA1, used only by this test), then the properties the gateway relies on: a round
 * trip restores the packet, and tampered, replayed or foreign packets are refused.
 */
class SrtpSessionTest {
    static final HexFormat HEX = HexFormat.of();
    /** RFC 3711 appendix B.3: master key and master salt. */
    static final byte[] MASTER_KEY = HEX.parseHex("e1f97a0d3e018be0d64fa32c06de4139");
    static final byte[] MASTER_SALT = HEX.parseHex("0ec675ad498afeebb6960b3aabe6");
    static final SrtpKey RFC_KEY = new SrtpKey(MASTER_KEY, MASTER_SALT);

    @BeforeAll
    static void warm() {
        SrtpSession.warmUp();
    }

    @Test
    void referenceReproducesRfc3711AppendixB() throws Exception {
        // B.2: AES-CM keystream for session key 2B7E..., salt F0F1..FD, SSRC 0, index 0
        byte[] keystream = Reference.keystream(HEX.parseHex("2b7e151628aed2a6abf7158809cf4f3c"),
                HEX.parseHex("f0f1f2f3f4f5f6f7f8f9fafbfcfd"), 0, 0, 48);
        assertThat(HEX.formatHex(keystream)).isEqualTo("e03ead0935c95e80e166b16dd92b4eb4"
                + "d23513162b02d0f72a43a2fe4a5f97ab" + "41e95b3bb0a2e8dd477901e4fca894c0");
        // B.3: key derivation from the master key and salt
        assertThat(HEX.formatHex(Reference.derive(MASTER_KEY, MASTER_SALT, 0, 16)))
                .isEqualTo("c61e7a93744f39ee10734afe3ff7a087");
        assertThat(HEX.formatHex(Reference.derive(MASTER_KEY, MASTER_SALT, 2, 14)))
                .isEqualTo("30cbbc08863d8c85d49db34a9ae1");
        assertThat(HEX.formatHex(Reference.derive(MASTER_KEY, MASTER_SALT, 1, 20)))
                .isEqualTo("cebe321f6ff7716b6fd4ab49af256a156d38baa4");
    }

    @Test
    void protectsTheKnownAnswerPacketOfTheRfcKeys() {
        // the RFC 3711 B.3 master key and salt, SSRC cafebabe, sequence 0x1234, sixteen 0xab (libsrtp's test packet)
        SrtpSession s = SrtpSession.of(new SrtpKeys(SrtpSuite.AES_CM_128_HMAC_SHA1_80, RFC_KEY, RFC_KEY));
        ByteBuf p = packet("800f1234decafbadcafebabe" + "ab".repeat(16));
        assertThat(s.protect(p)).isTrue();
        assertThat(ByteBufUtil.hexDump(p)).isEqualTo("800f1234decafbadcafebabe"
                + "4e55dc4ce79978d88ca4d215949d2402" + "b78d6acc99ea179b8dbb");
        p.release();
    }

    @Test
    void bothSuitesMatchTheReferenceAcrossTheSequenceWrap() throws Exception {
        Random random = new Random(42);
        for (SrtpSuite suite : SrtpSuite.values()) {
            SrtpKey local = SrtpKey.random(random);
            SrtpSession s = SrtpSession.of(new SrtpKeys(suite, local, SrtpKey.random(random)));
            long roc = 0;
            for (int seq : new int[] {65533, 65534, 65535, 0, 1, 2}) {
                if (seq == 0) {
                    roc++;
                }
                byte[] payload = new byte[160];
                random.nextBytes(payload);
                ByteBuf p = rtp(seq, 160L * seq, 0x5eed1234L, payload);
                byte[] plain = ByteBufUtil.getBytes(p);
                assertThat(s.protect(p)).isTrue();
                byte[] expected = Reference.protect(local, suite, plain, roc);
                assertThat(ByteBufUtil.hexDump(p)).as(suite + " seq " + seq).isEqualTo(HEX.formatHex(expected));
                p.release();
            }
        }
    }

    @Test
    void roundTripRestoresThePlainPacket() {
        Random random = new Random(1);
        SrtpKey a = SrtpKey.random(random);
        SrtpKey b = SrtpKey.random(random);
        for (SrtpSuite suite : SrtpSuite.values()) {
            SrtpSession alice = SrtpSession.of(new SrtpKeys(suite, a, b));
            SrtpSession bob = SrtpSession.of(new SrtpKeys(suite, b, a));
            for (int seq = 100; seq < 110; seq++) {
                ByteBuf p = rtp(seq, seq * 160L, 0xabcdef01L, new byte[160]);
                byte[] plain = ByteBufUtil.getBytes(p);
                assertThat(alice.protect(p)).isTrue();
                assertThat(p.readableBytes()).isEqualTo(plain.length + suite.tagLength());
                assertThat(Arrays.equals(Arrays.copyOfRange(ByteBufUtil.getBytes(p), 12, 172),
                        Arrays.copyOfRange(plain, 12, 172))).as("payload encrypted").isFalse();
                assertThat(bob.unprotect(p)).isEqualTo(SrtpSession.Verdict.OK);
                assertThat(ByteBufUtil.getBytes(p)).isEqualTo(plain);
                p.release();
            }
        }
    }

    @Test
    void tamperedForeignAndReplayedPacketsAreRefused() {
        Random random = new Random(2);
        SrtpKey a = SrtpKey.random(random);
        SrtpKey b = SrtpKey.random(random);
        SrtpSession alice = SrtpSession.of(new SrtpKeys(SrtpSuite.AES_CM_128_HMAC_SHA1_80, a, b));
        SrtpSession bob = SrtpSession.of(new SrtpKeys(SrtpSuite.AES_CM_128_HMAC_SHA1_80, b, a));
        byte[][] sent = new byte[200][];
        for (int seq = 0; seq < sent.length; seq++) {
            ByteBuf p = rtp(seq, seq * 160L, 0x11110000L, new byte[160]);
            alice.protect(p);
            sent[seq] = ByteBufUtil.getBytes(p);
            p.release();
        }
        assertThat(bob.unprotect(copy(sent[0]))).isEqualTo(SrtpSession.Verdict.OK);

        byte[] payloadFlipped = sent[1].clone();
        payloadFlipped[40] ^= 0x01;
        assertThat(bob.unprotect(copy(payloadFlipped))).as("a payload bit flipped").isEqualTo(SrtpSession.Verdict.AUTH_FAILED);
        byte[] tagFlipped = sent[1].clone();
        tagFlipped[tagFlipped.length - 1] ^= 0x01;
        assertThat(bob.unprotect(copy(tagFlipped))).as("a tag bit flipped").isEqualTo(SrtpSession.Verdict.AUTH_FAILED);
        byte[] headerFlipped = sent[1].clone();
        headerFlipped[1] = 8; // PCMU -> PCMA: the header is authenticated too
        assertThat(bob.unprotect(copy(headerFlipped))).as("the header changed").isEqualTo(SrtpSession.Verdict.AUTH_FAILED);
        assertThat(bob.unprotect(copy(Arrays.copyOf(sent[1], 20)))).as("cut short").isEqualTo(SrtpSession.Verdict.AUTH_FAILED);
        SrtpSession stranger = SrtpSession.of(new SrtpKeys(SrtpSuite.AES_CM_128_HMAC_SHA1_80, SrtpKey.random(random), a));
        ByteBuf forged = rtp(1, 160, 0x11110000L, new byte[160]);
        stranger.protect(forged);
        assertThat(bob.unprotect(forged)).as("another key").isEqualTo(SrtpSession.Verdict.AUTH_FAILED);
        ByteBuf plain = rtp(1, 160, 0x11110000L, new byte[170]);
        assertThat(bob.unprotect(plain)).as("plain RTP").isEqualTo(SrtpSession.Verdict.AUTH_FAILED);

        assertThat(bob.unprotect(copy(sent[1]))).as("the original after the forgeries").isEqualTo(SrtpSession.Verdict.OK);
        assertThat(bob.unprotect(copy(sent[1]))).as("replayed").isEqualTo(SrtpSession.Verdict.REPLAYED);
        for (int seq = 2; seq < 200; seq++) {
            assertThat(bob.unprotect(copy(sent[seq]))).isEqualTo(SrtpSession.Verdict.OK);
        }
        assertThat(bob.unprotect(copy(sent[120]))).as("replayed within the window").isEqualTo(SrtpSession.Verdict.REPLAYED);
        assertThat(bob.unprotect(copy(sent[50]))).as("older than the 64-packet window").isEqualTo(SrtpSession.Verdict.REPLAYED);
    }

    @Test
    void anUnkeyedSessionLetsNothingThrough() {
        SrtpSession none = SrtpSession.unkeyed();
        ByteBuf p = rtp(1, 160, 1, new byte[160]);
        assertThat(none.protect(p)).isFalse();
        assertThat(none.unprotect(p)).isEqualTo(SrtpSession.Verdict.AUTH_FAILED);
        assertThat(none.keys()).isNull();
        p.release();
    }

    @Test
    void aNewSsrcOfThePeerGetsItsOwnContext() {
        Random random = new Random(3);
        SrtpKey a = SrtpKey.random(random);
        SrtpKey b = SrtpKey.random(random);
        SrtpSession alice = SrtpSession.of(new SrtpKeys(SrtpSuite.AES_CM_128_HMAC_SHA1_32, a, b));
        SrtpSession bob = SrtpSession.of(new SrtpKeys(SrtpSuite.AES_CM_128_HMAC_SHA1_32, b, a));
        for (long ssrc = 1; ssrc <= SrtpSession.MAX_RECEIVE_CONTEXTS + 2; ssrc++) {
            ByteBuf p = rtp(7, 1120, ssrc, new byte[160]);
            alice.protect(p);
            assertThat(bob.unprotect(p)).as("ssrc " + ssrc).isEqualTo(SrtpSession.Verdict.OK);
            p.release();
        }
    }

    static ByteBuf copy(byte[] bytes) {
        return Unpooled.copiedBuffer(bytes);
    }

    static ByteBuf packet(String hex) {
        byte[] b = HEX.parseHex(hex);
        return Unpooled.buffer(b.length).writeBytes(b); // growable: the tag is appended
    }

    static ByteBuf rtp(int seq, long timestamp, long ssrc, byte[] payload) {
        ByteBuf b = Unpooled.buffer(12 + payload.length);
        b.writeByte(0x80).writeByte(0).writeShort(seq).writeInt((int) timestamp).writeInt((int) ssrc).writeBytes(payload);
        return b;
    }

    /** RFC 3711 §4.1.1, §4.2, §4.3 for AES-CM and HMAC-SHA1 with kdr 0, over the JDK: the test's reference only. */
    static final class Reference {
        static byte[] keystream(byte[] sessionKey, byte[] sessionSalt, long ssrc, long index, int length)
                throws Exception {
            byte[] iv = new byte[16];
            System.arraycopy(sessionSalt, 0, iv, 0, 14);
            for (int i = 0; i < 4; i++) {
                iv[4 + i] ^= (byte) (ssrc >>> (24 - 8 * i));
            }
            for (int i = 0; i < 6; i++) {
                iv[8 + i] ^= (byte) (index >>> (40 - 8 * i));
            }
            Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding");
            ctr.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(sessionKey, "AES"), new IvParameterSpec(iv));
            return ctr.doFinal(new byte[length]);
        }

        static byte[] derive(byte[] masterKey, byte[] masterSalt, int label, int length) throws Exception {
            byte[] x = masterSalt.clone();
            x[7] ^= (byte) label; // key_id = label || r, r = 0 (kdr 0), right-aligned in the 112-bit salt
            byte[] iv = Arrays.copyOf(x, 16);
            Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding");
            ctr.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(masterKey, "AES"), new IvParameterSpec(iv));
            return ctr.doFinal(new byte[length]);
        }

        static byte[] protect(SrtpKey key, SrtpSuite suite, byte[] plain, long roc) throws Exception {
            byte[] k = key.masterKey();
            byte[] salt = key.masterSalt();
            byte[] ke = derive(k, salt, 0, 16);
            byte[] ka = derive(k, salt, 1, 20);
            byte[] ks = derive(k, salt, 2, 14);
            int seq = ((plain[2] & 0xff) << 8) | (plain[3] & 0xff);
            long ssrc = ((plain[8] & 0xffL) << 24) | ((plain[9] & 0xff) << 16) | ((plain[10] & 0xff) << 8)
                    | (plain[11] & 0xff);
            byte[] stream = keystream(ke, ks, ssrc, (roc << 16) | seq, plain.length - 12);
            byte[] out = plain.clone();
            for (int i = 12; i < out.length; i++) {
                out[i] ^= stream[i - 12];
            }
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(ka, "HmacSHA1"));
            mac.update(out);
            mac.update(new byte[] {(byte) (roc >>> 24), (byte) (roc >>> 16), (byte) (roc >>> 8), (byte) roc});
            byte[] tag = Arrays.copyOf(mac.doFinal(), suite.tagLength());
            byte[] packet = Arrays.copyOf(out, out.length + tag.length);
            System.arraycopy(tag, 0, packet, out.length, tag.length);
            return packet;
        }
    }
}
