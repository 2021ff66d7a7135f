package dev.cti.gateway.sip.testing;

/**
 * Finds a port free for both UDP and TCP on 127.0.0.1 (tests never use fixed ports). The gateway tests' name for
 * {@link dev.cti.testpeers.FreePorts}, which the peer launchers use too: one copy of the search.
 */
public final class FreePorts {
    private FreePorts() {}

    public static int udpAndTcp() {
        return dev.cti.testpeers.FreePorts.udpAndTcp();
    }
}
