package dev.cti.server.qa;

import dev.cti.config.ComplianceConfig;
import dev.cti.config.CtiConfig;
import dev.cti.config.QaConfig;
import dev.cti.config.QaConfig.Rating;
import dev.cti.config.WrapUpCode;
import dev.cti.server.compliance.RingCount;
import dev.cti.server.store.AuditEntry;
import dev.cti.server.store.CallHistory;
import dev.cti.server.store.CallRecord;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Proposes ratings from what was recorded about a call (the CDR, the script steps and phrases the desktop showed or
 * the agent used, holds and their threshold crossings, wrap-ups, supervisors' monitor actions), each with its
 * evidence. An item whose rule finds nothing to go on gets no proposal; an item without a rule gets nothing at all.
 * The rules (conf/qa.yaml {@code prefill.rule}; docs/API.md "How ratings are proposed"):
 * <ul>
 *   <li>greeting: greeting step shown and answered within the ring target → excellent; late with the late-answer
 *       apology used → pass; late without it → weak (click-to-dial calls: the greeting step shown → excellent)</li>
 *   <li>step: one of the steps reached → excellent</li>
 *   <li>hold-music: the gateway plays music on every hold → excellent (also with no hold)</li>
 *   <li>hold-reason, hold-apology, long-hold-explained: the share of holds with the phrase in its window → all
 *       excellent, at least half pass, some weak, none poor; no such hold → excellent</li>
 *   <li>supervisor-help: a whisper → good (help sought), a barge → pass (help given), a take-over → weak</li>
 *   <li>appointment: the appointment step reached or a wrap-up of category callback → excellent</li>
 * </ul>
 */
public final class Prefill {
    /** A phrase said just after the hold began still counts as said before it (the desktop reports in flight). */
    static final Duration GRACE = Duration.ofSeconds(5);
    /** How long after a resume the after-hold phrase still counts. */
    static final Duration AFTER_HOLD = Duration.ofSeconds(60);

    private final CtiConfig config;

    public Prefill(CtiConfig config) {
        this.config = config;
    }

    /** A proposal for every item with a rule that found something; items absent from the map have none. */
    public Map<String, Proposal> propose(QaConfig.Form form, CallHistory history) {
        Map<String, Proposal> out = new LinkedHashMap<>();
        for (QaConfig.Item item : form.items()) {
            item.prefill().flatMap(p -> propose(p, history)).ifPresent(proposal -> out.put(item.id(), proposal));
        }
        return out;
    }

    Optional<Proposal> propose(QaConfig.Prefill p, CallHistory h) {
        return switch (p.rule()) {
            case GREETING -> greeting(p, h);
            case STEP -> step(p.steps(), h);
            case HOLD_MUSIC -> Optional.of(holdMusic(h));
            case HOLD_REASON -> Optional.of(holdReason(or(p.phrases(), "before-hold"), h));
            case HOLD_APOLOGY -> Optional.of(holdApology(or(p.phrases(), "after-hold-thanks", "after-hold-sorry"), h));
            case LONG_HOLD_EXPLAINED -> Optional.of(longHold(or(p.phrases(), "before-hold", "after-hold-sorry",
                    "wait-reassurance"), p.seconds(), h));
            case SUPERVISOR_HELP -> supervisorHelp(h);
            case APPOINTMENT -> appointment(or(p.steps(), "appointment"), h);
        };
    }

    private static List<String> or(List<String> given, String... defaults) {
        return given.isEmpty() ? List.of(defaults) : given;
    }

    // ---- greeting and steps -----------------------------------------------------------------------------------------

    private Optional<Proposal> greeting(QaConfig.Prefill p, CallHistory h) {
        List<String> steps = or(p.steps(), "greeting");
        Optional<CallHistory.ScriptEvent> shown = first(h, steps, "step");
        CallRecord call = h.call();
        JsonObject facts = new JsonObject().put("steps", new JsonArray(steps));
        shown.ifPresent(s -> facts.put("greetingShownAt", s.at().toString()).put("atSeconds", offset(h, s.at())));
        if (call.direction() == CallRecord.Direction.OUTBOUND) {
            return shown.map(s -> Proposal.of(Rating.EXCELLENT, "greeting-shown",
                    "首问语已显示(" + clock(h, s.at()) + ")", "The greeting was shown (" + clock(h, s.at()) + ")",
                    facts));
        }
        ComplianceConfig compliance = config.compliance();
        int rings = RingCount.of(call.ringTime(), compliance);
        int target = compliance.ringTargetRings();
        facts.put("rings", rings).put("ringTargetRings", target).put("ringSeconds", call.ringTime().toMillis() / 1000.0);
        if (shown.isEmpty()) {
            return Optional.of(Proposal.none("greeting-not-recorded", "第" + rings + "声接听(目标" + target
                    + "声内);没有首问语显示的记录", "Answered on ring " + rings + " (target " + target
                    + "); no record of the greeting being shown", facts));
        }
        if (rings <= target) {
            return Optional.of(Proposal.of(Rating.EXCELLENT, "greeting-on-time", "第" + rings + "声接听(目标" + target
                    + "声内),首问语已显示", "Answered on ring " + rings + " (target " + target
                    + "), the greeting was shown", facts));
        }
        Optional<CallHistory.ScriptEvent> sorry = first(h, or(p.phrases(), "late-answer"), "phrase");
        sorry.ifPresent(s -> facts.put("apologyAt", s.at().toString()));
        return Optional.of(sorry.isPresent()
                ? Proposal.of(Rating.PASS, "greeting-late-apologised", "第" + rings + "声才接听(目标" + target
                        + "声内),已使用致歉语,首问语已显示", "Answered late, on ring " + rings + " (target " + target
                        + "); the apology for the wait was used and the greeting shown", facts)
                : Proposal.of(Rating.WEAK, "greeting-late", "第" + rings + "声才接听(目标" + target
                        + "声内),未使用致歉语", "Answered late, on ring " + rings + " (target " + target
                        + "), without the apology for the wait", facts));
    }

    private Optional<Proposal> step(List<String> steps, CallHistory h) {
        Optional<CallHistory.ScriptEvent> reached = first(h, steps, "step");
        JsonObject facts = new JsonObject().put("steps", new JsonArray(steps));
        if (reached.isPresent()) {
            Instant at = reached.get().at();
            facts.put("step", reached.get().id().orElse("")).put("at", at.toString()).put("atSeconds", offset(h, at));
            return Optional.of(Proposal.of(Rating.EXCELLENT, "step-reached", "话术步骤“" + reached.get().id().orElse("")
                    + "”已到达(" + clock(h, at) + ")", "Script step '" + reached.get().id().orElse("")
                    + "' reached (" + clock(h, at) + ")", facts));
        }
        if (h.scripts().stream().anyMatch(e -> e.kind().equals("step"))) {
            return Optional.of(Proposal.none("step-not-reached", "话术已显示,但没有到达步骤 " + String.join("、", steps)
                    + " 的记录", "The script was shown but there is no record of step " + String.join(", ", steps)
                    + " being reached", facts));
        }
        return Optional.empty();
    }

    private Optional<Proposal> appointment(List<String> steps, CallHistory h) {
        Optional<CallHistory.ScriptEvent> reached = first(h, steps, "step");
        List<String> callbackCodes = config.wrapUpCodes().stream()
                .filter(c -> c.category() == WrapUpCode.Category.CALLBACK).map(WrapUpCode::code).toList();
        Optional<String> code = h.wrapUps().stream().map(w -> w.code()).filter(callbackCodes::contains).findFirst();
        if (reached.isEmpty() && code.isEmpty()) {
            return Optional.empty();
        }
        JsonObject facts = new JsonObject().put("steps", new JsonArray(steps));
        reached.ifPresent(r -> facts.put("stepAt", r.at().toString()).put("atSeconds", offset(h, r.at())));
        code.ifPresent(c -> facts.put("wrapUpCode", c));
        String zh = reached.map(r -> "预约步骤已到达(" + clock(h, r.at()) + ")").orElse("")
                + code.map(c -> (reached.isPresent() ? ";" : "") + "话后处理为回访类代码 " + c).orElse("");
        String en = reached.map(r -> "The appointment step was reached (" + clock(h, r.at()) + ")").orElse("")
                + code.map(c -> (reached.isPresent() ? "; " : "") + "wrapped up with the callback code " + c).orElse("");
        return Optional.of(Proposal.of(Rating.EXCELLENT, "appointment-booked", zh, en, facts));
    }

    private static Optional<CallHistory.ScriptEvent> first(CallHistory h, List<String> ids, String... kinds) {
        List<String> k = List.of(kinds);
        return h.scripts().stream().filter(e -> k.contains(e.kind()) && e.id().map(ids::contains).orElse(false))
                .findFirst();
    }

    // ---- holds ----------------------------------------------------------------------------------------------------

    private Proposal holdMusic(CallHistory h) {
        if (h.holds().isEmpty()) {
            return noHold("本次通话没有保持", "No hold on this call");
        }
        long seconds = 0;
        for (CallHistory.Hold hold : h.holds()) {
            seconds += held(h, hold).toSeconds();
        }
        return Proposal.of(Rating.EXCELLENT, "music-on-hold", "网关在每次保持时向客户播放等候音乐(共" + h.holds().size()
                + "次保持,合计" + seconds + "秒)", "The gateway plays music to the customer on every hold ("
                + h.holds().size() + " hold(s), " + seconds + " s in all)",
                new JsonObject().put("holds", h.holds().size()).put("heldSeconds", seconds));
    }

    private Proposal holdReason(List<String> phrases, CallHistory h) {
        if (h.holds().isEmpty()) {
            return noHold("本次通话没有保持", "No hold on this call");
        }
        JsonArray each = new JsonArray();
        int told = 0;
        Instant from = h.call().answeredAt().orElse(h.call().startedAt());
        for (CallHistory.Hold hold : h.holds()) {
            Optional<CallHistory.ScriptEvent> said = within(h, phrases, from, hold.startedAt().plus(GRACE));
            told += said.isPresent() ? 1 : 0;
            each.add(holdFacts(h, hold, said));
            from = hold.endedAt().orElse(hold.startedAt());
        }
        return coverage("hold-reason", told, h.holds().size(), each,
                "次保持前使用了等待前用语(说明原因)", "hold(s) had the before-hold phrase (the reason) first");
    }

    private Proposal holdApology(List<String> phrases, CallHistory h) {
        List<CallHistory.Hold> ended = h.holds().stream().filter(x -> x.endedAt().isPresent()).toList();
        if (ended.isEmpty()) {
            return noHold("本次通话没有结束的保持", "No hold on this call ended before the call");
        }
        JsonArray each = new JsonArray();
        int said = 0;
        for (int i = 0; i < ended.size(); i++) {
            CallHistory.Hold hold = ended.get(i);
            Instant end = hold.endedAt().orElseThrow();
            Instant until = end.plus(AFTER_HOLD);
            if (i + 1 < ended.size() && ended.get(i + 1).startedAt().isBefore(until)) {
                until = ended.get(i + 1).startedAt();
            }
            Optional<CallHistory.ScriptEvent> phrase = within(h, phrases, end.minus(GRACE), until);
            said += phrase.isPresent() ? 1 : 0;
            each.add(holdFacts(h, hold, phrase));
        }
        return coverage("hold-apology", said, ended.size(), each,
                "次保持结束后显示或使用了致歉/致谢用语", "hold(s) were followed by the after-hold phrase");
    }

    private Proposal longHold(List<String> phrases, int seconds, CallHistory h) {
        List<CallHistory.Hold> long_ = h.holds().stream().filter(x -> held(h, x).toSeconds() >= seconds).toList();
        if (long_.isEmpty()) {
            return noHold("没有超过" + seconds + "秒的保持", "No hold lasted " + seconds + " s");
        }
        JsonArray each = new JsonArray();
        int explained = 0;
        for (CallHistory.Hold hold : long_) {
            Instant end = hold.endedAt().orElse(h.call().endedAt().orElse(hold.startedAt()));
            Optional<CallHistory.ScriptEvent> phrase = within(h, phrases,
                    hold.startedAt().plusSeconds(seconds).minus(GRACE), end.plus(GRACE));
            explained += phrase.isPresent() ? 1 : 0;
            each.add(holdFacts(h, hold, phrase));
        }
        return coverage("long-hold-explained", explained, long_.size(), each,
                "次超过" + seconds + "秒的保持在" + seconds + "秒时显示或使用了说明/安抚用语",
                "hold(s) over " + seconds + " s had the explaining phrase shown or used past " + seconds + " s");
    }

    /** The share of holds with the phrase → a rating: all excellent, half or more pass, some weak, none poor. */
    private static Proposal coverage(String code, int yes, int of, JsonArray each, String zh, String en) {
        Rating r = yes == of ? Rating.EXCELLENT : yes * 2 >= of ? Rating.PASS : yes > 0 ? Rating.WEAK : Rating.POOR;
        return Proposal.of(r, code, of + "次中" + yes + zh, yes + " of " + of + " " + en,
                new JsonObject().put("count", yes).put("of", of).put("holds", each));
    }

    private static Proposal noHold(String zh, String en) {
        return Proposal.of(Rating.EXCELLENT, "no-hold", zh, en, new JsonObject().put("holds", 0));
    }

    private static JsonObject holdFacts(CallHistory h, CallHistory.Hold hold, Optional<CallHistory.ScriptEvent> e) {
        JsonObject o = new JsonObject().put("startedAt", hold.startedAt().toString())
                .put("atSeconds", offset(h, hold.startedAt())).put("seconds", held(h, hold).toSeconds());
        e.ifPresent(x -> o.put("phrase", x.id().orElse("")).put("phraseAt", x.at().toString()).put("how",
                x.kind().equals("phrase") ? "used" : "shown"));
        return o;
    }

    private static Optional<CallHistory.ScriptEvent> within(CallHistory h, List<String> phrases, Instant from,
                                                            Instant to) {
        return h.scripts().stream().filter(e -> e.kind().equals("phrase") || e.kind().equals("prompt"))
                .filter(e -> e.id().map(phrases::contains).orElse(false))
                .filter(e -> !e.at().isBefore(from) && !e.at().isAfter(to)).findFirst();
    }

    private static Duration held(CallHistory h, CallHistory.Hold hold) {
        Instant end = hold.endedAt().orElse(h.call().endedAt().orElse(hold.startedAt()));
        return Duration.between(hold.startedAt(), end);
    }

    // ---- supervisors ----------------------------------------------------------------------------------------------

    private Optional<Proposal> supervisorHelp(CallHistory h) {
        List<String> modes = new ArrayList<>();
        JsonArray actions = new JsonArray();
        for (AuditEntry a : h.audit()) {
            if (!(a.action().equals("monitor-start") || a.action().equals("monitor-switch"))) {
                continue;
            }
            String detail = a.detail().orElse("");
            if (!detail.startsWith("mode=")) {
                continue; // refused attempts ("denied: …") did nothing
            }
            String mode = detail.substring(5);
            modes.add(mode);
            actions.add(new JsonObject().put("supervisor", a.actor()).put("mode", mode).put("at", a.at().toString())
                    .put("atSeconds", offset(h, a.at())));
        }
        JsonObject facts = new JsonObject().put("monitors", actions);
        if (modes.contains("takeover")) {
            return Optional.of(Proposal.of(Rating.WEAK, "supervisor-took-over", "班长接管了通话", "A supervisor took the "
                    + "call over", facts));
        }
        if (modes.contains("barge")) {
            return Optional.of(Proposal.of(Rating.PASS, "supervisor-barged", "班长强插协助了通话(需提供援助)",
                    "A supervisor barged in to help (help was given)", facts));
        }
        if (modes.contains("whisper")) {
            return Optional.of(Proposal.of(Rating.GOOD, "supervisor-whispered", "班长耳语指导了座席(寻求了帮助)",
                    "A supervisor whispered to the agent (help was sought)", facts));
        }
        if (modes.contains("listen")) {
            return Optional.of(Proposal.none("supervisor-listened", "班长仅监听,未介入", "A supervisor only listened",
                    facts));
        }
        return Optional.empty();
    }

    // ---- time on the call -------------------------------------------------------------------------------------------

    /** Seconds from the answer (the start for an unanswered call): where the event sits in the recording. */
    static long offset(CallHistory h, Instant at) {
        return Duration.between(h.call().answeredAt().orElse(h.call().startedAt()), at).toSeconds();
    }

    private static String clock(CallHistory h, Instant at) {
        long s = offset(h, at);
        String sign = s < 0 ? "-" : "";
        s = Math.abs(s);
        return sign + (s / 60) + ":" + String.format("%02d", s % 60);
    }
}
