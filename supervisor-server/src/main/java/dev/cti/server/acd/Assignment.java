package dev.cti.server.acd;

/** The ACD's decision: offer this waiting call to this agent. */
public record Assignment(WaitingCall call, String agentId) {}
