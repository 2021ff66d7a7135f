package dev.cti.server.qa;

import dev.cti.config.CtiConfig;
import dev.cti.server.auth.AuthorizationPolicy;
import dev.cti.server.events.CallPushEvent;
import dev.cti.server.events.ServerEvents;
import dev.cti.server.store.Store;
import dev.cti.server.store.WorkListStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quality assurance in the server, put together: evaluations ({@link QaService}), the daily work lists
 * ({@link SamplingJob}), the KPIs ({@link QaKpis}). {@link #start()} makes up a missed sampling run, schedules the
 * next ones and keeps today's KPIs current; every submission, acknowledgement and dispute is pushed on
 * {@link ServerEvents#calls()}: {@code evaluation} to whoever may see the agent, {@code qa} (today's figures per
 * queue) to supervisors, QA users and admins.
 */
public final class QaModule {
    private static final Logger LOG = LoggerFactory.getLogger(QaModule.class);
    static final Duration REFRESH = Duration.ofSeconds(60);

    private final Vertx vertx;
    private final ServerEvents events;
    private final QaService service;
    private final QaKpis kpis;
    private final SamplingJob sampling;
    private final WorkListStore workList;
    private final List<Long> timers = new ArrayList<>();

    public QaModule(Vertx vertx, CtiConfig config, AuthorizationPolicy policy, Store store, ServerEvents events,
                    MeterRegistry meters, Clock clock, Random random) {
        this.vertx = vertx;
        this.events = events;
        this.service = new QaService(config, policy, store, meters, clock);
        this.kpis = new QaKpis(config, service.evaluations(), meters, clock);
        this.workList = new WorkListStore(store);
        this.sampling = new SamplingJob(config, workList, clock, random, meters);
        service.onChange(this::changed);
    }

    public QaService service() {
        return service;
    }

    public QaKpis kpis() {
        return kpis;
    }

    public SamplingJob sampling() {
        return sampling;
    }

    public WorkListStore workList() {
        return workList;
    }

    /** Starts the sampling schedule (a missed run is made up now) and today's KPI refresh. */
    public void start() {
        kpis.refreshToday();
        synchronized (timers) {
            timers.add(vertx.setPeriodic(REFRESH.toMillis(), id -> kpis.refreshToday()
                    .onSuccess(r -> publishKpis())));
        }
        sampling.start((delay, task) -> {
            synchronized (timers) {
                timers.add(vertx.setTimer(Math.max(1, delay.toMillis()), id -> task.run()));
            }
        });
    }

    public void stop() {
        synchronized (timers) {
            timers.forEach(vertx::cancelTimer);
            timers.clear();
        }
    }

    private void changed(Evaluation e) {
        if (e.state() == EvaluationState.SUBMITTED && e.disputes() == 0) {
            kpis.submitted(e);
        }
        events.calls().publish(new CallPushEvent.Evaluation(e.agentId(), e.id(), e.callId(), e.state().name(),
                e.score().total(), e.score().passed(), e.score().grade()));
        kpis.refreshToday().onSuccess(r -> publishKpis())
                .onFailure(err -> LOG.warn("QA KPIs not refreshed: {}", err.toString()));
    }

    private void publishKpis() {
        events.calls().publish(new CallPushEvent.QaFigures(kpis.queues()));
    }
}
