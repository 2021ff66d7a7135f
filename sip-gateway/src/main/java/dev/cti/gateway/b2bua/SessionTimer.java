package dev.cti.gateway.b2bua;

import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.ScheduledFuture;
import javax.sip.header.Header;
import javax.sip.message.Message;

/**
 * RFC 4028 session timer of one leg: the negotiated interval and who refreshes. When we refresh, a re-INVITE goes
 * out at half the interval; when the peer refreshes, a refresh (re-INVITE or UPDATE) must arrive before the
 * interval minus min(32 s, interval / 3), else the session is dead and the call is cleared (SESSION_TIMER). This is
 * what clears a call whose far end vanished without a BYE even when RTP keeps flowing from the surviving side.
 */
final class SessionTimer {
    enum Refresher { US, PEER }

    final int intervalSeconds;
    final Refresher refresher;
    ScheduledFuture<?> task;
    /** We sent a refresh re-INVITE and wait for its answer. */
    boolean refreshPending;

    SessionTimer(int intervalSeconds, Refresher refresher) {
        this.intervalSeconds = intervalSeconds;
        this.refresher = refresher;
    }

    /** Seconds until we refresh (US) or give up waiting for the peer's refresh (PEER). */
    long delaySeconds() {
        return refresher == Refresher.US ? Math.max(1, intervalSeconds / 2)
                : Math.max(1, intervalSeconds - Math.min(32, intervalSeconds / 3));
    }

    void cancel() {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }

    /** The delta-seconds of a Session-Expires header, if present and numeric. */
    static OptionalInt interval(Message m) {
        String v = value(m, "Session-Expires");
        if (v == null) {
            v = value(m, "x");
        }
        if (v == null) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(v.split(";", 2)[0].trim()));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** The refresher parameter ("uac"/"uas") of Session-Expires, or null. */
    static String refresherParam(Message m) {
        String v = value(m, "Session-Expires");
        if (v == null) {
            return null;
        }
        for (String p : v.split(";")) {
            String t = p.trim().toLowerCase(Locale.ROOT);
            if (t.startsWith("refresher=")) {
                return t.substring("refresher=".length()).trim();
            }
        }
        return null;
    }

    static boolean supportsTimer(Message m) {
        var it = m.getHeaders("Supported");
        while (it.hasNext()) {
            String v = value((Header) it.next());
            if (v != null && v.toLowerCase(Locale.ROOT).matches("(.*[ ,])?timer([ ,].*)?")) {
                return true;
            }
        }
        return false;
    }

    private static String value(Message m, String name) {
        Header h = m.getHeader(name);
        return h == null ? null : value(h);
    }

    private static String value(Header h) {
        String s = h.toString();
        int colon = s.indexOf(':');
        return colon < 0 ? null : s.substring(colon + 1).trim();
    }
}
