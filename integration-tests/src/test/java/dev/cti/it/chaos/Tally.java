package dev.cti.it.chaos;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the load did, as its parties saw it: the side of the accounting that does not come from the system under
 * test. Thread-safe; one per run.
 */
final class Tally {
    /** Calls whose INVITE the gateway took (answered by it or by an agent), by caller number. */
    final Map<String, AtomicLong> placed = new ConcurrentHashMap<>();
    /** Dials the gateway refused (503 while it drains): the trunk would retry them elsewhere; no record is due. */
    final AtomicLong refused = new AtomicLong();
    /** Dials that failed otherwise (status other than 503, or no answer at all). */
    final AtomicLong failed = new AtomicLong();
    /** Calls an agent was ON_CALL on, and which agent. */
    final Map<String, String> answeredBy = new ConcurrentHashMap<>();
    /** Established calls that ended from the far side (the system) before the customer hung up: must stay 0. */
    final AtomicLong dropped = new AtomicLong();
    /** State changes the agents asked for and the server confirmed, by command (ready, not-ready, wrapup). */
    final Map<String, AtomicLong> agentChanges = new ConcurrentHashMap<>();
    /** Wrap-ups the server confirmed, by call. */
    final Set<String> wrappedUp = ConcurrentHashMap.newKeySet();
    final AtomicLong holds = new AtomicLong();
    /** Agents the server showed LOGGED_OUT during the run although they never logged out (a lost state). */
    final AtomicLong foundLoggedOut = new AtomicLong();
    /** Commands the server refused (answer not ok), by command: "verb: message". */
    final Map<String, AtomicLong> refusedCommands = new ConcurrentHashMap<>();

    void placed(String number) {
        placed.computeIfAbsent(number, n -> new AtomicLong()).incrementAndGet();
    }

    long placedTotal() {
        return placed.values().stream().mapToLong(AtomicLong::get).sum();
    }

    void agentChange(String command) {
        agentChanges.computeIfAbsent(command, c -> new AtomicLong()).incrementAndGet();
    }

    long agentChangesTotal() {
        return agentChanges.values().stream().mapToLong(AtomicLong::get).sum();
    }

    void refusedCommand(String command, JsonObject answer) {
        String message = answer.getString("message", answer.getString("error", answer.encode()));
        refusedCommands.computeIfAbsent(command + ": " + message, c -> new AtomicLong()).incrementAndGet();
    }

    static Map<String, Long> plain(Map<String, AtomicLong> counts) {
        Map<String, Long> m = new TreeMap<>();
        counts.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }
}
