package dev.cti.link.message;

/**
 * Answer to a {@link Ping}, echoing its time so the pinger can measure the round trip.
 */
public record Pong(long pingSentAt) implements LinkControl {}
