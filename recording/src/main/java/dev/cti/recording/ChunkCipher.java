package dev.cti.recording;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM of one chunk with the JDK's {@code AES/GCM/NoPadding} (128-bit tag). Nonce: the file's 8-byte
 * random prefix followed by the chunk index (4 bytes, big-endian), so no nonce repeats within a file and files
 * differ by their prefix. Additional data: SHA-256 of the header, the chunk index (8 bytes) and a final flag
 * (1 byte): a chunk moved to another position or file, or a non-final chunk passed off as the last, fails.
 * Not thread-safe (one {@link Cipher}).
 */
final class ChunkCipher {
    private static final int TAG_BITS = 128;
    /** Chunk indexes fit in the nonce's 4 bytes: 2^32 s of audio, 136 years. */
    static final long MAX_CHUNKS = 1L << 32;

    private final RecordingKey key;
    private final byte[] noncePrefix;
    private final byte[] headerDigest;
    private final Cipher cipher;

    ChunkCipher(RecordingKey key, RecordingHeader header) {
        this.key = key;
        this.noncePrefix = header.noncePrefix();
        this.headerDigest = header.digest();
        try {
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no AES/GCM", e);
        }
    }

    byte[] encrypt(long index, boolean last, byte[] pcm, int offset, int length) {
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, nonce(index)));
            cipher.updateAAD(aad(index, last));
            return cipher.doFinal(pcm, offset, length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /** The plaintext, or {@link ChunkAuthenticationException} when the tag does not verify. */
    byte[] decrypt(long index, boolean last, byte[] slot, int offset, int length) throws ChunkAuthenticationException {
        try {
            cipher.init(Cipher.DECRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, nonce(index)));
            cipher.updateAAD(aad(index, last));
            return cipher.doFinal(slot, offset, length);
        } catch (AEADBadTagException e) {
            throw new ChunkAuthenticationException(index, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
    }

    /** Whether the slot authenticates as chunk {@code index} with this final flag. */
    boolean verifies(long index, boolean last, byte[] slot, int length) {
        try {
            decrypt(index, last, slot, 0, length);
            return true;
        } catch (ChunkAuthenticationException e) {
            return false;
        }
    }

    private byte[] nonce(long index) {
        if (index < 0 || index >= MAX_CHUNKS) {
            throw new IllegalArgumentException("chunk index out of range: " + index);
        }
        return ByteBuffer.allocate(12).put(noncePrefix).putInt((int) index).array();
    }

    private byte[] aad(long index, boolean last) {
        return ByteBuffer.allocate(headerDigest.length + 9).put(headerDigest).putLong(index)
                .put((byte) (last ? 1 : 0)).array();
    }
}
