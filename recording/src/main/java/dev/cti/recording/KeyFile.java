package dev.cti.recording;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The recording key file: one key per line, {@code <keyId> <base64 of 32 bytes>}; blank lines and lines starting
 * with {@code #} are comments. The LAST key is current (new recordings use it); every key stays readable, so
 * rotating is appending a line ({@link #appendNewKey}) and never removing one while a recording names it.
 *
 * <pre>
 * # CTI recording keys ...
 * k-20261207-3fa1 q3ZkR0...=
 * </pre>
 *
 * Mistakes are reported as {@code file:line: message} ({@link KeyFileException}); the key bytes never appear in a
 * message.
 */
public final class KeyFile {
    private static final String HEADER = """
            # CTI recording keys (docs/MEDIA.md, "Recording"): one key per line, <keyId> <base64 of 32 random bytes>.
            # The LAST line is the key new recordings are written with; every line stays needed for as long as a
            # recording names its key id. Rotate by appending a line (never edit or remove one in use).
            # BACK THIS FILE UP, apart from the recordings: without it no recording can be played.
            """;

    private KeyFile() {}

    /** Reads and checks the whole file. */
    public static KeyRing read(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new KeyFileException(file, 0, "no such file");
        }
        List<RecordingKey> keys = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            int n = i + 1;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            if (parts.length != 2) {
                throw new KeyFileException(file, n, "expected '<keyId> <base64 key>', got " + parts.length + " fields");
            }
            if (!RecordingKey.ID.matcher(parts[0]).matches()) {
                throw new KeyFileException(file, n, "key id must be 1-64 letters, digits, '.', '_' or '-'");
            }
            byte[] raw;
            try {
                raw = Base64.getDecoder().decode(parts[1]);
            } catch (IllegalArgumentException e) {
                throw new KeyFileException(file, n, "key " + parts[0] + " is not valid base64");
            }
            if (raw.length != RecordingKey.KEY_BYTES) {
                throw new KeyFileException(file, n, "key " + parts[0] + " is " + raw.length
                        + " bytes; AES-256 needs 32");
            }
            if (!ids.add(parts[0])) {
                throw new KeyFileException(file, n, "key id " + parts[0] + " appears twice");
            }
            keys.add(RecordingKey.of(parts[0], raw));
        }
        if (keys.isEmpty()) {
            throw new KeyFileException(file, 0, "no key in the file");
        }
        return new KeyRing(keys, "the key file " + file);
    }

    /**
     * Creates the key file with one new random key unless it exists. Atomic: the content is written to a temporary
     * file in the same directory, made durable, then hard-linked to {@code file}, which fails if the file appeared
     * meanwhile, so two processes racing never end up with two different keys (the loser reads the winner's).
     * Permissions 0600 where the file system has POSIX permissions. The caller should log loudly that the file
     * must be backed up.
     *
     * @return true if this call created it
     */
    public static boolean generateIfMissing(Path file) throws IOException {
        if (Files.exists(file)) {
            return false;
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        SecureRandom random = new SecureRandom();
        String content = HEADER + line(newKeyId(random), newKey(random));
        Path temp = dir.resolve("." + file.getFileName() + "." + HexFormat.of().formatHex(bytes(random, 8)) + ".tmp");
        try {
            createPrivate(temp);
            try (var channel = java.nio.channels.FileChannel.open(temp, StandardOpenOption.WRITE)) {
                var buffer = java.nio.ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.createLink(file, temp);
            } catch (FileAlreadyExistsException e) {
                return false;
            } catch (UnsupportedOperationException e) {
                // no hard links here: a plain rename (not race-free, documented)
                if (Files.exists(file)) {
                    return false;
                }
                Files.move(temp, file);
            }
            return true;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Rotation: appends a new random key under {@code keyId} (or a generated id when null), which becomes current
     * for the next reader of the file. Returns it.
     */
    public static RecordingKey appendNewKey(Path file, String keyId) throws IOException {
        KeyRing ring = read(file);
        SecureRandom random = new SecureRandom();
        String id = keyId != null ? keyId : newKeyId(random);
        if (ring.find(id).isPresent()) {
            throw new KeyFileException(file, 0, "key id " + id + " exists already");
        }
        byte[] raw = newKey(random);
        String existing = Files.readString(file, StandardCharsets.UTF_8);
        String prefix = existing.isEmpty() || existing.endsWith("\n") ? "" : "\n";
        Files.writeString(file, prefix + line(id, raw), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        return RecordingKey.of(id, raw);
    }

    private static void createPrivate(Path temp) throws IOException {
        try {
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(temp);
        }
    }

    private static String line(String id, byte[] raw) {
        return id + " " + Base64.getEncoder().encodeToString(raw) + "\n";
    }

    private static String newKeyId(SecureRandom random) {
        return "k-" + LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE) + "-"
                + HexFormat.of().formatHex(bytes(random, 2));
    }

    private static byte[] newKey(SecureRandom random) {
        return bytes(random, RecordingKey.KEY_BYTES);
    }

    private static byte[] bytes(SecureRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
