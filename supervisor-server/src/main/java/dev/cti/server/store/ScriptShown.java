package dev.cti.server.store;

import java.time.Instant;
import java.util.Optional;

/**
 * A script step displayed to an agent, or a phrase, kept for quality review ({@code scripts_shown}).
 *
 * @param stepId the step's id, or the quick phrase's
 * @param kind   {@code step} (shown by the server at the offer, or a step the agent moved to), {@code phrase} (one the
 *               agent used) or {@code prompt} (one the desktop put up by itself, e.g. at a hold threshold)
 */
public record ScriptShown(Optional<String> callId, String agentId, String scriptId, Optional<String> stepId,
                          String language, Instant at, String kind) {

    public static final String STEP = "step";

    /** A step shown. */
    public ScriptShown(Optional<String> callId, String agentId, String scriptId, Optional<String> stepId,
                       String language, Instant at) {
        this(callId, agentId, scriptId, stepId, language, at, STEP);
    }
}
