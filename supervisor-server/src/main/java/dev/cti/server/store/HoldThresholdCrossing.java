package dev.cti.server.store;

import java.time.Instant;

/** A hold on a call lasted past one of the compliance thresholds (10 s, 60 s, 120 s by default). */
public record HoldThresholdCrossing(String callId, String agentId, int thresholdSeconds, Instant at) {}
