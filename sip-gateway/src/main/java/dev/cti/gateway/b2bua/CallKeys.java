package dev.cti.gateway.b2bua;

import dev.cti.gateway.sip.SipEvent;
import dev.cti.link.message.DtmfReceived;
import dev.cti.link.message.Leg;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Locale;
import javax.sip.header.ContentTypeHeader;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys pressed on one call's caller or agent leg, from either source, reported to the server as one
 * {@link DtmfReceived} per key press: RFC 4733 telephone-events (from the media engine) and SIP INFO in the dialog
 * ({@code application/dtmf-relay} "Signal=5", or {@code application/dtmf} "5"). A phone configured to send both
 * reports each press twice; a report from one source that matches an unmatched report of the same digit on the same
 * leg from the other source less than {@link #PAIR_MILLIS} earlier is that same press and is dropped (each report
 * pairs at most once, so "5 5" keyed quickly still makes two). An INFO with no body is answered 200 (keep-alive); an
 * INFO of another content type 415 with {@code Accept} (RFC 6086 4.2.2; a transaction failure only, the call goes
 * on); a dtmf body that is malformed or names no digit 0-9 * # A-D (e.g. hook flash, Signal=16) 200, counted in
 * {@code b2bua_info_dtmf_ignored_total{reason}}. Digits are never logged (a caller may be keying a card number).
 * Runs on the call's executor.
 */
final class CallKeys {
    private static final Logger LOG = LoggerFactory.getLogger(CallKeys.class);
    /** How far apart the two reports of one key press from a phone that sends both may arrive. */
    static final long PAIR_MILLIS = 1000;
    static final String DTMF_RELAY = "application/dtmf-relay";
    static final String DTMF = "application/dtmf";

    private enum Source { RTP, INFO }

    private record Report(Leg leg, char digit, Source source, long at) { }

    private final Call call;
    private final Deque<Report> unmatched = new ArrayDeque<>();

    CallKeys(Call call) {
        this.call = call;
    }

    /** A key the media engine decoded from the leg's RFC 4733 telephone-events. */
    void onTelephoneEvent(SipLeg leg, char digit) {
        report(leg, digit, Source.RTP);
    }

    /** An admitted in-dialog INFO on the leg: answered here, and its digit reported. */
    void onInfo(SipLeg leg, SipEvent.RequestReceived event) {
        String body = SipSupport.body(event.request());
        ContentTypeHeader ct = (ContentTypeHeader) event.request().getHeader(ContentTypeHeader.NAME);
        if (body == null || body.isBlank()) {
            call.services().sip().messenger().respond(event, Response.OK);
            return;
        }
        String type = ct == null ? "" : (ct.getContentType() + "/" + ct.getContentSubType()).toLowerCase(Locale.ROOT);
        if (!type.equals(DTMF_RELAY) && !type.equals(DTMF)) {
            call.services().metrics().infoDtmfIgnored("unsupported_type");
            call.services().sip().messenger().respond(event, Response.UNSUPPORTED_MEDIA_TYPE, this::accept);
            return;
        }
        call.services().sip().messenger().respond(event, Response.OK);
        char digit = type.equals(DTMF) ? parseDtmf(body) : parseDtmfRelay(body);
        if (digit == 0) {
            call.services().metrics().infoDtmfIgnored("malformed");
            LOG.debug("call {}: INFO {} without a key we know, ignored", call.id(), type);
            return;
        }
        report(leg, digit, Source.INFO);
    }

    private void report(SipLeg leg, char digit, Source source) {
        if ((leg != call.caller() && leg != call.agent()) || call.view() == null && !call.is(CallPhase.SURVEY)) {
            return; // a supervisor's or external leg, or a call the server does not know (yet, or any more)
        }
        Leg which = leg == call.caller() ? Leg.CALLER : Leg.AGENT;
        long now = call.services().clock().millis();
        unmatched.removeIf(r -> now - r.at() >= PAIR_MILLIS);
        for (Iterator<Report> it = unmatched.iterator(); it.hasNext(); ) {
            Report r = it.next();
            if (r.leg() == which && r.digit() == digit && r.source() != source) {
                it.remove();
                LOG.debug("call {}: a key on the {} leg reported by both RTP and INFO, once", call.id(), which);
                return;
            }
        }
        unmatched.addLast(new Report(which, digit, source, now));
        LOG.debug("call {}: a key on the {} leg ({})", call.id(), which, source);
        call.emit(new DtmfReceived(call.id(), which, String.valueOf(digit), now));
    }

    /** RFC 3261 21.4.13: a 415 names the types we take. */
    private void accept(Response r) {
        try {
            var f = call.services().sip().messenger().headerFactory();
            r.addHeader(f.createAcceptHeader("application", "dtmf-relay"));
            r.addHeader(f.createAcceptHeader("application", "dtmf"));
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code application/dtmf-relay}: lines "Signal=5", "Duration=160"; the key, or 0. */
    static char parseDtmfRelay(String body) {
        for (String line : body.split("\r?\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && line.substring(0, eq).trim().equalsIgnoreCase("Signal")) {
                return key(line.substring(eq + 1).trim());
            }
        }
        return 0;
    }

    /** {@code application/dtmf}: the key alone ("5"); the key, or 0. */
    static char parseDtmf(String body) {
        return key(body.trim());
    }

    /** 0-9 * # A-D (also a-d, and the event codes 10 and 11 some phones send for * and #); else 0. */
    private static char key(String s) {
        if (s.equals("10")) {
            return '*';
        }
        if (s.equals("11")) {
            return '#';
        }
        if (s.length() != 1) {
            return 0;
        }
        char c = Character.toUpperCase(s.charAt(0));
        return (c >= '0' && c <= '9') || c == '*' || c == '#' || (c >= 'A' && c <= 'D') ? c : 0;
    }
}
