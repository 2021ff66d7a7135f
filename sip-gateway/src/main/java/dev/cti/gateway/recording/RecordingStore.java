package dev.cti.gateway.recording;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * Where recordings live under {@code recording.directory}, and the gateway's own state about them:
 *
 * <pre>
 *  2026/12/07/20261207-5f0c…d5e.ctirec   the encrypted audio (yyyy/MM/dd of the start, UTC)
 *  2026/12/07/20261207-5f0c…d5e.json     its sidecar: metadata, plaintext, no phone numbers
 *  .state/active/20261207-5f0c…d5e      marker: being recorded (left behind by a crash: repaired at start)
 *  .state/outbox/20261207-5f0c…d5e      marker: finished, not yet acknowledged as indexed by the server
 * </pre>
 *
 * A recording id is {@code yyyyMMdd-} and 32 random hex digits, so its file is found from its id alone (deletion
 * needs no index and accepts nothing that could name another path). Sidecars are written atomically (a temporary
 * file renamed over the old one). Blocking file I/O: call from worker threads only.
 */
final class RecordingStore {
    static final Pattern ID = Pattern.compile("(\\d{4})(\\d{2})(\\d{2})-[0-9a-f]{32}");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

    private final Path root;
    private final Path active;
    private final Path outbox;

    RecordingStore(Path root) {
        this.root = root;
        this.active = root.resolve(".state").resolve("active");
        this.outbox = root.resolve(".state").resolve("outbox");
    }

    void init() throws IOException {
        Files.createDirectories(active);
        Files.createDirectories(outbox);
    }

    Path root() {
        return root;
    }

    static String newId(Instant start, RandomGenerator random) {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return DAY.format(start) + "-" + HexFormat.of().formatHex(b);
    }

    static boolean validId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** {@code yyyy/MM/dd/<id>.ctirec}, relative to the directory (what the link messages carry). */
    static String relativeFile(String id) {
        var m = ID.matcher(id);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a recording id");
        }
        return m.group(1) + "/" + m.group(2) + "/" + m.group(3) + "/" + id + ".ctirec";
    }

    Path file(String id) {
        return root.resolve(relativeFile(id));
    }

    Path sidecar(String id) {
        return root.resolve(relativeFile(id).replaceAll("\\.ctirec$", ".json"));
    }

    /** Creates the day's directory and the active marker of a new recording. */
    void beginRecording(String id) throws IOException {
        Files.createDirectories(file(id).getParent());
        Files.writeString(active.resolve(id), relativeFile(id), StandardCharsets.UTF_8);
    }

    void writeSidecar(String id, JsonObject json) throws IOException {
        Path target = sidecar(id);
        Path temp = target.resolveSibling("." + id + ".json.tmp");
        Files.writeString(temp, json.encodePrettily() + "\n", StandardCharsets.UTF_8);
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The sidecar, or null if there is none. */
    JsonObject readSidecar(String id) throws IOException {
        try {
            return new JsonObject(Files.readString(sidecar(id), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return null;
        } catch (io.vertx.core.json.DecodeException e) {
            throw new IOException("sidecar of " + id + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** The recording is finished: from the active list to the outbox. */
    void finished(String id) throws IOException {
        Files.writeString(outbox.resolve(id), relativeFile(id), StandardCharsets.UTF_8);
        Files.deleteIfExists(active.resolve(id));
    }

    /** The server indexed it: out of the outbox. */
    void indexed(String id) throws IOException {
        Files.deleteIfExists(outbox.resolve(id));
    }

    List<String> activeIds() throws IOException {
        return ids(active);
    }

    List<String> outboxIds() throws IOException {
        return ids(outbox);
    }

    private static List<String> ids(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                String name = p.getFileName().toString();
                if (validId(name)) {
                    out.add(name);
                }
            }
        }
        out.sort(null);
        return out;
    }

    /** Deletes file, sidecar and markers; false if there was neither file nor sidecar. */
    boolean delete(String id) throws IOException {
        boolean file = Files.deleteIfExists(file(id));
        boolean sidecar = Files.deleteIfExists(sidecar(id));
        Files.deleteIfExists(outbox.resolve(id));
        Files.deleteIfExists(active.resolve(id));
        return file || sidecar;
    }
}
