package dev.cti.gateway.media.mix;

/** The three legs of a monitored call, as the mixing matrix names them. */
public enum Party {
    CUSTOMER,
    AGENT,
    SUPERVISOR
}
