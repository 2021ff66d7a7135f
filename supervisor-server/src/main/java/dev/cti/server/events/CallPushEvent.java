package dev.cti.server.events;

import dev.cti.link.message.RecordingDiskStatus;
import dev.cti.server.script.RenderedScript;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The push stream ({@link ServerEvents#calls()}): one record per push type of {@code /api/events} (docs/API.md). The
 * records say who may see them ({@link #agentId()}, {@link #audience()}, {@link #hiddenFromAgents()}); their JSON is
 * made at the edge ({@code http.PushJson}). Nested views that REST serves too travel as immutable records
 * ({@link MonitorView}, {@link QueueFigures}, {@link QaQueueFigures}), shaped by one JSON mapper each for both.
 */
public sealed interface CallPushEvent {
    /** Who, besides the agent's own scope, may see a push. */
    enum Audience {
        /** Whoever may see the agent it concerns (supervisors and admins when it concerns no agent). */
        ALL,
        /** Agents only ({@code "audience": "agents"}). */
        AGENTS,
        /** Supervisors, QA and admins only ({@code "audience": "supervisors"}). */
        SUPERVISORS
    }

    /** The call center's sequence number of a push and its time ({@code seq}, {@code at}). */
    record Stamp(long seq, Instant at) {
        public Stamp {
            Objects.requireNonNull(at, "at");
        }
    }

    /** The push's {@code type}. */
    String type();

    /** The agent the push concerns, if any: it goes to whoever may see that agent. */
    default Optional<String> agentId() {
        return Optional.empty();
    }

    default Audience audience() {
        return Audience.ALL;
    }

    /** A silent monitor's push ({@code "notifyAgent": false}): never to agents. */
    default boolean hiddenFromAgents() {
        return false;
    }

    /**
     * A call changed ({@code type: call}): the call as it is now (inbound or click-to-dial, numbers masked).
     *
     * @param cause   the clear cause of a cleared inbound call
     * @param outcome the outcome of a cleared call
     */
    record CallChanged(Stamp stamp, String event, CallSummary call, Optional<String> cause,
                       Optional<String> outcome) implements CallPushEvent {
        public String type() {
            return "call";
        }

        @Override
        public Optional<String> agentId() {
            return call.agentId();
        }
    }

    /** The queue's script rendered for the agent who is offered the call ({@code type: script}). */
    record Script(Stamp stamp, String agent, String callId, RenderedScript script) implements CallPushEvent {
        public String type() {
            return "script";
        }

        @Override
        public Optional<String> agentId() {
            return Optional.of(agent);
        }
    }

    /** The agent's phone registered or went away ({@code type: phone}). */
    record Phone(Stamp stamp, String agent, boolean registered) implements CallPushEvent {
        public String type() {
            return "phone";
        }

        @Override
        public Optional<String> agentId() {
            return Optional.of(agent);
        }
    }

    /** A click-to-dial of the agent changed before the gateway named the call ({@code type: dial}). */
    record Dial(Stamp stamp, String agent) implements CallPushEvent {
        public String type() {
            return "dial";
        }

        @Override
        public Optional<String> agentId() {
            return Optional.of(agent);
        }
    }

    /** A held call crossed a compliance threshold ({@code type: hold-threshold}). */
    record HoldThreshold(Stamp stamp, String callId, String agent, int thresholdSeconds, int level, Instant heldSince)
            implements CallPushEvent {
        public String type() {
            return "hold-threshold";
        }

        @Override
        public Optional<String> agentId() {
            return Optional.ofNullable(agent);
        }
    }

    /** Live queue figures, every second ({@code type: queues}); {@code queues} is the same view as REST's. */
    record Queues(Stamp stamp, List<QueueFigures> queues, OptionalDouble occupancy) implements CallPushEvent {
        public Queues {
            queues = List.copyOf(queues);
        }

        public String type() {
            return "queues";
        }
    }

    /**
     * The gateway refused a command ({@code type: command-rejected}).
     *
     * @param callId    the call it was about (null when none)
     * @param monitorId the monitor session, for a refused monitor command
     */
    record Rejected(Stamp stamp, String callId, String command, String reason, Optional<String> agent,
                    Optional<String> monitorId, Audience audience) implements CallPushEvent {
        public String type() {
            return "command-rejected";
        }

        @Override
        public Optional<String> agentId() {
            return agent;
        }
    }

    /**
     * A monitor session changed ({@code type: monitor}); {@code monitor} is the session's view.
     *
     * @param notifyAgent whether the monitored agent may see it (monitoring.notifyAgent)
     */
    record Monitor(Stamp stamp, String agent, MonitorView monitor, boolean notifyAgent, Audience audience)
            implements CallPushEvent {
        public String type() {
            return "monitor";
        }

        @Override
        public Optional<String> agentId() {
            return Optional.ofNullable(agent);
        }

        @Override
        public boolean hiddenFromAgents() {
            return !notifyAgent;
        }
    }

    /** A registrar lockout ({@code type: sip-lockout}), to supervisors. */
    record SipLockout(Stamp stamp, String extension, int failures, Instant lockedUntil, Optional<String> agent,
                      Optional<String> source) implements CallPushEvent {
        public String type() {
            return "sip-lockout";
        }

        @Override
        public Optional<String> agentId() {
            return agent;
        }

        @Override
        public Audience audience() {
            return Audience.SUPERVISORS;
        }
    }

    /** An evaluation was submitted, acknowledged or disputed ({@code type: evaluation}). */
    record Evaluation(String agent, long id, String callId, String status, double score, boolean passed,
                      Optional<String> grade) implements CallPushEvent {
        public String type() {
            return "evaluation";
        }

        @Override
        public Optional<String> agentId() {
            return Optional.ofNullable(agent);
        }
    }

    /** Today's QA figures per queue ({@code type: qa}); {@code queues} is the same view as REST's. */
    record QaFigures(List<QaQueueFigures> queues) implements CallPushEvent {
        public QaFigures {
            queues = List.copyOf(queues);
        }

        public String type() {
            return "qa";
        }
    }

    /** The gateway's recording disk against its floor ({@code type: recording-disk}), to supervisors. */
    record RecordingDisk(Instant at, RecordingDiskStatus status) implements CallPushEvent {
        public String type() {
            return "recording-disk";
        }

        @Override
        public Audience audience() {
            return Audience.SUPERVISORS;
        }
    }

    /** A record could not be stored ({@code type: store-alert}), to supervisors; {@code lost} since the start. */
    record StoreAlert(long lost, String kind, String subject, Instant at) implements CallPushEvent {
        public String type() {
            return "store-alert";
        }

        @Override
        public Audience audience() {
            return Audience.SUPERVISORS;
        }
    }

    /**
     * A call's recording state ({@code type: recording}): {@code recording}, {@code paused} or {@code not_recorded}.
     *
     * @param by           who paused or resumed it
     * @param offsetMillis where in the recording it was paused or resumed
     * @param reason       why a call is not recorded
     */
    record Recording(Instant at, String callId, String state, Optional<String> agent, Optional<String> recordingId,
                     Optional<String> by, Optional<Long> offsetMillis, Optional<String> reason)
            implements CallPushEvent {
        public String type() {
            return "recording";
        }

        @Override
        public Optional<String> agentId() {
            return agent;
        }
    }

    /**
     * A scheduled callback is being dialled for the agent ({@code type: callback}): the agent's phone rings, then the
     * customer's. With the standard's callback phrase and the customer's details (the number masked).
     *
     * @param customer the directory's surname and title of the number, if known
     * @param phrase   the callback phrase of the queue's script, rendered for the agent (empty without a script)
     */
    record CallbackOffer(Instant at, String agent, long callbackId, String requestId, String number,
                         Optional<String> customer, String phrase, Instant dueAt, Optional<String> queueId,
                         int attempt) implements CallPushEvent {
        public String type() {
            return "callback";
        }

        @Override
        public Optional<String> agentId() {
            return Optional.of(agent);
        }
    }

    /**
     * The follow-ups supervisors watch ({@code type: follow-ups}), after any change and periodically: the overdue
     * callbacks and the open complaint follow-ups (each with its close-by time and whether it is overdue).
     */
    record FollowUps(Instant at, List<dev.cti.server.followup.FollowUpViews.CallbackView> overdueCallbacks,
                     List<dev.cti.server.followup.FollowUpViews.ComplaintView> complaints) implements CallPushEvent {
        public FollowUps {
            overdueCallbacks = List.copyOf(overdueCallbacks);
            complaints = List.copyOf(complaints);
        }

        public String type() {
            return "follow-ups";
        }

        @Override
        public Audience audience() {
            return Audience.SUPERVISORS;
        }
    }

    /**
     * An agent's raised hand ({@code type: help}, issue 18): {@code state} raised or lowered, with why it was lowered
     * ({@code joined}, {@code cancelled}, {@code call-ended}). Goes to the agent and to the supervisors who may see
     * the agent's help (VIEW_HELP: its team's) and admins.
     */
    record Help(Instant at, HelpHand hand, String state, Optional<String> reason)
            implements CallPushEvent {
        public String type() {
            return "help";
        }

        @Override
        public Optional<String> agentId() {
            return Optional.of(hand.agentId());
        }
    }
}
