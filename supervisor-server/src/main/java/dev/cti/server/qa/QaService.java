package dev.cti.server.qa;

import dev.cti.server.metrics.ServerMeters;
import dev.cti.config.AgentConfig;
import dev.cti.config.CtiConfig;
import dev.cti.config.QaConfig;
import dev.cti.config.QaConfig.Rating;
import dev.cti.server.auth.Action;
import dev.cti.server.auth.AuthorizationPolicy;
import dev.cti.server.auth.Principal;
import dev.cti.server.store.AuditEntry;
import dev.cti.server.store.CallHistory;
import dev.cti.server.store.CallHistoryStore;
import dev.cti.server.store.CallRecord;
import dev.cti.server.store.EvaluationStore;
import dev.cti.server.store.Store;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Evaluations: opened pre-filled from the call's records ({@link Prefill}), edited, submitted, acknowledged or disputed
 * by the agent, each step authorised by the policy, checked against the evaluation's state machine
 * ({@link EvaluationTransitions}) and its form, scored by the server ({@link Scoring}), and written with its audit
 * entry before it is answered. A refused request changes nothing, is counted
 * ({@code cti_qa_requests_refused_total{code}}) and, when the policy refused it, audited. Thread-safe: its own state
 * is the cache of stored form versions.
 */
public final class QaService {
    public static final int MAX_REMARKS = 2000;

    private final CtiConfig config;
    private final AuthorizationPolicy policy;
    private final Store store;
    private final CallHistoryStore calls;
    private final EvaluationStore evaluations;
    private final Prefill prefill;
    private final MeterRegistry meters;
    private final Clock clock;
    private final ZoneId zone;
    private final Map<String, Long> formVersionIds = new ConcurrentHashMap<>();
    private final Map<Long, FormSnapshot> snapshots = new ConcurrentHashMap<>();
    private volatile Consumer<Evaluation> onChange = e -> { };

    public QaService(CtiConfig config, AuthorizationPolicy policy, Store store, MeterRegistry meters, Clock clock) {
        this.config = config;
        this.policy = policy;
        this.store = store;
        this.calls = new CallHistoryStore(store);
        this.evaluations = new EvaluationStore(store);
        this.prefill = new Prefill(config);
        this.meters = meters;
        this.clock = clock;
        this.zone = ZoneId.of(config.site().timeZone());
    }

    /** Told of every stored change (KPIs, pushes). */
    public void onChange(Consumer<Evaluation> listener) {
        this.onChange = listener;
    }

    public EvaluationStore evaluations() {
        return evaluations;
    }

    public CallHistoryStore callHistory() {
        return calls;
    }

    /** An evaluation with the form it is scored on. */
    public record Scored(Evaluation evaluation, FormSnapshot form, Optional<CallRecord> call) {}

    /** The result of opening an evaluation: {@code created} false when the call already had one. */
    public record Opened(Scored scored, boolean created) {}

    // ---- open -------------------------------------------------------------------------------------------------------

    /** Opens (creates, pre-filled) the evaluation of a call, or returns the one it has. */
    public Future<Opened> open(Principal who, String callId) {
        return calls.history(callId).compose(found -> {
            if (found.isEmpty()) {
                return refuse(404, "unknown_call", "no call '" + clip(callId) + "' in the records");
            }
            CallHistory h = found.get();
            CallRecord call = h.call();
            Optional<AgentConfig> agent = call.agentId().flatMap(config::agent);
            if (call.outcome() != CallRecord.Outcome.ANSWERED || call.endedAt().isEmpty() || agent.isEmpty()) {
                return refuse(409, "not_evaluable", "only answered calls that have ended, with a known agent, are "
                        + "evaluated");
            }
            AuthorizationPolicy.Decision d = policy.decide(who, Action.EVALUATE, agent);
            if (!d.allowed()) {
                return deny(who, "qa-evaluation-create", agent.get().id(), Optional.of(callId), d.reason());
            }
            Optional<QaConfig.Form> form = config.qa().formFor(call.direction() == CallRecord.Direction.OUTBOUND
                    ? Optional.empty() : call.queueId());
            if (form.isEmpty()) {
                return refuse(409, "no_form", "no QA form scores " + (call.direction() == CallRecord.Direction.OUTBOUND
                        ? "click-to-dial calls" : "calls of queue " + call.queueId().orElse("-")));
            }
            FormSnapshot snapshot = FormSnapshot.of(form.get(), config.qa());
            return formVersionId(snapshot).compose(versionId -> {
                Map<String, Proposal> proposals = prefill.propose(form.get(), h);
                List<Evaluation.Item> items = new ArrayList<>();
                for (QaConfig.Item item : form.get().items()) {
                    Proposal p = proposals.get(item.id());
                    items.add(new Evaluation.Item(item.id(), p == null ? Optional.empty() : p.rating(),
                            p == null ? Optional.empty() : Optional.of(p.evidence().encode()), Optional.empty(), false,
                            Optional.empty()));
                }
                Instant now = clock.instant();
                Evaluation draft = new Evaluation(0, callId, agent.get().id(), agent.get().team(), call.queueId(),
                        call.direction().name(), who.username(), versionId, form.get().id(), form.get().version(),
                        EvaluationState.DRAFT, Scoring.score(snapshot, items, List.of()), Optional.empty(), 0, now, now,
                        Optional.empty(), Optional.empty(), items, List.of(), List.of());
                AuditEntry audit = audit(who, "qa-evaluation-create", agent.get().id(),
                        "form " + form.get().id() + " v" + form.get().version() + ", " + proposals.size()
                                + " item(s) proposed");
                return evaluations.create(draft, audit).compose(created -> snapshot(created.evaluation())
                        .map(s -> new Opened(new Scored(created.evaluation(), s, Optional.of(call)),
                                created.created())));
            });
        });
    }

    private Future<Long> formVersionId(FormSnapshot snapshot) {
        String sha = snapshot.sha256();
        Long known = formVersionIds.get(sha);
        if (known != null) {
            return Future.succeededFuture(known);
        }
        return evaluations.formVersion(snapshot.form().id(), snapshot.form().version(), sha, snapshot.toJson().encode(),
                clock.instant()).onSuccess(id -> {
                    formVersionIds.put(sha, id);
                    snapshots.put(id, snapshot);
                });
    }

    /** The form an evaluation was scored on (stored content, cached). */
    public Future<FormSnapshot> snapshot(Evaluation e) {
        FormSnapshot s = snapshots.get(e.formVersionId());
        if (s != null) {
            return Future.succeededFuture(s);
        }
        return evaluations.formDefinition(e.formVersionId()).map(json -> {
            FormSnapshot read = FormSnapshot.fromJson(new JsonObject(json.orElseThrow()));
            snapshots.put(e.formVersionId(), read);
            return read;
        });
    }

    // ---- read -------------------------------------------------------------------------------------------------------

    /** One evaluation, if the caller may see it: drafts only to evaluators of the agent. */
    public Future<Scored> get(Principal who, long id) {
        return load(id).compose(e -> {
            Optional<AgentConfig> agent = config.agent(e.agentId());
            boolean evaluator = policy.decide(who, Action.EVALUATE, agent).allowed();
            boolean viewer = policy.decide(who, Action.VIEW_EVALUATION, agent).allowed()
                    && (e.state() != EvaluationState.DRAFT || evaluator);
            if (!viewer) {
                return deny(who, "qa-evaluation-view", e.agentId(), Optional.of(e.callId()), e.state()
                        == EvaluationState.DRAFT && policy.decide(who, Action.VIEW_EVALUATION, agent).allowed()
                        ? "a draft is seen only by its evaluators"
                        : policy.decide(who, Action.VIEW_EVALUATION, agent).reason());
            }
            return scored(e);
        });
    }

    private Future<Scored> scored(Evaluation e) {
        return snapshot(e).compose(s -> store.call(e.callId()).map(c -> new Scored(e, s, c)));
    }

    private Future<Evaluation> load(long id) {
        return evaluations.get(id).compose(e -> e.isPresent() ? Future.succeededFuture(e.get())
                : refuse(404, "unknown_evaluation", "no evaluation " + id));
    }

    // ---- evaluator's changes ------------------------------------------------------------------------------------------

    /** Saves ratings, deductions and remarks of a draft (or of a disputed evaluation under review). */
    public Future<Scored> save(Principal who, long id, Edit edit) {
        return forEvaluator(who, id, "qa-evaluation-save").compose(e -> snapshot(e).compose(form -> {
            if (EvaluationTransitions.next(e.state(), EvaluationEvent.SAVE).isEmpty()) {
                return refuse(409, "not_editable", "evaluation " + id + " is " + e.state()
                        + (e.state() == EvaluationState.SUBMITTED ? ": a submitted evaluation cannot be edited (the "
                        + "agent may dispute it)" : ""));
            }
            Evaluation changed = apply(e, form, edit);
            AuditEntry audit = audit(who, "qa-evaluation-save", e.agentId(), describe(e, changed));
            return evaluations.save(changed, EvaluationStore.WorkChange.NONE, callDay(changed), audit)
                    .compose(v -> scored(changed));
        }));
    }

    /** Submits: every item rated; after a dispute, the submission answers it ({@code reply}). */
    public Future<Scored> submit(Principal who, long id, Optional<String> reply) {
        return forEvaluator(who, id, "qa-evaluation-submit").compose(e -> snapshot(e).compose(form -> {
            Optional<EvaluationState> next = EvaluationTransitions.next(e.state(), EvaluationEvent.SUBMIT);
            if (next.isEmpty()) {
                return refuse(409, "illegal_transition", "evaluation " + id + " is " + e.state()
                        + " and cannot be submitted");
            }
            List<String> unrated = Scoring.unrated(form, e.items());
            if (!unrated.isEmpty()) {
                return refuse(409, "incomplete", "rate every item before submitting; unrated: "
                        + String.join(", ", unrated));
            }
            Instant now = clock.instant();
            List<Evaluation.Dispute> disputes = new ArrayList<>();
            for (Evaluation.Dispute d : e.disputeList()) {
                disputes.add(d.open() ? new Evaluation.Dispute(d.id(), d.agentId(), d.remarks(), d.scoreBefore(),
                        d.openedAt(), Optional.of(who.username()), reply, Optional.of(e.score().total()),
                        Optional.of(now)) : d);
            }
            Evaluation submitted = e.withState(next.get(), now, disputes);
            AuditEntry audit = audit(who, "qa-evaluation-submit", e.agentId(), "score " + e.score().total()
                    + (e.score().passed() ? " passed" : " failed") + e.score().grade().map(g -> " grade " + g).orElse("")
                    + (e.state() == EvaluationState.DISPUTED ? " (dispute answered)" : ""));
            return evaluations.save(submitted, EvaluationStore.WorkChange.DONE, callDay(submitted), audit)
                    .compose(v -> changed(submitted));
        }));
    }

    private Future<Evaluation> forEvaluator(Principal who, long id, String action) {
        return load(id).compose(e -> {
            AuthorizationPolicy.Decision d = policy.decide(who, Action.EVALUATE, config.agent(e.agentId()));
            return d.allowed() ? Future.succeededFuture(e) : deny(who, action, e.agentId(), Optional.of(e.callId()),
                    d.reason());
        });
    }

    private Evaluation apply(Evaluation e, FormSnapshot form, Edit edit) {
        Map<String, Evaluation.Item> items = new LinkedHashMap<>();
        e.items().forEach(i -> items.put(i.itemId(), i));
        for (Edit.ItemChange c : edit.items()) {
            Evaluation.Item item = items.get(c.itemId());
            if (item == null || form.form().item(c.itemId()).isEmpty()) {
                throw new QaException(400, "unknown_item", "the form " + form.form().id() + " has no item '"
                        + clip(c.itemId()) + "'");
            }
            Optional<String> remarks = c.remarks().isPresent() ? c.remarks().filter(r -> !r.isBlank()) : item.remarks();
            if (c.accept()) {
                if (item.proposed().isEmpty()) {
                    throw new QaException(400, "no_proposal", "item '" + c.itemId() + "' has no proposed rating to "
                            + "accept; give a rating");
                }
                items.put(c.itemId(), item.rated(item.proposed(), remarks));
            } else if (c.clear()) {
                items.put(c.itemId(), item.rated(Optional.empty(), remarks));
            } else if (c.rating().isPresent()) {
                items.put(c.itemId(), item.rated(c.rating(), remarks));
            } else {
                items.put(c.itemId(), item.rated(item.rating(), remarks));
            }
        }
        if (edit.acceptProposals()) {
            items.replaceAll((k, i) -> i.rating().isEmpty() && i.proposed().isPresent() ? i.rated(i.proposed(),
                    i.remarks()) : i);
        }
        List<Evaluation.Deduction> deductions = e.deductions();
        if (edit.deductions().isPresent()) {
            deductions = new ArrayList<>();
            for (Edit.DeductionChange d : edit.deductions().get()) {
                Optional<QaConfig.Deduction> def = form.form().deduction(d.deductionId());
                if (def.isEmpty()) {
                    throw new QaException(400, "unknown_deduction", "the form " + form.form().id()
                            + " has no deduction '" + clip(d.deductionId()) + "'");
                }
                if (d.occurrences() < 0 || d.occurrences() > def.get().maxCount()) {
                    throw new QaException(400, "bad_count", "occurrences of '" + d.deductionId()
                            + "' must be from 0 to " + def.get().maxCount());
                }
                if (d.occurrences() > 0) {
                    deductions.add(new Evaluation.Deduction(d.deductionId(), d.occurrences(), d.remarks()));
                }
            }
        }
        Optional<String> remarks = edit.remarks().map(r -> r.filter(x -> !x.isBlank())).orElse(e.remarks());
        List<Evaluation.Item> newItems = new ArrayList<>(items.values());
        return e.withContent(newItems, deductions, remarks, Scoring.score(form, newItems, deductions), clock.instant());
    }

    private static String describe(Evaluation before, Evaluation after) {
        List<String> changes = new ArrayList<>();
        for (Evaluation.Item a : after.items()) {
            Optional<Evaluation.Item> b = before.item(a.itemId());
            if (b.isEmpty() || !b.get().rating().equals(a.rating())) {
                changes.add(a.itemId() + "=" + a.rating().map(Rating::key).orElse("-") + (a.overridden()
                        ? " (override of " + a.proposed().map(Rating::key).orElse("no proposal") + ")" : ""));
            }
        }
        if (!before.deductions().equals(after.deductions())) {
            changes.add("deductions " + after.deductions().stream().map(d -> d.deductionId() + "x" + d.occurrences())
                    .toList());
        }
        if (!before.remarks().equals(after.remarks())) {
            changes.add("remarks");
        }
        return "score " + after.score().total() + "; " + (changes.isEmpty() ? "no change" : String.join(", ", changes));
    }

    // ---- agent's answers ------------------------------------------------------------------------------------------------

    public Future<Scored> acknowledge(Principal who, long id, Optional<String> comment) {
        return forAgent(who, id, "qa-evaluation-acknowledge").compose(e -> {
            Optional<EvaluationState> next = EvaluationTransitions.next(e.state(), EvaluationEvent.ACKNOWLEDGE);
            if (next.isEmpty()) {
                return refuse(409, "illegal_transition", "evaluation " + id + " is " + e.state()
                        + " and cannot be acknowledged");
            }
            Evaluation done = e.withState(next.get(), clock.instant(), e.disputeList());
            return evaluations.save(done, EvaluationStore.WorkChange.NONE, callDay(done), audit(who,
                    "qa-evaluation-acknowledge", e.agentId(), comment.map(c -> "comment: " + c).orElse("acknowledged")))
                    .compose(v -> changed(done));
        });
    }

    public Future<Scored> dispute(Principal who, long id, String comment) {
        return forAgent(who, id, "qa-evaluation-dispute").compose(e -> {
            Optional<EvaluationState> next = EvaluationTransitions.next(e.state(), EvaluationEvent.DISPUTE);
            if (next.isEmpty()) {
                return refuse(409, "illegal_transition", "evaluation " + id + " is " + e.state()
                        + " and cannot be disputed");
            }
            if (e.disputes() > 0) {
                return refuse(409, "already_disputed", "evaluation " + id + " was disputed once already; it can "
                        + "only be acknowledged now");
            }
            Instant now = clock.instant();
            List<Evaluation.Dispute> disputes = new ArrayList<>(e.disputeList());
            disputes.add(new Evaluation.Dispute(0, e.agentId(), comment, e.score().total(), now, Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty()));
            Evaluation disputed = e.withState(next.get(), now, disputes);
            return store.call(e.callId()).compose(call -> evaluations.save(disputed,
                    EvaluationStore.WorkChange.REQUEUE, LocalDate.ofInstant(call.map(CallRecord::startedAt)
                            .orElse(e.createdAt()), zone), audit(who, "qa-evaluation-dispute", e.agentId(),
                            "comment: " + comment))).compose(v -> changed(disputed));
        });
    }

    private Future<Evaluation> forAgent(Principal who, long id, String action) {
        return load(id).compose(e -> {
            AuthorizationPolicy.Decision d = policy.decide(who, Action.ACKNOWLEDGE_EVALUATION, config.agent(e.agentId()));
            if (!d.allowed()) {
                return deny(who, action, e.agentId(), Optional.of(e.callId()), d.reason());
            }
            return Future.succeededFuture(e);
        });
    }

    private Future<Scored> changed(Evaluation e) {
        onChange.accept(e);
        return store.call(e.callId()).compose(call -> evaluations.get(e.id()).compose(stored -> snapshot(stored.orElseThrow())
                        .map(s -> new Scored(stored.get(), s, call))));
    }

    // ---- helpers ------------------------------------------------------------------------------------------------------

    /** The day given to a change that requeues nothing (only a dispute's requeue uses the call's day). */
    private LocalDate callDay(Evaluation e) {
        return LocalDate.ofInstant(e.createdAt(), zone);
    }

    private AuditEntry audit(Principal who, String action, String agentId, String detail) {
        return new AuditEntry(who.username(), action, Optional.of(agentId), Optional.empty(), Optional.of(detail),
                clock.instant());
    }

    /** Audits a refusal by the policy, then fails with 403. */
    private <T> Future<T> deny(Principal who, String action, String agentId, Optional<String> callId, String reason) {
        return store.recordAudit(new AuditEntry(who.username(), action, Optional.of(agentId), callId,
                Optional.of("denied: " + reason), clock.instant()))
                .transform(ar -> Future.failedFuture(new QaException(403, "forbidden", reason)));
    }

    private <T> Future<T> refuse(int status, String code, String message) {
        return Future.failedFuture(new QaException(status, code, message));
    }

    /** Counts a refused request (the routes count every QA refusal here, whoever found it). */
    public void count(String code) {
        ServerMeters.QA_REQUESTS_REFUSED.counter(meters, code).increment();
    }

    static String clip(String s) {
        return s.length() > 64 ? s.substring(0, 64) : s;
    }
}
