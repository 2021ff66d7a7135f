package dev.cti.gateway.sip.registrar;

import dev.cti.config.AgentConfig;
import dev.cti.gateway.sip.Credentials;
import dev.cti.protocol.digest.DigestAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;

/**
 * HTTP Digest for REGISTER (RFC 3261 22, RFC 2617 with qop=auth, RFC 8760 SHA-256). Decides; does not send. Nonces
 * are bound to the realm and the client's address and each nonce count is accepted once ({@link NonceService}).
 */
public final class DigestAuthenticator {

    /** What to do with a request. */
    public sealed interface Outcome {
        /** Credentials are right: the authenticated user name. */
        record Authenticated(String username) implements Outcome {}

        /** Send 401 with fresh challenges ({@code stale=true} when only the nonce was too old). */
        record Challenge(boolean stale) implements Outcome {}

        /**
         * Right credentials, but a nonce count already used with that nonce (a replayed REGISTER) or a malformed
         * one: send 401 with a fresh challenge, and count it.
         */
        record Replayed(String username) implements Outcome {}

        /**
         * Credentials were given for a valid challenge and are wrong (or the user is unknown): 403.
         *
         * @param username the user name the credentials named (null when they named none)
         * @param known    whether that user is a configured extension (its failures count towards a lockout)
         */
        record Rejected(String why, String username, boolean known) implements Outcome {}
    }

    private final String realm;
    private final NonceService nonces;
    private final Credentials credentials;
    private final HeaderFactory headers;

    private final List<String> md5OnlyUserAgents;

    /**
     * @param md5OnlyUserAgents lower-case User-Agent substrings of clients that read only the first
     *                          WWW-Authenticate and give up on SHA-256 instead of moving to the next one (against
     *                          RFC 8760 2.4; sipp 3.6 is one: "authentication must use MD5"). They are challenged
     *                          with MD5 alone. Empty by default; a deployment lists its broken phones.
     */
    public DigestAuthenticator(String realm, NonceService nonces, Credentials credentials, HeaderFactory headers,
                               List<String> md5OnlyUserAgents) {
        this.realm = realm;
        this.nonces = nonces;
        this.credentials = credentials;
        this.headers = headers;
        this.md5OnlyUserAgents = md5OnlyUserAgents.stream().map(u -> u.toLowerCase(Locale.ROOT)).toList();
    }

    public String realm() {
        return realm;
    }

    /**
     * @param client the address the request came from (its packet source); the nonce must have been issued to it
     */
    public Outcome authenticate(Request request, String client) {
        AuthorizationHeader auth = ourAuthorization(request);
        if (auth == null) {
            return new Outcome.Challenge(false); // none, another scheme (RFC 4475 regaut01) or another realm
        }
        NonceService.Validity validity = nonces.check(auth.getNonce(), realm, client);
        if (validity == NonceService.Validity.INVALID) {
            return new Outcome.Challenge(false);
        }
        Optional<DigestAlgorithm> algorithm = DigestAlgorithm.fromToken(auth.getAlgorithm());
        if (algorithm.isEmpty()) {
            return new Outcome.Challenge(false);
        }
        String username = auth.getUsername();
        String qop = auth.getParameter("qop");
        String uri = auth.getParameter("uri");
        String given = auth.getParameter("response");
        if (username == null || uri == null || given == null) {
            return new Outcome.Rejected("incomplete credentials", username, false);
        }
        if (qop != null && !"auth".equalsIgnoreCase(qop)) {
            return new Outcome.Challenge(false);
        }
        // Unknown user and wrong password give the same answer (403 after a challenge), see Registrar.
        Optional<AgentConfig> agent = credentials.lookup(username);
        if (agent.isEmpty() || agent.get().sipPassword() == null) {
            return new Outcome.Rejected("unknown user", username, false);
        }
        String nc = auth.getParameter("nc");
        String cnonce = auth.getParameter("cnonce");
        if (qop != null && (nc == null || cnonce == null)) {
            return new Outcome.Rejected("qop without nc/cnonce", username, true);
        }
        String expected = algorithm.get().response(username, realm, agent.get().sipPassword(), request.getMethod(),
                uri, auth.getNonce(), nc, cnonce, qop);
        boolean match = MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                given.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
        if (!match) {
            return new Outcome.Rejected("wrong response", username, true);
        }
        if (validity == NonceService.Validity.STALE) {
            return new Outcome.Challenge(true); // right password, old nonce: retry silently (RFC 2617 3.2.1)
        }
        if (!nonces.use(auth.getNonce(), qop == null ? null : nc)) {
            return new Outcome.Replayed(username); // this nonce count was used already: a replay
        }
        return new Outcome.Authenticated(username);
    }

    /**
     * WWW-Authenticate headers for a 401: SHA-256 first, then MD5 (RFC 8760 2.4), same fresh nonce; MD5 only for
     * the User-Agents listed as unable to skip SHA-256.
     */
    public List<WWWAuthenticateHeader> challenges(boolean stale, String userAgent, String client) {
        String nonce = nonces.issue(realm, client);
        List<WWWAuthenticateHeader> list = new ArrayList<>();
        String ua = userAgent == null ? "" : userAgent.toLowerCase(Locale.ROOT);
        boolean md5Only = md5OnlyUserAgents.stream().anyMatch(ua::contains);
        try {
            for (DigestAlgorithm a : md5Only ? List.of(DigestAlgorithm.MD5) : List.of(DigestAlgorithm.values())) {
                WWWAuthenticateHeader h = headers.createWWWAuthenticateHeader("Digest");
                h.setRealm(realm);
                h.setNonce(nonce);
                h.setAlgorithm(a.token());
                h.setQop("auth");
                if (stale) {
                    h.setStale(true);
                }
                list.add(h);
            }
        } catch (ParseException e) {
            throw new IllegalStateException("cannot build challenge for realm " + realm, e);
        }
        return list;
    }

    private AuthorizationHeader ourAuthorization(Request request) {
        Iterator<?> it = request.getHeaders(AuthorizationHeader.NAME);
        while (it.hasNext()) {
            AuthorizationHeader h = (AuthorizationHeader) it.next();
            if ("Digest".equalsIgnoreCase(h.getScheme()) && realm.equals(h.getRealm())) {
                return h;
            }
        }
        return null;
    }
}
