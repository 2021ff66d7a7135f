package dev.cti.gateway.sip.guard;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admission control for INVITE dialogs ({@code NetworkConfig.Sip.maxCalls}). The B2BUA calls
 * {@link #tryAdmit()} for each new dialog-creating INVITE, answers {@code 503} with {@link #retryAfterSeconds()}
 * when it returns null, and closes the returned {@link Permit} exactly once when the call ends (idempotent).
 */
public final class CallAdmission {
    private final int maxCalls;
    private final int retryAfterSeconds;
    private final AtomicInteger active = new AtomicInteger();

    public CallAdmission(int maxCalls, int retryAfterSeconds) {
        if (maxCalls < 0) {
            throw new IllegalArgumentException("maxCalls must be >= 0, got " + maxCalls);
        }
        this.maxCalls = maxCalls;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** A slot held by one call; closing it frees the slot once. */
    public final class Permit implements AutoCloseable {
        private final AtomicBoolean open = new AtomicBoolean(true);

        private Permit() {}

        @Override
        public void close() {
            if (open.compareAndSet(true, false)) {
                active.decrementAndGet();
            }
        }
    }

    /** A permit, or null when {@code maxCalls} calls are already admitted. */
    public Permit tryAdmit() {
        while (true) {
            int now = active.get();
            if (now >= maxCalls) {
                return null;
            }
            if (active.compareAndSet(now, now + 1)) {
                return new Permit();
            }
        }
    }

    public int active() {
        return active.get();
    }

    public int maxCalls() {
        return maxCalls;
    }

    /** Value of the Retry-After header on the 503. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The 503 + Retry-After answer for an INVITE refused here; hand it to {@code SipDispatcher.reject}. */
    public dev.cti.gateway.sip.SipDispatcher.Rejection rejection(javax.sip.header.HeaderFactory headers) {
        return new dev.cti.gateway.sip.SipDispatcher.Rejection(javax.sip.message.Response.SERVICE_UNAVAILABLE,
                dev.cti.gateway.sip.RejectReason.CALL_LIMIT, r -> {
                    try {
                        r.addHeader(headers.createRetryAfterHeader(retryAfterSeconds));
                    } catch (javax.sip.InvalidArgumentException e) {
                        throw new IllegalStateException(e);
                    }
                });
    }
}
