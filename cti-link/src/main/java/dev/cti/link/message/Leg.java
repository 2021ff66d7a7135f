package dev.cti.link.message;

/** One side of a bridged call. */
public enum Leg {
    /** The customer's leg (trunk side). */
    CALLER,
    /** The agent's phone. */
    AGENT
}
