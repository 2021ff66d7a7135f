package dev.cti.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The supervisor's status file ({@code storage.dataDir/run/supervisor.status}): one {@code key=value} line per fact,
 * rewritten whole (temp file, rename) on every change, so {@code bin/cti status}, {@code bin/cti restart} and
 * monitoring scripts read a consistent view:
 *
 * <pre>
 * supervisor.pid=4242
 * supervisor-server.state=RUNNING
 * supervisor-server.pid=4250
 * supervisor-server.restarts=1
 * supervisor-server.lastExit=status 137, SIGKILL
 * supervisor-server.since=2026-12-07T03:12:44Z
 * </pre>
 */
public final class StatusFile {
    private final Path file;

    public StatusFile(Path file) {
        this.file = file;
    }

    public Path path() {
        return file;
    }

    /** Writes the supervisor's pid and every component's status; a failure is reported on stderr, never thrown. */
    public synchronized void write(long supervisorPid, List<Supervisor.Status> statuses) {
        StringBuilder b = new StringBuilder("# bin/cti up: the supervisor and its components (rewritten on every change)\n");
        b.append("supervisor.pid=").append(supervisorPid).append('\n');
        for (Supervisor.Status s : statuses) {
            String n = s.name();
            b.append(n).append(".state=").append(s.state()).append('\n');
            b.append(n).append(".pid=").append(s.pid()).append('\n');
            b.append(n).append(".restarts=").append(s.restarts()).append('\n');
            b.append(n).append(".lastExit=").append(s.lastExit()).append('\n');
            b.append(n).append(".since=").append(s.since()).append('\n');
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(tmp, b.toString(), StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            System.err.println("cti: cannot write the status file " + file + ": " + e);
        }
    }

    /** The file's facts, in order; empty when there is none. */
    public Map<String, String> read() throws IOException {
        Map<String, String> facts = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return facts;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int eq = line.indexOf('=');
            if (!line.startsWith("#") && eq > 0) {
                facts.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return facts;
    }

    /** A component's pid from the file, if it is running. */
    public Optional<Long> pid(String component) throws IOException {
        Map<String, String> facts = read();
        if (!"RUNNING".equals(facts.get(component + ".state"))) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(facts.getOrDefault(component + ".pid", "0"));
            return pid > 0 ? Optional.of(pid) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
