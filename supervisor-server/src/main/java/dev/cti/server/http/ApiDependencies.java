package dev.cti.server.http;

import dev.cti.server.call.CallCenter;

import dev.cti.config.CtiConfig;
import dev.cti.server.agent.AgentRegistry;
import dev.cti.server.auth.AuthService;
import dev.cti.server.auth.AuthorizationPolicy;
import dev.cti.server.events.ServerEvents;
import dev.cti.server.recording.Recordings;
import dev.cti.server.store.Store;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.Optional;

/**
 * Everything the HTTP API needs, passed in by {@code ServerMain} (or a test) instead of looked up.
 *
 * @param events     the server's typed events, pushed to WebSocket clients ({@link EventsSocket})
 * @param prometheus when present, {@code GET /metrics} serves its scrape
 * @param calls      when present, live calls and queue figures are served and pushed
 * @param qa         quality assurance: evaluations, work lists, QA KPIs
 * @param recordings when present, the recording endpoints serve the index and the audio (else they answer 503)
 * @param reports    when present, reports, call history, the audit browser and queue_log are served (else 503)
 * @param followUps  when present, callbacks and complaint follow-ups are booked at wrap-up and served (else 503)
 */
public record ApiDependencies(CtiConfig config, AgentRegistry agents, ServerEvents events, Store store,
                              AuthService auth, AuthorizationPolicy policy, MeterRegistry meters,
                              Optional<PrometheusMeterRegistry> prometheus, Clock clock,
                              Optional<CallCenter> calls, dev.cti.server.qa.QaModule qa,
                              Optional<Recordings> recordings, Optional<dev.cti.server.report.Reports> reports,
                              Optional<dev.cti.server.followup.FollowUps> followUps) {

    /** Without follow-ups (tests of the other endpoints). */
    public ApiDependencies(CtiConfig config, AgentRegistry agents, ServerEvents events, Store store,
                           AuthService auth, AuthorizationPolicy policy, MeterRegistry meters,
                           Optional<PrometheusMeterRegistry> prometheus, Clock clock, Optional<CallCenter> calls,
                           dev.cti.server.qa.QaModule qa, Optional<Recordings> recordings,
                           Optional<dev.cti.server.report.Reports> reports) {
        this(config, agents, events, store, auth, policy, meters, prometheus, clock, calls, qa, recordings, reports,
                Optional.empty());
    }

    /** Without reports (tests of the other endpoints). */
    public ApiDependencies(CtiConfig config, AgentRegistry agents, ServerEvents events, Store store,
                           AuthService auth, AuthorizationPolicy policy, MeterRegistry meters,
                           Optional<PrometheusMeterRegistry> prometheus, Clock clock, Optional<CallCenter> calls,
                           dev.cti.server.qa.QaModule qa, Optional<Recordings> recordings) {
        this(config, agents, events, store, auth, policy, meters, prometheus, clock, calls, qa, recordings,
                Optional.empty(), Optional.empty());
    }

    /** Without recordings (tests of the other endpoints). */
    public ApiDependencies(CtiConfig config, AgentRegistry agents, ServerEvents events, Store store,
                           AuthService auth, AuthorizationPolicy policy, MeterRegistry meters,
                           Optional<PrometheusMeterRegistry> prometheus, Clock clock, Optional<CallCenter> calls,
                           dev.cti.server.qa.QaModule qa) {
        this(config, agents, events, store, auth, policy, meters, prometheus, clock, calls, qa, Optional.empty(),
                Optional.empty(), Optional.empty());
    }
}
