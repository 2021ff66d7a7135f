package dev.cti.server.http;

import dev.cti.config.AgentConfig;
import dev.cti.config.OutboundConfig;
import dev.cti.config.WrapUpCode;
import dev.cti.server.agent.AgentEvent;
import dev.cti.server.agent.AgentSnapshot;
import dev.cti.server.agent.AgentState;
import dev.cti.server.agent.TransitionResult;
import dev.cti.server.auth.Principal;
import dev.cti.server.campaign.CampaignException;
import dev.cti.server.campaign.CampaignService;
import dev.cti.server.followup.FollowUps;
import dev.cti.server.store.CampaignRecord;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Optional;

/**
 * One pick ends the preview call (issue 18; docs/API.md, "Campaigns"): the campaign's outcome is a wrap-up code, so
 * {@code POST /api/agents/{id}/preview/outcome} stores the record's outcome and, when the agent is in the wrap-up of
 * the record's call, books the wrap-up with that code (notes too); for {@value CampaignService#CALLBACK_BOOKED} the
 * scheduled callback is booked at {@code callbackAt} on {@code callbackNumber} (default: the record's number), checked
 * as a wrap-up's (horizon, digits, the dial plan). The answer says what became of the wrap-up: {@code ACCEPTED},
 * {@code REJECTED} with the reason (the code is not offered for the call's queue: the agent wraps up by hand), or
 * {@code NONE} (no wrap-up to end: the call did not connect, or it is still on).
 */
final class PreviewOutcome {
    /** What the outcome request asks besides the outcome: the callback's time and number, the notes. */
    record Asked(String outcome, Optional<Instant> callbackAt, Optional<String> callbackNumber,
                 Optional<String> notes) {}

    private final ApiDependencies deps;
    private final CampaignService service;
    private final FollowUpRequests followUpRequests;

    PreviewOutcome(ApiDependencies deps, CampaignService service) {
        this.deps = deps;
        this.service = service;
        this.followUpRequests = new FollowUpRequests(deps.config(), deps.clock(),
                new dev.cti.server.security.DialPermission(deps.config(), deps.meters()));
    }

    /** Stores the outcome, then ends the wrap-up with it; the answer's body. */
    Future<JsonObject> end(Principal p, OutboundConfig.Campaign c, AgentConfig agent, long recordId, Asked asked) {
        service.checkOutcome(c, asked.outcome(), asked.callbackAt());
        return service.held(c, agent, recordId).compose(r -> {
            Optional<FollowUps.Booking> booking = booking(asked, r);
            return service.outcome(c, agent, recordId, asked.outcome(), asked.callbackAt())
                    .compose(done -> wrapUp(p, agent, r.dialled().isPresent(), asked, booking)
                            .map(w -> new JsonObject().put("record", CampaignJson.record(done)).put("wrapUp", w)));
        });
    }

    private Optional<FollowUps.Booking> booking(Asked asked, CampaignRecord r) {
        boolean callback = config().wrapUpCodes().stream().anyMatch(w -> w.code().equals(asked.outcome())
                && w.category() == WrapUpCode.Category.CALLBACK);
        if (asked.callbackAt().isEmpty() || !callback) {
            if (asked.callbackNumber().isPresent()) {
                throw new CampaignException(400, "bad_parameter", "'callbackNumber' goes only with "
                        + CampaignService.CALLBACK_BOOKED);
            }
            return Optional.empty();
        }
        try {
            return followUpRequests.read(new JsonObject().put("callbackAt", asked.callbackAt().get().toString())
                    .put("callbackNumber", asked.callbackNumber().orElse(r.number())), asked.outcome()).booking();
        } catch (FollowUpRequests.Bad bad) {
            throw new CampaignException(400, bad.code, bad.getMessage());
        }
    }

    private Future<JsonObject> wrapUp(Principal p, AgentConfig agent, boolean dialled, Asked asked,
                                      Optional<FollowUps.Booking> booking) {
        Optional<AgentSnapshot> before = deps.agents().snapshot(agent.id());
        if (!dialled || before.map(s -> s.state() != AgentState.WRAP_UP).orElse(true)) {
            return Future.succeededFuture(new JsonObject().put("status", "NONE"));
        }
        AgentEvent event = AgentEvent.wrapUp(AgentRoutes.causeFor(p, agent.id()), asked.outcome(), asked.notes());
        return deps.agents().fire(agent.id(), event).compose(t -> {
            if (t instanceof TransitionResult.Rejected rej) {
                return Future.succeededFuture(new JsonObject().put("status", "REJECTED").put("code", asked.outcome())
                        .put("reason", rej.message()));
            }
            JsonObject accepted = new JsonObject().put("status", "ACCEPTED").put("code", asked.outcome());
            booking.ifPresent(b -> accepted.put("callbackAt", b.at().toString()));
            return deps.followUps().filter(f -> before.get().callId().isPresent())
                    .map(f -> f.afterWrapUp(agent.id(), before.get().callId().get(), before.get().queueId(),
                            asked.outcome(), booking, Optional.empty()))
                    .orElse(Future.succeededFuture()).map(v -> accepted);
        });
    }

    private dev.cti.config.CtiConfig config() {
        return deps.config();
    }
}
