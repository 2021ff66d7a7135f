package dev.cti.link.message;

/**
 * The link's own messages: the gateway's {@link Hello}, the {@link Ping}/{@link Pong} heartbeat, and the replay of
 * buffered events after an outage ({@link Replayed} up, {@link EventsApplied} down).
 */
public sealed interface LinkControl extends LinkMessage permits Hello, Ping, Pong, Replayed, EventsApplied {}
