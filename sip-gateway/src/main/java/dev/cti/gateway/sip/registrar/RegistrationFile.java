package dev.cti.gateway.sip.registrar;

import dev.cti.gateway.GatewayMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable registrations (issue 14): the location service's bindings kept in one JSON file of the data directory, so a
 * gateway that restarts reaches every phone at once instead of waiting up to an hour for it to register again.
 *
 * <ul>
 *   <li><b>Written safely</b>: the whole file is written to {@code <file>.tmp}, forced to disk, then renamed over the
 *       file (atomic on the same file system), so a crash leaves the old file or the new one, never half of one.
 *       Owner read/write only. Changes are coalesced: a write at most every {@link #WRITE_DELAY_MILLIS} on the
 *       gateway's timer thread (never a SIP, Netty or Vert.x thread), and a last one when the gateway stops.</li>
 *   <li><b>Restored</b> at start with each binding's own expiry: expired ones and extensions no longer configured are
 *       left out. A file that cannot be read or parsed is logged, counted, moved aside as {@code <file>.bad} and the
 *       gateway starts without it (phones register again as they would have anyway); a bad entry is skipped alone.</li>
 * </ul>
 *
 * <p>What it holds: per binding the extension, the Contact URI, the REGISTER's Call-ID and CSeq (to keep rejecting
 * out-of-order REGISTERs), the expiry, the source address and the User-Agent. No password, digest or nonce: nonces are
 * HMACs under a key made at each start ({@link NonceService}), so a restarted gateway challenges every phone afresh
 * at its next refresh and a REGISTER captured before the restart cannot be replayed after it (docs/SECURITY.md).
 */
public final class RegistrationFile {
    private static final Logger LOG = LoggerFactory.getLogger(RegistrationFile.class);
    static final long WRITE_DELAY_MILLIS = 200;

    private final Path file;
    private final Clock clock;
    private final Counter restored;
    private final Counter readErrors;
    private final Counter writeErrors;
    private final AtomicBoolean writeScheduled = new AtomicBoolean();

    public RegistrationFile(Path file, Clock clock, MeterRegistry meters) {
        this.file = file;
        this.clock = clock;
        this.restored = GatewayMeters.SIP_REGISTRATIONS_RESTORED.counter(meters);
        this.readErrors = GatewayMeters.SIP_REGISTRATION_FILE_ERRORS.counter(meters, "read");
        this.writeErrors = GatewayMeters.SIP_REGISTRATION_FILE_ERRORS.counter(meters, "write");
    }

    public Path path() {
        return file;
    }

    /**
     * Puts the kept bindings of configured extensions back into {@code locations} (before SIP traffic is handled, or
     * at least before phones are called), then writes on every change through {@code scheduler}.
     *
     * @return how many bindings were restored
     */
    public int attach(LocationService locations, Predicate<String> configured, ScheduledExecutorService scheduler) {
        List<Binding> kept = read().stream().filter(b -> configured.test(b.extension())).toList();
        int n = locations.restore(kept);
        restored.increment(n);
        if (n > 0) {
            LOG.info("registrations: {} phone binding(s) restored from {} (each with its remaining expiry)", n, file);
        }
        locations.onChange(() -> {
            if (writeScheduled.compareAndSet(false, true)) {
                scheduler.schedule(() -> {
                    writeScheduled.set(false);
                    write(locations.allBindings());
                }, WRITE_DELAY_MILLIS, TimeUnit.MILLISECONDS);
            }
        });
        return n;
    }

    /** The bindings in the file that have not expired; empty when there is no file or it is unreadable. */
    public List<Binding> read() {
        if (!Files.exists(file)) {
            return List.of();
        }
        JsonArray array;
        try {
            JsonObject root = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
            array = root.getJsonArray("bindings");
            if (array == null) {
                throw new DecodeException("no \"bindings\" array");
            }
        } catch (IOException | DecodeException | ClassCastException e) {
            readErrors.increment();
            Path aside = file.resolveSibling(file.getFileName() + ".bad");
            try {
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException moveFailed) {
                aside = file;
            }
            LOG.error("registrations: {} is unreadable ({}); kept as {}; starting without restored registrations "
                    + "(phones are reached again when they register)", file, e.getMessage(), aside);
            return List.of();
        }
        Instant now = clock.instant();
        List<Binding> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            try {
                JsonObject b = array.getJsonObject(i);
                Binding binding = new Binding(required(b, "extension"), required(b, "contact"), required(b, "callId"),
                        b.getLong("cseq", 0L), Instant.ofEpochMilli(b.getLong("expiresAt")), b.getString("source"),
                        b.getString("userAgent"));
                if (!binding.isExpired(now)) {
                    out.add(binding);
                }
            } catch (RuntimeException e) {
                readErrors.increment();
                LOG.warn("registrations: entry {} of {} skipped: {}", i, file, e.getMessage());
            }
        }
        return out;
    }

    private static String required(JsonObject o, String name) {
        String v = o.getString(name);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException(name + " missing");
        }
        return v;
    }

    /** Writes {@code bindings} as the whole file: temp file, forced, renamed over. False (logged, counted) on failure. */
    public synchronized boolean write(List<Binding> bindings) {
        JsonArray array = new JsonArray();
        for (Binding b : bindings) {
            array.add(new JsonObject().put("extension", b.extension()).put("contact", b.contact())
                    .put("callId", b.callId()).put("cseq", b.cseq()).put("expiresAt", b.expiresAt().toEpochMilli())
                    .put("source", b.source()).put("userAgent", b.userAgent()));
        }
        byte[] bytes = new JsonObject().put("version", 1).put("writtenAt", clock.millis()).put("bindings", array)
                .encodePrettily().getBytes(StandardCharsets.UTF_8);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ownerOnly(tmp);
                ch.write(java.nio.ByteBuffer.wrap(bytes));
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            return true;
        } catch (IOException | RuntimeException e) {
            writeErrors.increment();
            LOG.error("registrations: cannot write {} ({}); phones registered since the last write must register "
                    + "again after a restart", file, e.toString());
            return false;
        }
    }

    private static void ownerOnly(Path p) {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: its own permissions apply
        }
    }
}
