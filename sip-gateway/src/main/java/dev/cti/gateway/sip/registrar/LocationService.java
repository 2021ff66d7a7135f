package dev.cti.gateway.sip.registrar;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In-memory location service: extension → its contact bindings. Each extension's bindings are an immutable map
 * replaced atomically under {@link ConcurrentHashMap#compute}, so concurrent REGISTERs of one extension serialise
 * and different extensions never contend. Expired bindings are removed by {@link #sweep()}, which the endpoint
 * runs on its scheduler; reads also hide expired bindings, so a late sweep never routes a call to a dead phone.
 * Time comes from the injected {@link Clock}.
 */
public final class LocationService {
    private static final Logger LOG = LoggerFactory.getLogger(LocationService.class);

    private final Clock clock;
    private final ConcurrentHashMap<String, Map<String, Binding>> byExtension = new ConcurrentHashMap<>();
    private final List<RegistrationListener> listeners = new CopyOnWriteArrayList<>();
    /** Told after any change of any binding (added, refreshed, removed, expired): the registrations file. */
    private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();
    private final AtomicInteger bindingCount = new AtomicInteger();
    /** Source host → bindings registered from it (expired ones until the sweep): the rate limiter's known phones. */
    private final ConcurrentHashMap<String, Integer> sourceHosts = new ConcurrentHashMap<>();

    public LocationService(Clock clock) {
        this.clock = clock;
    }

    public void addListener(RegistrationListener listener) {
        listeners.add(listener);
    }

    /** {@code listener} runs (on the thread that made the change) after every change of any binding. */
    public void onChange(Runnable listener) {
        changeListeners.add(listener);
    }

    /** Every live binding of every extension (for the registrations file). */
    public List<Binding> allBindings() {
        Instant now = clock.instant();
        List<Binding> all = new ArrayList<>();
        byExtension.values().forEach(m -> m.values().stream().filter(b -> !b.isExpired(now)).forEach(all::add));
        return all;
    }

    /**
     * Puts back bindings kept from before a restart (their expiry unchanged): a binding is taken unless it has
     * expired, or the extension already has that contact with a later expiry (a phone that re-registered meanwhile).
     * Listeners are told as for a REGISTER. Returns how many were taken.
     */
    public int restore(List<Binding> kept) {
        Instant now = clock.instant();
        int taken = 0;
        Map<String, List<Binding>> byExt = new LinkedHashMap<>();
        for (Binding b : kept) {
            if (!b.isExpired(now)) {
                byExt.computeIfAbsent(b.extension(), k -> new ArrayList<>()).add(b);
            }
        }
        for (Map.Entry<String, List<Binding>> e : byExt.entrySet()) {
            int[] n = {0};
            update(e.getKey(), live -> {
                Map<String, Binding> next = new LinkedHashMap<>(live);
                for (Binding b : e.getValue()) {
                    Binding current = next.get(b.contact());
                    if (current == null || current.expiresAt().isBefore(b.expiresAt())) {
                        next.put(b.contact(), b);
                        n[0]++;
                    }
                }
                return next;
            });
            taken += n[0];
        }
        return taken;
    }

    /** Schedules {@link #sweep()} every {@code period}; cancel the returned future to stop. */
    public ScheduledFuture<?> startExpiry(ScheduledExecutorService scheduler, Duration period) {
        return scheduler.scheduleAtFixedRate(this::sweepQuietly, period.toMillis(), period.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Live bindings of an extension, soonest-expiring first; empty if not registered. */
    public List<Binding> bindings(String extension) {
        Map<String, Binding> map = byExtension.get(extension);
        if (map == null) {
            return List.of();
        }
        Instant now = clock.instant();
        return map.values().stream().filter(b -> !b.isExpired(now))
                .sorted(Comparator.comparing(Binding::expiresAt)).toList();
    }

    public boolean isRegistered(String extension) {
        return !bindings(extension).isEmpty();
    }

    /** Number of bindings stored (expired but not yet swept ones included until the next sweep). */
    public int bindingCount() {
        return bindingCount.get();
    }

    public int registeredExtensions() {
        return byExtension.size();
    }

    /** Whether a phone registered from {@code host} (the rate limiter keeps such sources out of its overflow). */
    /**
     * The source ({@code host}, {@code port}) of the live registration whose Contact is {@code contactHost:contactPort}
     * over {@code transport} (TCP or TLS), if any: the connection the phone registered on, which is where requests to
     * that Contact must go (the phone's listening port is not reachable over TLS without its own certificate; RFC 5626
     * calls this a flow). Linear in the bindings: a few thousand at most.
     */
    public java.util.Optional<java.net.InetSocketAddress> flowFor(String transport, String contactHost,
                                                                  int contactPort) {
        java.time.Instant now = clock.instant();
        for (Map<String, Binding> bindings : byExtension.values()) {
            for (Binding b : bindings.values()) {
                if (b.isExpired(now) || b.source() == null
                        || !b.source().regionMatches(true, 0, transport, 0, transport.length())) {
                    continue;
                }
                java.util.Optional<java.net.InetSocketAddress> flow = b.flowIfContact(contactHost, contactPort);
                if (flow.isPresent()) {
                    return flow;
                }
            }
        }
        return java.util.Optional.empty();
    }

    public boolean isRegisteredSource(String host) {
        return host != null && sourceHosts.containsKey(host);
    }

    private void countSources(Map<String, Binding> bindings, int delta) {
        if (bindings == null) {
            return;
        }
        for (Binding b : bindings.values()) {
            String host = b.sourceHost();
            if (host != null) {
                sourceHosts.compute(host, (h, n) -> {
                    int next = (n == null ? 0 : n) + delta;
                    return next <= 0 ? null : next;
                });
            }
        }
    }

    /**
     * Replaces the extension's bindings with what {@code change} returns for the current live ones (keyed by
     * contact URI), atomically, and notifies listeners on the 0 → n and n → 0 transitions.
     *
     * @return the bindings after the change
     */
    public List<Binding> update(String extension, UnaryOperator<Map<String, Binding>> change) {
        List<Binding> after = new ArrayList<>();
        byExtension.compute(extension, (ext, current) -> {
            Instant now = clock.instant();
            Map<String, Binding> live = new LinkedHashMap<>();
            if (current != null) {
                current.forEach((k, b) -> {
                    if (!b.isExpired(now)) {
                        live.put(k, b);
                    }
                });
            }
            int before = current == null ? 0 : current.size();
            boolean wasRegistered = !live.isEmpty();
            Map<String, Binding> next = change.apply(Map.copyOf(live));
            next = next == null ? Map.of() : Map.copyOf(next);
            bindingCount.addAndGet(next.size() - before);
            countSources(current, -1);
            countSources(next, +1);
            after.addAll(next.values());
            if (current != null && !current.isEmpty() && live.isEmpty()) {
                // Everything had expired but the sweep had not run yet: report that first, in order.
                notifyUnregistered(ext, RegistrationListener.Cause.EXPIRED);
            }
            if (!wasRegistered && !next.isEmpty()) {
                notifyRegistered(ext, List.copyOf(next.values()));
            } else if (wasRegistered && next.isEmpty()) {
                notifyUnregistered(ext, RegistrationListener.Cause.UNREGISTERED);
            }
            return next.isEmpty() ? null : next;
        });
        after.sort(Comparator.comparing(Binding::expiresAt));
        changed();
        return after;
    }

    /** Removes expired bindings now; extensions left with none are reported as unregistered (EXPIRED). */
    public void sweep() {
        boolean[] any = {false};
        for (String extension : List.copyOf(byExtension.keySet())) {
            byExtension.computeIfPresent(extension, (ext, current) -> {
                Instant now = clock.instant();
                Map<String, Binding> live = new LinkedHashMap<>();
                current.forEach((k, b) -> {
                    if (!b.isExpired(now)) {
                        live.put(k, b);
                    }
                });
                if (live.size() == current.size()) {
                    return current;
                }
                any[0] = true;
                bindingCount.addAndGet(live.size() - current.size());
                countSources(current, -1);
                countSources(live, +1);
                if (live.isEmpty()) {
                    notifyUnregistered(ext, RegistrationListener.Cause.EXPIRED);
                    return null;
                }
                return Map.copyOf(live);
            });
        }
        if (any[0]) {
            changed();
        }
    }

    private void changed() {
        for (Runnable r : changeListeners) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.warn("registration change listener failed", e);
            }
        }
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warn("registration expiry sweep failed", e); // keep the schedule alive
        }
    }

    private void notifyRegistered(String extension, List<Binding> bindings) {
        for (RegistrationListener l : listeners) {
            try {
                l.phoneRegistered(extension, bindings);
            } catch (RuntimeException e) {
                LOG.warn("registration listener failed for extension {}", extension, e);
            }
        }
    }

    private void notifyUnregistered(String extension, RegistrationListener.Cause cause) {
        for (RegistrationListener l : listeners) {
            try {
                l.phoneUnregistered(extension, cause);
            } catch (RuntimeException e) {
                LOG.warn("registration listener failed for extension {}", extension, e);
            }
        }
    }
}
