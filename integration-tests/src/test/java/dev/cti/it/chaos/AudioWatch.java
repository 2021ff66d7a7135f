package dev.cti.it.chaos;

import dev.cti.it.stack.Audio;
import dev.cti.it.stack.Caller;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Audio continuity through a fault, by signal: when a fault begins, every call where the customer hears an agent's
 * tone (the agents' tones are distinct) is sampled; when the fault is over, both directions of that call are cut into
 * 1 s pieces from the fault's start on, and each piece must carry the other party's tone (Goertzel share above
 * {@link Audio#HEARS}). Holds and hang-ups are held off meanwhile ({@code quiet}), so a piece without the tone is a
 * gap in the media.
 */
final class AudioWatch {
    private static final int SECOND = Audio.SAMPLES_PER_SECOND;

    /** One sampled call: who, and where their recordings stood when the fault began. */
    private record Sample(CallerWorker line, Caller caller, AgentWorker agent, int callerFrom, int agentFrom) {}

    /** The result for one call through one fault. */
    record Result(String fault, String agentId, int seconds, double minCustomerHears, double minAgentHears,
                  int gaps) {
        JsonObject json() {
            return new JsonObject().put("fault", fault).put("agent", agentId).put("seconds", seconds)
                    .put("minShareCustomerHearsAgent", round(minCustomerHears))
                    .put("minShareAgentHearsCustomer", round(minAgentHears)).put("gapSeconds", gaps);
        }
    }

    private final List<AgentWorker> agents;
    private final List<CallerWorker> lines;
    private final double agentToneBase;
    private final double toneStep;
    private List<Sample> current = List.of();

    AudioWatch(List<AgentWorker> agents, List<CallerWorker> lines, double agentToneBase, double toneStep) {
        this.agents = agents;
        this.lines = lines;
        this.agentToneBase = agentToneBase;
        this.toneStep = toneStep;
    }

    /** At the fault's start: finds the calls in which the customer hears an agent now. */
    void begin() throws Exception {
        List<Sample> samples = new ArrayList<>();
        for (CallerWorker line : lines) {
            Caller c = line.inCall();
            if (c == null) {
                continue;
            }
            int at = c.recorded();
            if (at < SECOND) {
                continue;
            }
            short[] last = c.heard(at - SECOND, at);
            for (int i = 0; i < agents.size(); i++) {
                if (Audio.share(last, agentToneBase + i * toneStep) > Audio.HEARS) {
                    samples.add(new Sample(line, c, agents.get(i), at, agents.get(i).seat().recorded()));
                    break;
                }
            }
        }
        current = samples;
    }

    /** After the fault: checks every sampled call second by second; a call that ended meanwhile is left out. */
    List<Result> end(String fault) throws Exception {
        List<Result> results = new ArrayList<>();
        for (Sample s : current) {
            int callerTo = s.caller().recorded();
            int agentTo = s.agent().seat().recorded();
            int seconds = Math.min(callerTo - s.callerFrom(), agentTo - s.agentFrom()) / SECOND;
            if (s.line().inCall() != s.caller() || seconds < 1) {
                continue; // the call ended during the fault: a drop shows in the dropped count
            }
            double agentTone = agentToneBase + agents.indexOf(s.agent()) * toneStep;
            double minCustomer = 1;
            double minAgent = 1;
            int gaps = 0;
            for (int k = 0; k < seconds; k++) {
                double customer = Audio.share(s.caller().heard(s.callerFrom() + k * SECOND,
                        s.callerFrom() + (k + 1) * SECOND), agentTone);
                double agent = Audio.share(s.agent().seat().heard(s.agentFrom() + k * SECOND,
                        s.agentFrom() + (k + 1) * SECOND), s.line().toneHz());
                minCustomer = Math.min(minCustomer, customer);
                minAgent = Math.min(minAgent, agent);
                if (customer <= Audio.HEARS || agent <= Audio.HEARS) {
                    gaps++;
                }
            }
            results.add(new Result(fault, s.agent().agentId(), seconds, minCustomer, minAgent, gaps));
        }
        current = List.of();
        return results;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
