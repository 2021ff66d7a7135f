package dev.cti.server.security;

import dev.cti.config.CtiConfig;
import dev.cti.config.DialPlan;
import dev.cti.config.TrunkConfig;
import dev.cti.config.UserConfig;
import dev.cti.server.metrics.ServerMeters;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Optional;

/**
 * The server's half of the dial plan (issue 13): before a click-to-dial or a transfer to a number is commanded, the
 * user's role must be allowed to do it ({@code dialing.dialOutRoles} / {@code transferOutRoles}) and the number must
 * pass the outbound trunk's {@link DialPlan} (the gateway checks the plan again, and alone for a REFER). A refusal
 * is counted here ({@code cti_dials_refused_total{action,reason}}); the HTTP layer answers 403 and audits it.
 */
public final class DialPermission {

    /** What the user asked for. */
    public enum Action {
        DIAL, TRANSFER;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Why a dial was refused.
     *
     * @param status  the HTTP status: 403, or 400 for what is no number at all
     * @param error   the API error code ({@code dial_not_allowed}, {@code number_not_allowed}, {@code bad_number})
     * @param reason  the metric label and audit word ({@code role_not_allowed}, {@code denied}, ...)
     * @param message what the user is told
     */
    public record Refusal(int status, String error, String reason, String message) {}

    private final CtiConfig config;
    private final MeterRegistry meters;

    public DialPermission(CtiConfig config, MeterRegistry meters) {
        this.config = config;
        this.meters = meters;
        for (Action a : Action.values()) {
            for (String reason : new String[] {"role_not_allowed", "denied", "not_allowed", "no_trunk", "bad_number"}) {
                counter(a.label(), reason); // visible at 0 before the first refusal
            }
        }
    }

    /** Empty when {@code role} may {@code action} to {@code number}; else why not (already counted). */
    public Optional<Refusal> check(UserConfig.Role role, Action action, String number) {
        Optional<Refusal> refusal = decide(role, action, number);
        refusal.ifPresent(r -> counted(action.label(), r.reason()));
        return refusal;
    }

    private Optional<Refusal> decide(UserConfig.Role role, Action action, String number) {
        boolean permitted = action == Action.DIAL ? config.dialing().mayDialOut(role)
                : config.dialing().mayTransferOut(role);
        String what = action == Action.DIAL ? "dial" : "transfer calls to";
        if (!permitted) {
            return Optional.of(new Refusal(403, "dial_not_allowed", "role_not_allowed",
                    "the role " + role.name().toLowerCase(Locale.ROOT) + " may not " + what
                            + " outside numbers (dialing in the configuration)"));
        }
        Optional<TrunkConfig> trunk = config.outboundTrunk();
        if (trunk.isEmpty()) {
            return Optional.of(new Refusal(403, "number_not_allowed", "no_trunk", "no trunk is configured to dial out"));
        }
        return switch (trunk.get().dialPlan().check(number)) {
            case ALLOWED -> Optional.empty();
            case BAD_NUMBER -> Optional.of(new Refusal(400, "bad_number", "bad_number",
                    "not a number: digits with an optional leading '+', at most " + DialPlan.MAX_DIGITS));
            case DENIED -> Optional.of(new Refusal(403, "number_not_allowed", "denied", "the dial plan of trunk "
                    + trunk.get().id() + " refuses this number: international and premium-rate numbers may not be "
                    + "dialled"));
            case NOT_ALLOWED -> Optional.of(new Refusal(403, "number_not_allowed", "not_allowed", "the dial plan of "
                    + "trunk " + trunk.get().id() + " allows no such number"));
        };
    }

    /** Counts a refusal reported by the gateway (a REFER, or a command the gateway refused). */
    public void counted(String action, String reason) {
        counter(action, reason).increment();
    }

    private io.micrometer.core.instrument.Counter counter(String action, String reason) {
        return ServerMeters.DIALS_REFUSED.counter(meters, action, reason);
    }
}
