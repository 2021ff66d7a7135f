package dev.cti.link.message;

/** The link's own messages: the gateway's {@link Hello} and the {@link Ping}/{@link Pong} heartbeat. */
public sealed interface LinkControl extends LinkMessage permits Hello, Ping, Pong {}
