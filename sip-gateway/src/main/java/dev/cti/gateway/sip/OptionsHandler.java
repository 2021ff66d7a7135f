package dev.cti.gateway.sip;

import javax.sip.message.Response;

/**
 * Answers OPTIONS addressed to the gateway (RFC 3261 11.2): 200 with Allow, Accept and Supported from
 * {@link SipCapabilities}. Phones and trunks use it as a keep-alive, monitoring as a health probe.
 */
public final class OptionsHandler implements SipDispatcher.RequestHandler {
    private final SipMessenger messenger;

    public OptionsHandler(SipMessenger messenger) {
        this.messenger = messenger;
    }

    @Override
    public void onRequest(SipEvent.RequestReceived request) {
        messenger.respond(request, Response.OK, r -> {
            var hf = messenger.headerFactory();
            SipHeaders.each(hf, "Allow", SipCapabilities.ALLOWED_METHODS).forEach(r::addHeader);
            SipHeaders.each(hf, "Accept", SipCapabilities.ACCEPTED_CONTENT_TYPES).forEach(r::addHeader);
            r.addHeader(SipHeaders.create(hf, "Supported", String.join(", ", SipCapabilities.SUPPORTED_OPTION_TAGS)));
        });
    }
}
