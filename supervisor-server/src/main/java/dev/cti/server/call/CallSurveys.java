package dev.cti.server.call;

import dev.cti.config.CtiConfig;
import dev.cti.config.QueueConfig;
import dev.cti.link.message.CallInSurvey;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.CommandRejected;
import dev.cti.link.message.HangUp;
import dev.cti.link.message.Leg;
import dev.cti.link.message.LinkCommand;
import dev.cti.link.message.PlayPrompts;
import dev.cti.link.message.PromptsPlayed;
import dev.cti.link.message.SurveyLeft;
import dev.cti.server.kpi.SurveyTally;
import dev.cti.server.metrics.ServerMeters;
import dev.cti.server.store.StoreAlerts;
import dev.cti.server.store.SurveyStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The satisfaction surveys (满意度评价, issue 17), run like the voice menus ({@link CallMenus}) with the same gateway
 * commands: a call the gateway reports {@link CallInSurvey} (its agent left, or transferred it here) hears its queue's
 * survey prompt ({@link PlayPrompts}) while this owns the call's keys ({@link CallKeys#own}). The first key that is
 * one of the survey's keys is the rating: stored with the call and the agent ({@link SurveyStore}), counted, then the
 * thank-you prompt and {@link HangUp}. Other keys are ignored. No rating within timeoutSeconds after the prompt, or the
 * customer hanging up first ({@link SurveyLeft}), is stored as no answer. A refused command ends the survey as no
 * answer. Runs on the call center's context; nothing here blocks.
 */
final class CallSurveys implements KeyListener {
    private static final Logger LOG = LoggerFactory.getLogger(CallSurveys.class);

    private static final class Session {
        final CallInSurvey call;
        final QueueConfig.Survey survey;
        final Instant startedAt;
        String playId;
        long timer = -1;
        boolean rated;

        Session(CallInSurvey call, QueueConfig.Survey survey, Instant startedAt) {
            this.call = call;
            this.survey = survey;
            this.startedAt = startedAt;
        }
    }

    private final Vertx vertx;
    private final CtiConfig config;
    private final CallCenter.CommandSink gateway;
    private final CallKeys keys;
    private final SurveyStore store;
    private final StoreAlerts alerts;
    private final SurveyTally tally;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Map<String, Session> sessions = new HashMap<>();
    private long plays;

    CallSurveys(Vertx vertx, CtiConfig config, CallCenter.CommandSink gateway, CallKeys keys, SurveyStore store,
                StoreAlerts alerts, SurveyTally tally, Clock clock, MeterRegistry meters) {
        this.vertx = vertx;
        this.config = config;
        this.gateway = gateway;
        this.keys = keys;
        this.store = store;
        this.alerts = alerts;
        this.tally = tally;
        this.clock = clock;
        this.meters = meters;
    }

    /** The customer of a call is in its queue's survey. */
    void arrived(CallInSurvey e) {
        if (sessions.containsKey(e.callId())) {
            return; // repeated after a reconnect
        }
        Optional<QueueConfig.Survey> survey = config.queue(e.queueId()).flatMap(QueueConfig::survey);
        if (survey.isEmpty()) {
            LOG.warn("call {} is in the survey of queue {}, which has none here; hanging up", e.callId(), e.queueId());
            send(new HangUp(e.callId(), ClearCause.FAILED));
            return;
        }
        Session s = new Session(e, survey.get(), clock.instant());
        sessions.put(e.callId(), s);
        keys.own(e.callId(), this);
        play(s, survey.get().prompt());
    }

    /** The prompts of a PlayPrompts were played: after the question the wait for the key; after the thanks the end. */
    void played(PromptsPlayed e) {
        Session s = sessions.get(e.callId());
        if (s == null || !e.playId().equals(s.playId)) {
            return;
        }
        if (s.rated) {
            sessions.remove(s.call.callId());
            send(new HangUp(s.call.callId(), ClearCause.SERVER_HANGUP));
        } else {
            s.timer = vertx.setTimer(s.survey.timeoutSeconds() * 1000L, id -> {
                if (s.timer == id && sessions.get(s.call.callId()) == s) {
                    s.timer = -1;
                    finish(s, null);
                    sessions.remove(s.call.callId());
                    send(new HangUp(s.call.callId(), ClearCause.SERVER_HANGUP));
                }
            });
        }
    }

    @Override
    public void keyPressed(String callId, Leg leg, char digit, Instant at) {
        Session s = sessions.get(callId);
        if (s == null || leg != Leg.CALLER || s.rated) {
            return;
        }
        Optional<Integer> rating = s.survey.rating(digit);
        if (rating.isEmpty()) {
            return; // not a rating key: the question plays on, the wait goes on
        }
        finish(s, rating.get());
        play(s, s.survey.thankYouPrompt());
    }

    /** The customer hung up before the survey was over. */
    void left(SurveyLeft e) {
        Session s = sessions.remove(e.callId());
        if (s != null) {
            if (!s.rated) {
                finish(s, null);
            }
            cancelTimer(s);
        }
    }

    /** A refusal of a survey's command: the survey ends as no answer. True when it was one. */
    boolean rejected(CommandRejected e) {
        Session s = e.callId() == null ? null : sessions.get(e.callId());
        if (s == null || !"PlayPrompts".equals(e.commandType())) {
            return false;
        }
        LOG.warn("call {}: the gateway refused the survey's prompt ({}); hanging up", s.call.callId(), e.reason());
        sessions.remove(s.call.callId());
        if (!s.rated) {
            finish(s, null);
        }
        send(new HangUp(s.call.callId(), ClearCause.FAILED));
        return true;
    }

    /** The survey's result: {@code rating} null for no answer; stored once, counted, the keys released. */
    private void finish(Session s, Integer rating) {
        cancelTimer(s);
        s.rated = rating != null;
        keys.release(s.call.callId());
        boolean satisfied = rating != null && rating >= s.survey.satisfiedFrom();
        String queue = s.call.queueId();
        ServerMeters.SURVEY_RESULTS.counter(meters, queue,
                rating == null ? "no_answer" : satisfied ? "satisfied" : "not_satisfied").increment();
        tally.ended(queue, rating, satisfied);
        LOG.info("call {}: survey of queue {} for agent {} {}", s.call.callId(), queue, s.call.agentId(),
                rating == null ? "not answered" : "rated");
        SurveyStore.Result result = new SurveyStore.Result(s.call.callId(), queue, s.call.agentId(),
                rating == null ? SurveyStore.Outcome.NO_ANSWER : SurveyStore.Outcome.RATED, Optional.ofNullable(rating),
                satisfied, s.startedAt, clock.instant());
        alerts.durably("call_survey", s.call.callId(), () -> store.record(result));
    }

    private void play(Session s, String prompt) {
        cancelTimer(s);
        s.playId = "s-" + (++plays);
        send(new PlayPrompts(s.call.callId(), s.playId, List.of(prompt)));
    }

    private void cancelTimer(Session s) {
        if (s.timer >= 0) {
            vertx.cancelTimer(s.timer);
            s.timer = -1;
        }
    }

    private void send(LinkCommand command) {
        gateway.send(command).onFailure(err -> LOG.warn("survey command {} not sent: {}",
                command.getClass().getSimpleName(), err.getMessage()));
    }
}
