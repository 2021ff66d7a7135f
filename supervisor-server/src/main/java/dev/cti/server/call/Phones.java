package dev.cti.server.call;

import dev.cti.config.CtiConfig;
import dev.cti.link.message.Snapshot;
import dev.cti.server.events.CallPushEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which agent phones are registered on the gateway, as its PhoneRegistered / PhoneUnregistered events and
 * snapshots report: only an agent whose phone is registered is offered calls. A change is pushed for the
 * agent of the extension. Used on the call center's context only.
 */
final class Phones {
    private final CallPush push;
    private final Map<String, String> registered = new HashMap<>(); // extension -> contact
    /** False until the gateway's first snapshot: before it nobody knows which phones are registered. */
    private boolean known;
    /** Extension → agent id, the first configured agent of each (as {@code CtiConfig.agentByExtension}). */
    private final Map<String, String> agentOfExtension = new HashMap<>();

    Phones(CtiConfig config, CallPush push) {
        this.push = push;
        config.agents().forEach(a -> agentOfExtension.putIfAbsent(a.extension(), a.id()));
    }

    /** The agent whose phone this extension is, without a scan of the configuration. */
    Optional<String> agentOf(String extension) {
        return Optional.ofNullable(agentOfExtension.get(extension));
    }

    boolean registered(String extension) {
        return registered.containsKey(extension);
    }

    Set<String> extensions() {
        return Set.copyOf(registered.keySet());
    }

    /** A phone registered at {@code contact}, or unregistered when {@code contact} is null. */
    void update(String extension, String contact) {
        if (contact == null) {
            registered.remove(extension);
        } else {
            registered.put(extension, contact);
        }
        agentOf(extension).ifPresent(id -> push.publish(new CallPushEvent.Phone(push.stamp(), id, contact != null)));
    }

    /**
     * The gateway's snapshot replaces what the events said. Each agent whose phone it shows changed is pushed
     * ({@code phone}); the first snapshot after a start pushes every agent, so screens show at once which restored
     * READY agents have no phone registered.
     */
    void replaceAll(List<Snapshot.Registration> registrations) {
        Map<String, String> before = new HashMap<>(registered);
        boolean first = !known;
        known = true;
        registered.clear();
        registrations.forEach(r -> registered.put(r.extension(), r.contact()));
        agentOfExtension.forEach((extension, agentId) -> {
            boolean now = registered.containsKey(extension);
            if (first || before.containsKey(extension) != now) {
                push.publish(new CallPushEvent.Phone(push.stamp(), agentId, now));
            }
        });
    }

    /** The registered extensions, or empty before the gateway's first snapshot (unknown). */
    Optional<Set<String>> knownExtensions() {
        return known ? Optional.of(Set.copyOf(registered.keySet())) : Optional.empty();
    }
}
