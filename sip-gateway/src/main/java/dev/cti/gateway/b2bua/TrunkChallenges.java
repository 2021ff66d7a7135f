package dev.cti.gateway.b2bua;

import dev.cti.config.CtiConfig;
import dev.cti.config.TrunkConfig;
import dev.cti.gateway.sip.ChallengeHandler;
import dev.cti.gateway.sip.SipEvent;
import dev.cti.privacy.PhoneMask;
import dev.cti.protocol.digest.DigestClient;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.ListIterator;
import java.util.Optional;
import javax.sip.ClientTransaction;
import javax.sip.SipException;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.Header;
import javax.sip.header.ProxyAuthenticateHeader;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a trunk's digest challenge (401 {@code WWW-Authenticate} or 407 {@code Proxy-Authenticate}) to the
 * gateway's own requests towards it, with the trunk's {@code credentials}: the INVITE of click-to-dial's customer
 * leg or of a transfer to a number, and the BYE of any dialog with the trunk. Each request is re-sent once
 * (RFC 3261 22.2); a challenge to a request that already carried our credentials means they are wrong: the
 * request then fails as it would have without this class, counted ({@code b2bua_trunk_auth_failures_total}) and
 * logged without the number. Runs on the call's executor, except the BYE's {@link ChallengeHandler} (see
 * {@link #byeChallenges}).
 */
final class TrunkChallenges {
    private static final Logger LOG = LoggerFactory.getLogger(TrunkChallenges.class);

    /** Why a challenge was not answered: the {@code reason} label of the failure counter. */
    static final String NO_CREDENTIALS = "no_credentials";
    static final String REJECTED = "rejected";
    static final String UNSUPPORTED = "unsupported_challenge";
    static final List<String> REASONS = List.of(NO_CREDENTIALS, REJECTED, UNSUPPORTED);

    private final Call call;

    TrunkChallenges(Call call) {
        this.call = call;
    }

    /** The trunk a call's outbound requests use: the one it came in on, else the first configured (or null). */
    static TrunkConfig trunkFor(CtiConfig config, String trunkId) {
        return config.trunks().stream().filter(t -> t.id().equals(trunkId)).findFirst()
                .orElse(config.trunks().isEmpty() ? null : config.trunks().get(0));
    }

    /**
     * A final response to the initial INVITE of a leg towards the trunk: true when it was a challenge and the
     * INVITE has been re-sent with credentials (the leg keeps ringing, its {@code inviteClient} and {@code dialog}
     * are the new ones); false when the caller must treat the response as the failure it is.
     */
    boolean onInviteResponse(SipLeg leg, SipEvent.ResponseReceived event) {
        if (event.status() == Response.FORBIDDEN && towardsTrunk(leg) && event.clientTransaction() != null
                && event.clientTransaction() == leg.inviteClient && carriesCredentials(event)) {
            // Many PBXs (Asterisk among them) answer wrong credentials with 403 rather than a new challenge.
            rejected(event);
            return false;
        }
        if (!isChallenge(event.status()) || !towardsTrunk(leg) || event.clientTransaction() == null
                || event.clientTransaction() != leg.inviteClient
                || !(leg.fsm.is(LegState.CALLING) || leg.fsm.is(LegState.EARLY))) {
            return false;
        }
        Optional<ClientTransaction> retry = answer(event);
        retry.ifPresent(ct -> {
            leg.inviteClient = ct;
            leg.dialog = ct.getDialog();
        });
        return retry.isPresent();
    }

    /**
     * What answers a challenge to the BYE we are about to send on {@code leg}: for a dialog with the trunk, this
     * call's credentials (the handler runs on a jain-sip thread, usually after the call has ended: it touches no
     * call or leg state); null for other legs.
     */
    ChallengeHandler byeChallenges(SipLeg leg) {
        return towardsTrunk(leg) ? challenge -> answer(challenge).isPresent() : null;
    }

    private static boolean isChallenge(int status) {
        return status == Response.UNAUTHORIZED || status == Response.PROXY_AUTHENTICATION_REQUIRED;
    }

    private static boolean towardsTrunk(SipLeg leg) {
        return leg.role == LegRole.CALLER || leg.role == LegRole.EXTERNAL;
    }

    private Optional<ClientTransaction> answer(SipEvent.ResponseReceived event) {
        TrunkConfig trunk = trunkFor(call.services().config(), call.trunkId());
        Request challenged = event.clientTransaction().getRequest();
        String method = challenged.getMethod();
        if (trunk == null) {
            return Optional.empty();
        }
        if (trunk.credentials().isEmpty()) {
            LOG.warn("call {}: credentials are missing for trunk {} (trunks[].credentials), which challenged our {}"
                    + " ({})", call.id(), trunk.id(), method, event.status());
            call.services().metrics().trunkAuthFailed(NO_CREDENTIALS);
            return Optional.empty();
        }
        if (carriesCredentials(event)) {
            rejected(event);
            return Optional.empty();
        }
        boolean proxy = event.status() == Response.PROXY_AUTHENTICATION_REQUIRED;
        Optional<DigestClient.Challenge> chosen = DigestClient.choose(DigestClient.usable(values(event.response(),
                proxy ? ProxyAuthenticateHeader.NAME : WWWAuthenticateHeader.NAME)));
        if (chosen.isEmpty()) {
            LOG.warn("call {}: trunk {} challenged our {} ({}) with nothing we can answer"
                    + " (we do Digest MD5/SHA-256, qop=auth or none)", call.id(), trunk.id(), method, event.status());
            call.services().metrics().trunkAuthFailed(UNSUPPORTED);
            return Optional.empty();
        }
        TrunkConfig.Credentials credentials = trunk.credentials().get();
        byte[] cnonce = new byte[12];
        call.services().random().nextBytes(cnonce);
        String value = DigestClient.answer(chosen.get(), credentials.username(), credentials.password(), method,
                challenged.getRequestURI().toString(), 1, HexFormat.of().formatHex(cnonce)).headerValue();
        try {
            ClientTransaction retry = call.services().sip().resendWithCredentials(event.clientTransaction(),
                    proxy ? ProxyAuthorizationHeader.NAME : AuthorizationHeader.NAME, value);
            LOG.info("call {}: trunk {} challenged our {} ({}): re-sent with the credentials of user {}", call.id(),
                    trunk.id(), method, event.status(), PhoneMask.mask(credentials.username()));
            return Optional.of(retry);
        } catch (SipException | RuntimeException e) {
            LOG.info("call {}: cannot re-send our {} to trunk {} with credentials: {}", call.id(), method, trunk.id(),
                    e.toString());
            return Optional.empty();
        }
    }

    private static boolean carriesCredentials(SipEvent.ResponseReceived event) {
        Request sent = event.clientTransaction().getRequest();
        return sent.getHeader(AuthorizationHeader.NAME) != null
                || sent.getHeader(ProxyAuthorizationHeader.NAME) != null;
    }

    /** The trunk refused a request that carried our credentials: the request fails; logged and counted once. */
    private void rejected(SipEvent.ResponseReceived event) {
        TrunkConfig trunk = trunkFor(call.services().config(), call.trunkId());
        String user = trunk == null ? null : trunk.credentials().map(TrunkConfig.Credentials::username).orElse(null);
        LOG.warn("call {}: trunk {} refused the credentials of user {} for our {} ({}): wrong username or password?",
                call.id(), trunk == null ? "?" : trunk.id(), PhoneMask.mask(user), event.method(), event.status());
        call.services().metrics().trunkAuthFailed(REJECTED);
    }

    private static List<String> values(Response response, String name) {
        List<String> out = new ArrayList<>();
        ListIterator<?> it = response.getHeaders(name);
        while (it != null && it.hasNext()) {
            String text = ((Header) it.next()).toString().strip();
            int colon = text.indexOf(':');
            out.add(colon < 0 ? text : text.substring(colon + 1).strip());
        }
        return out;
    }
}
