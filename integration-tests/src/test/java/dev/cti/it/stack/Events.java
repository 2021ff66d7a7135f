package dev.cti.it.stack;


import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Collects a seat's or a caller's JSON events so a test can wait for one and read their order. */
public final class Events implements Consumer<JsonObject> {
    private final List<JsonObject> events = new CopyOnWriteArrayList<>();

    @Override
    public void accept(JsonObject e) {
        events.add(e.copy());
    }

    public List<JsonObject> all() {
        return List.copyOf(events);
    }

    /** Waits for the first event named {@code name}. */
    public JsonObject await(String name, Duration timeout) {
        return await(name, e -> true, timeout);
    }

    /** Waits for the first event named {@code name} that matches {@code filter}. */
    public JsonObject await(String name, Predicate<JsonObject> filter, Duration timeout) {
        return org.awaitility.Awaitility.await(name + " in " + events).atMost(timeout)
                .pollInterval(Duration.ofMillis(20)).until(() -> find(name, filter), e -> e != null);
    }

    public JsonObject find(String name, Predicate<JsonObject> filter) {
        return events.stream().filter(e -> name.equals(e.getString("event")) && filter.test(e)).findFirst()
                .orElse(null);
    }

    public long count(String name) {
        return events.stream().filter(e -> name.equals(e.getString("event"))).count();
    }

    /** The agent states pushed by the server, in order ({@code state} events). */
    public List<String> states() {
        return events.stream().filter(e -> "state".equals(e.getString("event"))).map(e -> e.getString("state"))
                .toList();
    }

    /** Waits until the server has pushed {@code state} to this seat. */
    public JsonObject awaitState(String state, Duration timeout) {
        return await("state", e -> state.equals(e.getString("state")), timeout);
    }

    static void awaitTrue(String what, Duration timeout, java.util.concurrent.Callable<Boolean> condition) {
        org.awaitility.Awaitility.await(what).atMost(timeout).pollInterval(Duration.ofMillis(50)).until(condition);
    }
}
