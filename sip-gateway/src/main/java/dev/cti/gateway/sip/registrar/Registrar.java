package dev.cti.gateway.sip.registrar;

import dev.cti.gateway.sip.RejectReason;
import dev.cti.gateway.sip.SipEvent;
import dev.cti.gateway.sip.SipHeaders;
import dev.cti.gateway.sip.SipMessenger;
import dev.cti.gateway.sip.SipMetrics;
import gov.nist.javax.sip.address.AddressImpl;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.Iterator;
import java.util.ListIterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import javax.sip.InvalidArgumentException;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.header.UserAgentHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registrar of agent softphones (RFC 3261 10.3), handling REGISTER:
 *
 * <ol>
 *   <li>Syntax first: the To URI must be sip/sips (RFC 4475 unksm2), a Contact URI carrying escaped headers must
 *       be in name-addr form (regbadct), {@code Contact: *} only alone and with {@code Expires: 0} — else 400. A
 *       malformed request gets 400 without being challenged.</li>
 *   <li>Digest authentication: 401 with SHA-256 and MD5 challenges; {@code stale=true} for an old nonce. The nonce
 *       is bound to the client's address and each nonce count is accepted once: a replayed REGISTER, or one with a
 *       nonce count not above the last, gets a fresh 401 ({@code replayed}, {@link NonceService}).</li>
 *   <li>Unknown extension: 403, exactly like a wrong password, after the same 401 challenge. RFC 3261 10.3 step 5
 *       would allow 404, but a 404 (or an unchallenged 403) tells a scanner which extensions exist; answering both
 *       cases identically leaves it nothing to enumerate. Both are counted as {@code auth_failed}.</li>
 *   <li>Lockout: after {@code registrar.lockoutFailures} failures of a configured extension within the window it
 *       is locked for {@code lockoutSeconds}: 403 whatever the password ({@link RegistrationLockouts}; reported to
 *       the server). The log line of a failure is rate-limited ({@link RateLimitedLog}).</li>
 *   <li>The authenticated user must be the To user (a phone registers only itself): else 403.</li>
 *   <li>At most {@code registrar.maxBindingsPerExtension} contacts per extension: a REGISTER that would add one
 *       more gets 403 and changes nothing (refreshes and removals always pass).</li>
 *   <li>Expiry per contact: contact {@code expires} param, else Expires header, else 3600 s; below Min-Expires
 *       423 with Min-Expires; above the maximum cut to it.</li>
 *   <li>Call-ID/CSeq ordering per binding: an older CSeq on the same Call-ID fails with 500 and changes nothing.</li>
 *   <li>200 OK lists every current binding with its remaining expires, and a Date header.</li>
 * </ol>
 *
 * <p>Not checked, on purpose: the Request-URI domain (phones register to the gateway's IP as often as to its
 * domain; the digest realm and the To user decide), and the digest {@code uri} parameter against the
 * Request-URI (phones differ in how they spell it; the response hash covers whatever they sent).</p>
 */
public final class Registrar {
    private static final Logger LOG = LoggerFactory.getLogger(Registrar.class);
    static final int DEFAULT_EXPIRES_SECONDS = 3600;

    private final DigestAuthenticator authenticator;
    private final LocationService locations;
    private final SipMessenger messenger;
    private final SipMetrics metrics;
    private final Clock clock;
    private final int minExpires;
    private final int maxExpires;
    private final int maxBindings;
    private final RegistrationLockouts lockouts;
    private final RateLimitedLog failureLog;

    public Registrar(DigestAuthenticator authenticator, LocationService locations, SipMessenger messenger,
                     SipMetrics metrics, Clock clock, int minExpiresSeconds, int maxExpiresSeconds,
                     int maxBindingsPerExtension, RegistrationLockouts lockouts, LongSupplier nanoTime) {
        if (minExpiresSeconds < 1 || maxExpiresSeconds < minExpiresSeconds) {
            throw new IllegalArgumentException("need 1 <= registerMinExpiresSeconds <= registerMaxExpiresSeconds, got "
                    + minExpiresSeconds + " and " + maxExpiresSeconds);
        }
        this.authenticator = authenticator;
        this.locations = locations;
        this.messenger = messenger;
        this.metrics = metrics;
        this.clock = clock;
        this.minExpires = minExpiresSeconds;
        this.maxExpires = maxExpiresSeconds;
        this.maxBindings = maxBindingsPerExtension;
        this.lockouts = lockouts;
        this.failureLog = new RateLimitedLog(10, 6, nanoTime);
    }

    /** The per-extension lockouts (the B2BUA listens to them to tell the server). */
    public RegistrationLockouts lockouts() {
        return lockouts;
    }

    public LocationService locations() {
        return locations;
    }

    /** Handles one REGISTER (the dispatcher's REGISTER handler). */
    public void onRegister(SipEvent.RequestReceived event) {
        Request request = event.request();
        ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
        URI toUri = to.getAddress().getURI();
        if (!(toUri instanceof SipURI sipTo) || sipTo.getUser() == null) {
            badRequest(event);
            return;
        }
        List<ContactHeader> contacts = contacts(request);
        ExpiresHeader expiresHeader = request.getExpires();
        boolean wildcard = contacts.stream().anyMatch(ContactHeader::isWildCard);
        if (wildcard && (contacts.size() != 1 || expiresHeader == null || expiresHeader.getExpires() != 0)) {
            badRequest(event); // RFC 3261 10.3 step 6
            return;
        }
        for (ContactHeader c : contacts) {
            if (!c.isWildCard() && !validContact(c)) {
                badRequest(event);
                return;
            }
        }

        UserAgentHeader ua = (UserAgentHeader) request.getHeader(UserAgentHeader.NAME);
        String userAgent = ua == null ? null : String.join(" ", toStrings(ua.getProduct()));
        String client = client(request);
        DigestAuthenticator.Outcome outcome = authenticator.authenticate(request, client);
        if (outcome instanceof DigestAuthenticator.Outcome.Challenge challenge) {
            messenger.respond(event, Response.UNAUTHORIZED,
                    r -> authenticator.challenges(challenge.stale(), userAgent, client).forEach(r::addHeader));
            return;
        }
        if (outcome instanceof DigestAuthenticator.Outcome.Replayed replayed) {
            metrics.rejected(RejectReason.REPLAYED, SipMetrics.Action.ANSWERED);
            logFailure("REGISTER of {} replayed (nonce count used already) from {}", replayed.username(), client);
            messenger.respond(event, Response.UNAUTHORIZED,
                    r -> authenticator.challenges(false, userAgent, client).forEach(r::addHeader));
            return;
        }
        if (outcome instanceof DigestAuthenticator.Outcome.Rejected rejected) {
            if (rejected.known()) {
                lockouts.failed(rejected.username(), client); // reported by the lockouts when it locks
            }
            forbidden(event, rejected.why(), client);
            return;
        }
        String user = ((DigestAuthenticator.Outcome.Authenticated) outcome).username();
        if (lockouts.isLocked(user)) {
            forbidden(event, "extension locked out", client); // right password or not, until the lockout ends
            return;
        }
        lockouts.succeeded(user);
        if (!user.equals(sipTo.getUser())) {
            forbidden(event, "authenticated user differs from To user", client);
            return;
        }

        int headerExpires = expiresHeader == null ? DEFAULT_EXPIRES_SECONDS : expiresHeader.getExpires();
        Map<String, Integer> requested = new LinkedHashMap<>();
        for (ContactHeader c : contacts) {
            if (c.isWildCard()) {
                continue;
            }
            int expires = c.getExpires() >= 0 ? c.getExpires() : headerExpires;
            if (expires > 0 && expires < minExpires) {
                metrics.rejected(RejectReason.INTERVAL_TOO_BRIEF, SipMetrics.Action.ANSWERED);
                messenger.respond(event, Response.INTERVAL_TOO_BRIEF,
                        r -> r.addHeader(SipHeaders.create(messenger.headerFactory(), "Min-Expires",
                                Integer.toString(minExpires))));
                return;
            }
            requested.put(c.getAddress().getURI().toString(), Math.min(expires, maxExpires));
        }

        String callId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
        long cseq = ((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber();
        String source = source(request);
        Instant now = clock.instant();
        AtomicReference<Boolean> outOfOrder = new AtomicReference<>(false);
        AtomicReference<Boolean> tooMany = new AtomicReference<>(false);
        List<Binding> after = contacts.isEmpty()
                ? locations.bindings(user) // a query: RFC 3261 10.2.3
                : locations.update(user, current -> {
                    Map<String, Binding> next = new LinkedHashMap<>(current);
                    if (wildcard) {
                        for (Binding b : current.values()) {
                            if (b.callId().equals(callId) && cseq <= b.cseq()) {
                                outOfOrder.set(true);
                                return current;
                            }
                        }
                        return Map.of();
                    }
                    for (Map.Entry<String, Integer> e : requested.entrySet()) {
                        Binding existing = current.get(e.getKey());
                        if (existing != null && existing.callId().equals(callId) && cseq <= existing.cseq()) {
                            outOfOrder.set(true);
                            return current;
                        }
                        if (e.getValue() == 0) {
                            next.remove(e.getKey());
                        } else {
                            next.put(e.getKey(), new Binding(user, e.getKey(), callId, cseq,
                                    now.plusSeconds(e.getValue()), source, userAgent));
                        }
                    }
                    if (next.size() > maxBindings && next.size() > current.size()) {
                        tooMany.set(true); // one more phone than allowed: nothing changes
                        return current;
                    }
                    return next;
                });
        if (outOfOrder.get()) {
            metrics.rejected(RejectReason.BAD_REQUEST, SipMetrics.Action.ANSWERED);
            messenger.respond(event, Response.SERVER_INTERNAL_ERROR);
            return;
        }
        if (tooMany.get()) {
            metrics.rejected(RejectReason.TOO_MANY_BINDINGS, SipMetrics.Action.ANSWERED);
            logFailure("REGISTER of {} refused: already {} contacts registered, from {}", user, maxBindings, client);
            messenger.respond(event, Response.FORBIDDEN);
            return;
        }
        LOG.debug("extension {} has {} binding(s)", user, after.size());
        messenger.respond(event, Response.OK, r -> addBindings(r, after, now));
    }

    private void addBindings(Response response, List<Binding> bindings, Instant now) {
        HeaderFactory hf = messenger.headerFactory();
        try {
            for (Binding b : bindings) {
                ContactHeader c = hf.createContactHeader(
                        messenger.addressFactory().createAddress(messenger.addressFactory().createURI(b.contact())));
                c.setExpires((int) b.secondsLeft(now));
                response.addHeader(c);
            }
            Calendar date = new GregorianCalendar(TimeZone.getTimeZone("GMT"));
            date.setTimeInMillis(now.toEpochMilli());
            response.addHeader(hf.createDateHeader(date));
        } catch (ParseException | InvalidArgumentException e) {
            throw new IllegalStateException("cannot list bindings", e);
        }
    }

    private void badRequest(SipEvent.RequestReceived event) {
        metrics.rejected(RejectReason.BAD_REQUEST, SipMetrics.Action.ANSWERED);
        messenger.respond(event, Response.BAD_REQUEST);
    }

    private void forbidden(SipEvent.RequestReceived event, String why, String client) {
        metrics.rejected(RejectReason.AUTH_FAILED, SipMetrics.Action.ANSWERED);
        logFailure("REGISTER refused ({}) from {}", why, client);
        messenger.respond(event, Response.FORBIDDEN);
    }

    /** An attacker-driven log line: at most 10 at once, then 6 a minute, with a count of those left out. */
    private void logFailure(String format, Object a, Object b) {
        long skipped = failureLog.admit();
        if (skipped >= 0) {
            LOG.info(format + (skipped > 0 ? " (" + skipped + " similar lines left out)" : ""), a, b);
        }
    }

    private void logFailure(String format, Object a, Object b, Object c) {
        long skipped = failureLog.admit();
        if (skipped >= 0) {
            LOG.info(format + (skipped > 0 ? " (" + skipped + " similar lines left out)" : ""), a, b, c);
        }
    }

    /** The address the REGISTER's packet came from (the nonce is bound to it), else its Via's received/host. */
    private static String client(Request request) {
        if (request instanceof gov.nist.javax.sip.message.SIPMessage m && m.getRemoteAddress() != null) {
            return m.getRemoteAddress().getHostAddress();
        }
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        return via == null ? "?" : via.getReceived() != null ? via.getReceived() : via.getHost();
    }

    /** sip/sips Contact; escaped headers only in name-addr form (RFC 3261 20.10, RFC 4475 3.1.2.13). */
    private static boolean validContact(ContactHeader contact) {
        URI uri = contact.getAddress().getURI();
        if (!(uri instanceof SipURI sip)) {
            return false;
        }
        boolean nameAddr = contact.getAddress() instanceof AddressImpl a && a.getAddressType() == AddressImpl.NAME_ADDR;
        return nameAddr || !sip.getHeaderNames().hasNext();
    }

    private static List<ContactHeader> contacts(Request request) {
        List<ContactHeader> list = new ArrayList<>();
        Iterator<?> it = request.getHeaders(ContactHeader.NAME);
        while (it.hasNext()) {
            list.add((ContactHeader) it.next());
        }
        return list;
    }

    private static String source(Request request) {
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        if (via == null) {
            return "?";
        }
        String host = via.getReceived() != null ? via.getReceived() : via.getHost();
        int port = via.getRPort() > 0 ? via.getRPort() : via.getPort();
        return via.getTransport() + ":" + host + ":" + port;
    }

    private static List<String> toStrings(ListIterator<?> it) {
        List<String> out = new ArrayList<>();
        while (it.hasNext()) {
            out.add(String.valueOf(it.next()));
        }
        return out;
    }
}
