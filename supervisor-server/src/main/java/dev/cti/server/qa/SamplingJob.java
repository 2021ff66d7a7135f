package dev.cti.server.qa;

import dev.cti.server.metrics.ServerMeters;
import dev.cti.config.AgentConfig;
import dev.cti.config.CtiConfig;
import dev.cti.config.QaConfig;
import dev.cti.config.WrapUpCode;
import dev.cti.server.compliance.RingCount;
import dev.cti.server.store.CallRecord;
import dev.cti.server.store.WorkListStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily QA sampling (conf/qa.yaml {@code qa.sampling}): at {@code runAt} (site time) it puts the calls of the
 * day before on the evaluators' work lists: {@code callsPerAgentPerDay} random answered calls of each agent of the
 * evaluator's teams, plus every flagged call (answered after the ring target, a hold over {@code holdOverSeconds},
 * talk under {@code shortCallUnderSeconds}, a complaint wrap-up). Only calls a form scores are taken. A day is
 * sampled once, whoever runs it ({@code qa_sampling_runs}); a run missed while the server was down is made up when
 * it starts. The clock and the randomness are injected.
 */
public final class SamplingJob {
    private static final Logger LOG = LoggerFactory.getLogger(SamplingJob.class);

    /** Schedules a task after a delay (Vert.x timers in production). */
    public interface Timers {
        void schedule(Duration delay, Runnable task);
    }

    private final CtiConfig config;
    private final WorkListStore work;
    private final Clock clock;
    private final Random random;
    private final MeterRegistry meters;
    private final ZoneId zone;

    public SamplingJob(CtiConfig config, WorkListStore work, Clock clock, Random random, MeterRegistry meters) {
        this.config = config;
        this.work = work;
        this.clock = clock;
        this.random = random;
        this.meters = meters;
        this.zone = ZoneId.of(config.site().timeZone());
    }

    /** Runs what is due now (the day before, once today's run time has passed), then schedules the next day's run. */
    public void start(Timers timers) {
        runDue().onComplete(ar -> {
            if (ar.failed()) {
                LOG.error("QA sampling failed: {}", ar.cause().toString());
            }
            ZonedDateTime now = ZonedDateTime.ofInstant(clock.instant(), zone);
            ZonedDateTime next = now.toLocalDate().atTime(config.qa().sampling().runAt()).atZone(zone);
            if (!next.isAfter(now)) {
                next = now.toLocalDate().plusDays(1).atTime(config.qa().sampling().runAt()).atZone(zone);
            }
            timers.schedule(Duration.between(now, next).plusSeconds(1), () -> start(timers));
        });
    }

    /**
     * Samples the day before today if today's run time has passed and that day was not sampled yet; completes with the
     * day sampled, or empty when nothing was due or it was done already.
     */
    public Future<Optional<LocalDate>> runDue() {
        ZonedDateTime now = ZonedDateTime.ofInstant(clock.instant(), zone);
        LocalDate day = now.toLocalDate().minusDays(now.toLocalTime().isBefore(config.qa().sampling().runAt()) ? 2 : 1);
        return run(day).map(done -> done ? Optional.of(day) : Optional.empty());
    }

    /** Samples {@code day} (local) unless it was sampled; true when this call did it. */
    public Future<Boolean> run(LocalDate day) {
        Instant from = day.atStartOfDay(zone).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(zone).toInstant();
        return work.sampled(day).compose(done -> {
            if (done) {
                return Future.succeededFuture(false);
            }
            return work.candidates(from, to).compose(candidates -> {
                List<WorkListStore.NewItem> items = choose(day, candidates);
                return work.recordRun(day, items, clock.instant()).onSuccess(recorded -> {
                    if (recorded) {
                        items.forEach(i -> i.reasons().forEach(r -> ServerMeters.QA_WORKLIST_ITEMS_ADDED
                                .counter(meters, r).increment()));
                        LOG.info("QA sampling of {}: {} call(s) on the work lists", day, items.size());
                    }
                });
            });
        });
    }

    List<WorkListStore.NewItem> choose(LocalDate day, List<WorkListStore.Candidate> candidates) {
        QaConfig qa = config.qa();
        Set<String> complaintCodes = config.wrapUpCodes().stream()
                .filter(c -> c.category() == WrapUpCode.Category.COMPLAINT).map(WrapUpCode::code)
                .collect(Collectors.toSet());
        Map<String, List<WorkListStore.Candidate>> byAgent = new LinkedHashMap<>();
        for (WorkListStore.Candidate c : candidates) {
            CallRecord call = c.call();
            Optional<AgentConfig> agent = call.agentId().flatMap(config::agent);
            boolean scored = qa.formFor(call.direction() == CallRecord.Direction.OUTBOUND ? Optional.empty()
                    : call.queueId()).isPresent();
            // an internal call (two seats, issue 18) is no customer's call to score
            if (agent.isPresent() && scored && call.direction() != CallRecord.Direction.INTERNAL && qa.evaluatorOf(agent.get().team()).isPresent()) {
                byAgent.computeIfAbsent(agent.get().id(), k -> new ArrayList<>()).add(c);
            }
        }
        List<WorkListStore.NewItem> out = new ArrayList<>();
        for (Map.Entry<String, List<WorkListStore.Candidate>> e : byAgent.entrySet()) {
            AgentConfig agent = config.agent(e.getKey()).orElseThrow();
            String evaluator = qa.evaluatorOf(agent.team()).orElseThrow();
            List<WorkListStore.Candidate> shuffled = new ArrayList<>(e.getValue());
            Collections.shuffle(shuffled, random);
            Set<String> sampled = shuffled.stream().limit(qa.sampling().callsPerAgentPerDay())
                    .map(c -> c.call().id()).collect(Collectors.toSet());
            for (WorkListStore.Candidate c : e.getValue()) {
                List<String> reasons = new ArrayList<>();
                if (sampled.contains(c.call().id())) {
                    reasons.add("random");
                }
                reasons.addAll(flags(c, complaintCodes));
                if (!reasons.isEmpty()) {
                    out.add(new WorkListStore.NewItem(evaluator, c.call().id(), agent.id(), day, reasons));
                }
            }
        }
        return out;
    }

    private List<String> flags(WorkListStore.Candidate c, Set<String> complaintCodes) {
        QaConfig.Sampling s = config.qa().sampling();
        CallRecord call = c.call();
        List<String> out = new ArrayList<>();
        if (s.lateAnswer() && call.direction() == CallRecord.Direction.INBOUND
                && !RingCount.withinTarget(call.ringTime(), config.compliance())) {
            out.add("late-answer");
        }
        if (s.holdOverSeconds() > 0 && c.longestHold().toSeconds() > s.holdOverSeconds()) {
            out.add("long-hold");
        }
        if (s.shortCallUnderSeconds() > 0 && call.talkTime().toSeconds() < s.shortCallUnderSeconds()) {
            out.add("short-call");
        }
        if (s.complaint() && c.wrapUpCodes().stream().anyMatch(complaintCodes::contains)) {
            out.add("complaint");
        }
        return out;
    }
}
