/**
 * The SIP side of the gateway: a jain-sip-ri stack, the registrar of agent softphones, and the plumbing the
 * B2BUA stands on.
 *
 * <h2>Entry point</h2>
 * {@link dev.cti.gateway.sip.SipEndpoint#start} binds UDP and/or TCP ({@code NetworkConfig.Sip}; TLS is another
 * {@link dev.cti.gateway.sip.SipEndpoint.ListenAddress} later) and returns a handle with the bound ports, the
 * {@link dev.cti.gateway.sip.registrar.Registrar} and {@link dev.cti.gateway.sip.registrar.LocationService}
 * (add a {@link dev.cti.gateway.sip.registrar.RegistrationListener} to forward PhoneRegistered /
 * PhoneUnregistered), the {@link dev.cti.gateway.sip.SipDispatcher} (register INVITE/ACK/BYE/CANCEL/REFER
 * handlers by method and re-INVITE/BYE handlers by dialog id), the {@link dev.cti.gateway.sip.SipMessenger}
 * (responses, requests, jain-sip factories) and the {@link dev.cti.gateway.sip.guard.CallAdmission} the B2BUA asks
 * before taking a new INVITE.
 *
 * <h2>Path of a message</h2>
 * <ol>
 *   <li>{@link dev.cti.gateway.sip.CountingMessageParserFactory}: jain-sip's parser plus
 *       {@link dev.cti.gateway.sip.StrictFraming} (strict Request-Line, bracketed IPv6, single-valued headers
 *       once) and the mandatory-header check. A refusal is counted ({@code reason="unparseable"}).</li>
 *   <li>{@link dev.cti.gateway.sip.guard.IngressValve}: counts requests by method, drops scanners and floods
 *       silently (counted), answers 505 to other SIP versions, stamps {@code received}/{@code rport}/transport on
 *       the top Via so every response goes back where the request came from.</li>
 *   <li>jain-sip transaction layer, then {@link dev.cti.gateway.sip.SipListenerAdapter} → {@link
 *       dev.cti.gateway.sip.SipEvent} records → {@link dev.cti.gateway.sip.SipDispatcher}: the
 *       {@link dev.cti.gateway.sip.guard.RequestValidator} (400/416/420/415/406/483), then the handlers.</li>
 * </ol>
 *
 * <h2>What jain-sip 1.3.0-91 does by itself (measured by {@code TortureMessagesTest})</h2>
 * <ul>
 *   <li>UDP, unparseable request: answers 400 with the parse error as reason phrase when it can read Via, From,
 *       To, Call-ID and CSeq from the raw text; otherwise drops. Responses are never answered.</li>
 *   <li>TCP (NIO): an unparseable message is dropped without an answer; a message whose Call-ID it cannot find
 *       (compact {@code i:} form, folded header lines) makes it close the connection before our code runs;
 *       a Content-Length longer than what arrived keeps it waiting.</li>
 *   <li>Lenient parsing of bad display names and spaces inside {@code <>} (RFC 4475 allows it); SIP version
 *       rewritten to 2.0 (we detect the original and answer 505).</li>
 *   <li>Transactions are matched by branch only: retransmissions never reach the listener; a stray response
 *       is dropped ({@code REJECT_STRAY_RESPONSES}, counted by the valve as {@code reason="stray"}).</li>
 *   <li>Responses it generates itself (the UDP 400s above, automatic 100 Trying) bypass
 *       {@code sip_responses_sent_total}, which counts what the gateway's handlers send.</li>
 * </ul>
 *
 * <p>Stack properties and the reason for each are in {@link dev.cti.gateway.sip.SipStackFactory}; meter names in
 * {@link dev.cti.gateway.GatewayMeters}.
 */
package dev.cti.gateway.sip;
