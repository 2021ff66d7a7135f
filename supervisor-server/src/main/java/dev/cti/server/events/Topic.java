package dev.cti.server.events;

import io.vertx.core.Context;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * One stream of typed in-process events. A subscriber names the Vert.x {@link Context} it runs on and receives every
 * event published after it subscribed, in publication order, always on that context and always in a later task than
 * the publisher's (never re-entrantly inside {@link #publish}), as the event bus delivered before. Publishing is
 * allowed from any thread. An event is immutable once published: subscribers on different threads share it.
 */
public final class Topic<T> {
    private final List<Subscription<T>> subscribers = new CopyOnWriteArrayList<>();

    /** A registered handler; {@link #cancel()} stops its deliveries. */
    public static final class Subscription<T> {
        private final Topic<T> topic;
        private final Context context;
        private final Consumer<? super T> handler;

        private Subscription(Topic<T> topic, Context context, Consumer<? super T> handler) {
            this.topic = topic;
            this.context = context;
            this.handler = handler;
        }

        public void cancel() {
            topic.subscribers.remove(this);
        }
    }

    /** Delivers every later event to {@code handler} on {@code context}. */
    public Subscription<T> subscribe(Context context, Consumer<? super T> handler) {
        Subscription<T> s = new Subscription<>(this, Objects.requireNonNull(context, "context"),
                Objects.requireNonNull(handler, "handler"));
        subscribers.add(s);
        return s;
    }

    /** Hands {@code event} to every subscriber, each on its own context. Any thread. */
    public void publish(T event) {
        Objects.requireNonNull(event, "event");
        for (Subscription<T> s : subscribers) {
            s.context.runOnContext(v -> s.handler.accept(event));
        }
    }

    /** Subscribers now (tests). */
    public int subscribers() {
        return subscribers.size();
    }
}
