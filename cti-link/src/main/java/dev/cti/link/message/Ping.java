package dev.cti.link.message;

/**
 * Heartbeat; the peer answers with {@link Pong}. Any line received proves the peer alive.
 *
 * @param sentAt sender's clock, epoch millis
 */
public record Ping(long sentAt) implements LinkControl {}
