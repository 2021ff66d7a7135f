package dev.cti.gateway.media.mix;

/**
 * A supervisor monitoring one call, from {@code MediaEngine.monitor(customer, agent, supervisor, mode)}
 * until {@link #stop()}. The B2BUA holds it for as long as the supervisor's leg exists.
 *
 * <p>Exists so the only calls that pay for mixing are the monitored ones: while no session exists a
 * call's legs relay to each other directly. Methods may be called from any thread; they take effect
 * at the next 20 ms tick on the call's event loop.
 */
public interface MonitorSession {

    /** Changes who hears whom (atomically: one matrix or the other, never a mix of both). */
    void mode(MonitorMode mode);

    MonitorMode mode();

    /**
     * Tells the mixer the customer is on hold: the customer is sent no mix (so it never hears a
     * whisper) and hears what the engine plays to it instead, the music on hold started with
     * {@code MediaEngine.play(customer, List.of(), music)}; the agent no longer hears the customer but still
     * hears a whispering or barging supervisor, and the supervisor still hears both. After
     * {@code held = false} and {@code stopPlaying(customer)} the customer hears its mix again.
     */
    void customerHeld(boolean held);

    /**
     * Ends monitoring: the supervisor's leg hears and is heard by nobody, and customer and agent
     * relay to each other directly again (a playback to the customer goes on). Idempotent.
     */
    void stop();

    /**
     * Ends monitoring by making a takeover permanent: customer and supervisor relay to each other
     * directly, and the agent's leg is left unbridged (hears nothing, is heard by nobody) for the
     * B2BUA to release. Unlike {@link #stop()} followed by a new bridge, the agent is never heard by
     * the customer in between. Idempotent with {@link #stop()}: whichever comes first wins.
     */
    void handOverToSupervisor();

    boolean isStopped();
}
