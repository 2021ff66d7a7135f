package dev.cti.server.followup;

import io.vertx.core.Future;
import java.util.List;

/** What the callback scheduler needs of the agents and the calls (the server's, or a test's by hand). */
public interface Seats {
    /** Whether the agent is logged in and READY now. */
    boolean ready(String agentId);

    /** The agents READY now who may take calls of {@code queueId}, longest idle first. */
    List<String> readyAgentsOf(String queueId);

    /**
     * Click-to-dial for {@code agentId} (the gateway rings the agent's phone, then {@code number}); completes with the
     * request id once commanded, fails when the agent cannot dial now.
     */
    Future<String> dial(String agentId, String number);
}
