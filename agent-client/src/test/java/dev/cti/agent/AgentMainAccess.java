package dev.cti.agent;

import dev.cti.config.AgentConfig;
import dev.cti.config.CtiConfig;
import io.vertx.core.json.JsonObject;

/** Opens AgentMain's package-private helpers to tests in other packages. */
public final class AgentMainAccess {
    private AgentMainAccess() {}

    public static JsonObject hello(CtiConfig config, AgentConfig agent) {
        return AgentMain.hello(config, agent);
    }
}
