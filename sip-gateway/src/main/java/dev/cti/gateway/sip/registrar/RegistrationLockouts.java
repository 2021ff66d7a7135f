package dev.cti.gateway.sip.registrar;

import dev.cti.config.NetworkConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-extension lockout against password guessing (issue 13): {@code lockoutFailures} failed digest
 * authentications of one configured extension within {@code lockoutWindowSeconds} lock it for
 * {@code lockoutSeconds}; while locked its REGISTERs are refused whatever the password (failures then are not
 * counted, so a lockout lasts its configured time and no longer). Each lockout is reported once to the listeners
 * (the B2BUA sends it to the server, which audits it and alerts the wallboard). Only configured extensions are
 * tracked, so the memory is bounded by the configuration, not by what an attacker tries. Time comes from the
 * injected clock; thread-safe.
 */
public final class RegistrationLockouts {
    private static final Logger LOG = LoggerFactory.getLogger(RegistrationLockouts.class);

    /** One lockout: which extension, after how many failures, the last failing source, until when. */
    public record Lockout(String extension, int failures, String source, Instant until) {}

    /** Told about every new lockout. */
    @FunctionalInterface
    public interface Listener {
        void lockedOut(Lockout lockout);
    }

    private final NetworkConfig.Registrar config;
    private final Clock clock;
    private final ConcurrentHashMap<String, State> byExtension = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    /** Failures in the window and the lockout, of one extension; guarded by the map's compute. */
    private static final class State {
        final Deque<Instant> failures = new ArrayDeque<>();
        Instant lockedUntil = Instant.MIN;
    }

    public RegistrationLockouts(NetworkConfig.Registrar config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /** Whether {@code extension} is locked now. */
    public boolean isLocked(String extension) {
        State s = byExtension.get(extension);
        return s != null && clock.instant().isBefore(lockedUntil(s));
    }

    private static Instant lockedUntil(State s) {
        synchronized (s) {
            return s.lockedUntil;
        }
    }

    /**
     * A failed authentication of configured extension {@code extension} from {@code source}; the lockout it
     * triggers, if it is the one that does (then listeners have been told).
     */
    public Optional<Lockout> failed(String extension, String source) {
        Instant now = clock.instant();
        Duration window = Duration.ofSeconds(config.lockoutWindowSeconds());
        Lockout[] triggered = {null};
        byExtension.compute(extension, (ext, s) -> {
            State state = s == null ? new State() : s;
            synchronized (state) {
                if (now.isBefore(state.lockedUntil)) {
                    return state; // already locked: not counted
                }
                while (!state.failures.isEmpty() && !state.failures.peekFirst().isAfter(now.minus(window))) {
                    state.failures.removeFirst();
                }
                state.failures.addLast(now);
                if (state.failures.size() >= config.lockoutFailures()) {
                    state.lockedUntil = now.plusSeconds(config.lockoutSeconds());
                    triggered[0] = new Lockout(ext, state.failures.size(), source, state.lockedUntil);
                    state.failures.clear();
                }
            }
            return state;
        });
        if (triggered[0] != null) {
            LOG.warn("extension {} locked until {} after {} failed REGISTERs (the last from {})", extension,
                    triggered[0].until(), triggered[0].failures(), source);
            for (Listener l : listeners) {
                try {
                    l.lockedOut(triggered[0]);
                } catch (RuntimeException e) {
                    LOG.warn("lockout listener failed for extension {}", extension, e);
                }
            }
        }
        return Optional.ofNullable(triggered[0]);
    }

    /** A successful authentication: earlier failures no longer count towards a lockout. */
    public void succeeded(String extension) {
        byExtension.computeIfPresent(extension, (ext, s) -> {
            synchronized (s) {
                s.failures.clear();
            }
            return s;
        });
    }
}
