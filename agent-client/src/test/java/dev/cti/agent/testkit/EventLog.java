package dev.cti.agent.testkit;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.awaitility.Awaitility;

/** Collects a seat's JSON events so tests can wait for one. */
public final class EventLog implements Consumer<JsonObject> {
    private final List<JsonObject> events = new CopyOnWriteArrayList<>();

    @Override
    public void accept(JsonObject e) {
        events.add(e);
    }

    public List<JsonObject> all() {
        return List.copyOf(events);
    }

    /** Waits for the first event named {@code name} and returns it. */
    public JsonObject await(String name, Duration timeout) {
        return Awaitility.await(name + " in " + events).atMost(timeout).pollInterval(Duration.ofMillis(20))
                .until(() -> find(name), e -> e != null);
    }

    public JsonObject find(String name) {
        return events.stream().filter(e -> name.equals(e.getString("event"))).findFirst().orElse(null);
    }

    public long count(String name) {
        return events.stream().filter(e -> name.equals(e.getString("event"))).count();
    }
}
