package dev.cti.gateway.b2bua;

import static dev.cti.gateway.GatewayMeters.B2BUA_CALLS_ENDED;
import static dev.cti.gateway.GatewayMeters.B2BUA_CALLS_LIVE;
import static dev.cti.gateway.GatewayMeters.B2BUA_CALLS_REFUSED;
import static dev.cti.gateway.GatewayMeters.B2BUA_CALL_ERRORS;
import static dev.cti.gateway.GatewayMeters.B2BUA_COMMANDS_REJECTED;
import static dev.cti.gateway.GatewayMeters.B2BUA_DIALS_REFUSED;
import static dev.cti.gateway.GatewayMeters.B2BUA_INFO_DTMF_IGNORED;
import static dev.cti.gateway.GatewayMeters.B2BUA_IN_DIALOG_REFUSED;
import static dev.cti.gateway.GatewayMeters.B2BUA_MONITORS_ACTIVE;
import static dev.cti.gateway.GatewayMeters.B2BUA_MONITORS_ENDED;
import static dev.cti.gateway.GatewayMeters.B2BUA_MONITORS_STARTED;
import static dev.cti.gateway.GatewayMeters.B2BUA_TRUNK_AUTH_FAILURES;
import static dev.cti.gateway.GatewayMeters.B2BUA_UNEXPECTED_EVENTS;

import dev.cti.gateway.GatewayMeters;
import dev.cti.link.message.ClearCause;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The B2BUA's meters, registered in one place: calls by end cause, refused INVITEs by reason, unexpected state
 * machine events, live calls. Labels are bounded enums, never per-call values. Names, descriptions and tag keys
 * are {@link GatewayMeters}'.
 */
public final class B2buaMetrics {
    private final MeterRegistry registry;

    private final AtomicInteger monitorsActive = new AtomicInteger();

    public B2buaMetrics(MeterRegistry registry, Supplier<Number> liveCalls) {
        this.registry = registry;
        B2BUA_CALLS_LIVE.gauge(liveCalls).register(registry);
        B2BUA_MONITORS_ACTIVE.gauge(monitorsActive, AtomicInteger::get).register(registry);
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
        return count(B2BUA_TRUNK_AUTH_FAILURES);
    }

    private Counter trunkAuthCounter(String reason) {
        return B2BUA_TRUNK_AUTH_FAILURES.counter(registry, reason);
    }

    /** StartMonitor accepted for a call (the supervisor's phone is being called), by requested mode. */
    public void monitorRequested(String mode) {
        B2BUA_MONITORS_STARTED.counter(registry, mode).increment();
    }

    /** A monitor session ended (MonitorEnded), by reason. */
    public void monitorEnded(String reason) {
        B2BUA_MONITORS_ENDED.counter(registry, reason).increment();
    }

    /** A session entered (+1) or left (-1) the mixing state. */
    public void monitorActive(int delta) {
        monitorsActive.addAndGet(delta);
    }

    public int monitorsActive() {
        return monitorsActive.get();
    }

    public void callEnded(ClearCause cause) {
        B2BUA_CALLS_ENDED.counter(registry, cause.name()).increment();
    }

    public void callRefused(String reason) {
        B2BUA_CALLS_REFUSED.counter(registry, reason).increment();
    }

    public void unexpected(String machine, Enum<?> state, Enum<?> trigger) {
        B2BUA_UNEXPECTED_EVENTS.counter(registry, machine, state.name(), trigger.name()).increment();
    }

    public double unexpectedCount() {
        return count(B2BUA_UNEXPECTED_EVENTS);
    }

    /** A call handler threw (a bug): the call was ended as FAILED. */
    public void callError() {
        B2BUA_CALL_ERRORS.counter(registry, "exception").increment();
    }

    /** A dial out refused before anything reached the trunk, by source (refer, transfer, originate) and reason. */
    public void dialRefused(String source, String reason) {
        B2BUA_DIALS_REFUSED.counter(registry, source, reason).increment();
    }

    /** All refused dials so far. */
    public double dialsRefusedCount() {
        return count(B2BUA_DIALS_REFUSED);
    }

    /** An in-dialog request refused with 481 (or an ACK dropped): {@code wrong_tag} or {@code foreign_source}. */
    public void inDialogRefused(String method, String reason) {
        B2BUA_IN_DIALOG_REFUSED.counter(registry, method, reason).increment();
    }

    /** All in-dialog refusals so far. */
    public double inDialogRefusedCount() {
        return count(B2BUA_IN_DIALOG_REFUSED);
    }

    /**
     * An in-dialog INFO that carried no key: {@code unsupported_type} (answered 415) or {@code malformed} (a dtmf
     * body without a key 0-9 * # A-D, answered 200).
     */
    public void infoDtmfIgnored(String reason) {
        B2BUA_INFO_DTMF_IGNORED.counter(registry, reason).increment();
    }

    /** All INFO requests that carried no key so far. */
    public double infoDtmfIgnoredCount() {
        return count(B2BUA_INFO_DTMF_IGNORED);
    }

    public void commandRejected(String command) {
        B2BUA_COMMANDS_REJECTED.counter(registry, command).increment();
    }

    private double count(GatewayMeters meter) {
        return registry.find(meter.getName()).counters().stream().mapToDouble(Counter::count).sum();
    }
}
