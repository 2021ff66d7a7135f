package dev.cti.server.call;

import dev.cti.config.AgentConfig;
import dev.cti.config.CtiConfig;
import dev.cti.config.Localized;
import dev.cti.config.ScriptConfig;
import dev.cti.server.events.CallPushEvent;
import dev.cti.server.script.RenderedScript;
import dev.cti.server.script.ScriptRenderer;
import dev.cti.server.store.ScriptShown;
import dev.cti.server.store.Store;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Shows a script on an agent's desktop for one call: the customer looked up by the number (surname and title), the
 * script filled in ({@link ScriptRenderer}), stored as "script shown" (QA evidence), then pushed to the agent. A queue
 * call gets its queue's script when it is offered; a click-to-dial call the outbound script
 * ({@code outbound.script}, or its campaign's) once the dial is commanded, under the dial's request id.
 */
final class ScriptShow {
    private final CtiConfig config;
    private final Store store;
    private final Clock clock;
    private final CallPush push;
    private final ScriptRenderer scripts;

    ScriptShow(CtiConfig config, Store store, Clock clock, CallPush push) {
        this.config = config;
        this.store = store;
        this.clock = clock;
        this.push = push;
        this.scripts = new ScriptRenderer(config);
    }

    /** A click-to-dial call's script: {@code scriptId} (a campaign's), else {@code outbound.script}. */
    void showOutbound(String requestId, Optional<String> scriptId, AgentConfig agent, String number) {
        show(requestId, scriptId.or(config.outbound()::script).flatMap(config::script), Localized.of("", ""),
                agent, number);
    }

    /**
     * @param queueName the queue's name for {@code {queue.name}} (empty for a click-to-dial call)
     */
    void show(String callId, Optional<ScriptConfig> script, Localized queueName, AgentConfig agent, String number) {
        if (script.isEmpty()) {
            return;
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneId.of(config.site().timeZone()));
        store.customer(number).recover(err -> Future.succeededFuture(Optional.empty()))
                .onSuccess(customer -> {
                    RenderedScript s = scripts.render(script.get(), queueName, agent,
                            customer.map(c -> new ScriptRenderer.Customer(c.surname(), c.title().orElse(""))), today);
                    ScriptShown shown = new ScriptShown(Optional.of(callId), agent.id(), s.scriptId(),
                            Optional.of(s.steps().get(0).id()), s.language(), clock.instant());
                    store.alerts().durably("script_shown", callId, () -> store.recordScriptShown(shown))
                            .onComplete(stored -> push.publish(new CallPushEvent.Script(push.stamp(), agent.id(),
                                    callId, s)));
                });
    }
}
