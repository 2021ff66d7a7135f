package dev.cti.server.events;

/**
 * The server's in-process events, typed: what it used to send itself as JSON over the Vert.x event bus. One instance
 * per server, made by {@code ServerMain} (or a test rig) and passed to whoever publishes or subscribes; never a
 * static. JSON is made only at the edges, from these records: the WebSocket ({@code http.EventsSocket}, which encodes
 * each event once for all its clients) and REST. See docs/API.md, "Server structure".
 */
public final class ServerEvents {
    private final Topic<AgentUpdate> agents = new Topic<>();
    private final Topic<CallPushEvent> calls = new Topic<>();

    /** Agent snapshots, published by the agent registry once a change is durable ({@code type: agent}). */
    public Topic<AgentUpdate> agents() {
        return agents;
    }

    /**
     * Everything else the screens are told: calls, scripts, phones, queue figures, monitor sessions, QA, recording and
     * store alerts ({@code /api/events}, docs/API.md).
     */
    public Topic<CallPushEvent> calls() {
        return calls;
    }
}
