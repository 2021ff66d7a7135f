package dev.cti.agent.headless;

import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Where a headless seat's JSON lines go: stdout, plus every connected control-port client. One line per event, written
 * whole (no interleaving between threads).
 */
public final class EventOutput implements Consumer<JsonObject> {
    private final PrintStream out;
    private final List<Consumer<String>> subscribers = new CopyOnWriteArrayList<>();

    public EventOutput(PrintStream out) {
        this.out = out;
    }

    @Override
    public void accept(JsonObject event) {
        String line = event.encode();
        synchronized (out) {
            out.println(line);
            out.flush();
        }
        for (Consumer<String> s : subscribers) s.accept(line);
    }

    public void subscribe(Consumer<String> s) {
        subscribers.add(s);
    }

    public void unsubscribe(Consumer<String> s) {
        subscribers.remove(s);
    }
}
