package dev.cti.gateway.b2bua;

import dev.cti.link.message.ClearCause;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The B2BUA's meters, registered in one place: calls by end cause, refused INVITEs by reason, unexpected state
 * machine events, live calls. Labels are bounded enums, never per-call values.
 */
public final class B2buaMetrics {
    /** {@code b2bua_trunk_auth_failures_total{reason}}. */
    static final String TRUNK_AUTH_FAILURES = "b2bua_trunk_auth_failures";

    private final MeterRegistry registry;

    private final AtomicInteger monitorsActive = new AtomicInteger();

    public B2buaMetrics(MeterRegistry registry, Supplier<Number> liveCalls) {
        this.registry = registry;
        Gauge.builder("b2bua_calls_live", liveCalls).description("Calls the B2BUA holds now").register(registry);
        Gauge.builder("b2bua_monitors_active", monitorsActive, AtomicInteger::get)
                .description("Supervisor monitor sessions whose mixer runs now (listen, whisper, barge)")
                .register(registry);
        for (String reason : TrunkChallenges.REASONS) {
            trunkAuthCounter(reason); // visible at 0 before the first failure
        }
    }

    /**
     * A trunk's digest challenge to our request was not answered: {@code rejected} (it challenged our credentials
     * again: wrong username or password), {@code no_credentials} (the trunk has none configured),
     * {@code unsupported_challenge} (no Digest MD5/SHA-256 challenge we can answer).
     */
    public void trunkAuthFailed(String reason) {
        trunkAuthCounter(reason).increment();
    }

    /** All trunk authentication failures so far, for tests and the admin page. */
    public double trunkAuthFailures() {
        return registry.find(TRUNK_AUTH_FAILURES).counters().stream().mapToDouble(Counter::count).sum();
    }

    private Counter trunkAuthCounter(String reason) {
        return counter(TRUNK_AUTH_FAILURES, "Digest challenges from a trunk to the gateway's own requests that failed"
                + " the request, by reason", "reason", reason);
    }

    /** StartMonitor accepted for a call (the supervisor's phone is being called), by requested mode. */
    public void monitorRequested(String mode) {
        counter("b2bua_monitors_started", "Monitor sessions started (StartMonitor accepted), by mode", "mode", mode)
                .increment();
    }

    /** A monitor session ended (MonitorEnded), by reason. */
    public void monitorEnded(String reason) {
        counter("b2bua_monitors_ended", "Monitor sessions ended, by reason", "reason", reason).increment();
    }

    /** A session entered (+1) or left (-1) the mixing state. */
    public void monitorActive(int delta) {
        monitorsActive.addAndGet(delta);
    }

    public int monitorsActive() {
        return monitorsActive.get();
    }

    public void callEnded(ClearCause cause) {
        counter("b2bua_calls_ended", "Calls ended, by cause", "cause", cause.name()).increment();
    }

    public void callRefused(String reason) {
        counter("b2bua_calls_refused", "Inbound INVITEs refused, by reason", "reason", reason).increment();
    }

    public void unexpected(String machine, Enum<?> state, Enum<?> trigger) {
        registry.counter("b2bua_unexpected_events", "machine", machine, "state", state.name(),
                "trigger", trigger.name()).increment();
    }

    public double unexpectedCount() {
        return registry.find("b2bua_unexpected_events").counters().stream().mapToDouble(Counter::count).sum();
    }

    /** A call handler threw (a bug): the call was ended as FAILED. */
    public void callError() {
        counter("b2bua_call_errors", "Call handlers that failed with an exception (the call was ended)", "kind",
                "exception").increment();
    }

    /** A dial out refused before anything reached the trunk, by source (refer, transfer, originate) and reason. */
    public void dialRefused(String source, String reason) {
        Counter.builder("b2bua_dials_refused").description("Numbers refused by the dial plan or the dialling "
                + "permissions before anything was sent to the trunk, by source and reason").tag("source", source)
                .tag("reason", reason).register(registry).increment();
    }

    /** All refused dials so far. */
    public double dialsRefusedCount() {
        return registry.find("b2bua_dials_refused").counters().stream().mapToDouble(Counter::count).sum();
    }

    /** An in-dialog request refused with 481 (or an ACK dropped): {@code wrong_tag} or {@code foreign_source}. */
    public void inDialogRefused(String method, String reason) {
        Counter.builder("b2bua_in_dialog_refused").description("In-dialog requests refused (481) because their tags "
                + "or their source are not the dialog's peer's, by method and reason").tag("method", method)
                .tag("reason", reason).register(registry).increment();
    }

    /** All in-dialog refusals so far. */
    public double inDialogRefusedCount() {
        return registry.find("b2bua_in_dialog_refused").counters().stream().mapToDouble(Counter::count).sum();
    }

    /**
     * An in-dialog INFO that carried no key: {@code unsupported_type} (answered 415) or {@code malformed} (a dtmf
     * body without a key 0-9 * # A-D, answered 200).
     */
    public void infoDtmfIgnored(String reason) {
        counter("b2bua_info_dtmf_ignored", "In-dialog INFO requests that carried no key, by reason", "reason", reason)
                .increment();
    }

    /** All INFO requests that carried no key so far. */
    public double infoDtmfIgnoredCount() {
        return registry.find("b2bua_info_dtmf_ignored").counters().stream().mapToDouble(Counter::count).sum();
    }

    public void commandRejected(String command) {
        counter("b2bua_commands_rejected", "Link commands the gateway refused", "command", command).increment();
    }

    private Counter counter(String name, String help, String tag, String value) {
        return Counter.builder(name).description(help).tag(tag, value).register(registry);
    }
}
