'use strict';
/*
 * The seat's phone in the desk page: JsSIP (../vendor/jssip) registering over SIP/WebSocket (RFC 7118) to the
 * gateway, with what GET /api/agents/{id}/phone gives (extension, SIP password, domain, the gateway's WebSocket URL).
 * DeskPhone.start(config, onStatus) reports its state as onStatus(state, params): off, unconfigured, unsupported,
 * connecting, connected, registered, unregistered, failed {cause}, disconnected {url}; onIncoming(session) when a call
 * rings. Call audio to the browser (ICE-lite, DTLS-SRTP on the gateway) is separate work (docs/GATEWAY.md).
 */
const DeskPhone = (() => {
  let ua = null;
  let incoming = null;

  function start(config, onStatus, onIncoming) {
    stop();
    if (!config.wsUrl) {
      onStatus('unconfigured');
      return;
    }
    if (typeof RTCPeerConnection === 'undefined') {
      onStatus('unsupported');
      return;
    }
    const socket = new JsSIP.WebSocketInterface(config.wsUrl);
    ua = new JsSIP.UA({
      sockets: [socket],
      uri: `sip:${config.extension}@${config.domain}`,
      authorization_user: config.extension,
      password: config.sipPassword,
      register: true,
      register_expires: 300,
      session_timers: false,
    });
    ua.on('connecting', () => onStatus('connecting'));
    ua.on('connected', () => onStatus('connected'));
    ua.on('disconnected', () => onStatus('disconnected', { url: config.wsUrl }));
    ua.on('registered', () => onStatus('registered'));
    ua.on('unregistered', () => onStatus('unregistered'));
    ua.on('registrationFailed', (e) => onStatus('failed', { cause: e.cause || '?' }));
    ua.on('newRTCSession', (e) => {
      if (e.originator !== 'remote') return;
      incoming = e.session;
      incoming.on('ended', () => { incoming = null; onIncoming(null); });
      incoming.on('failed', () => { incoming = null; onIncoming(null); });
      onIncoming(incoming);
    });
    ua.start();
  }

  /** Answers the ringing call with the microphone; a refused microphone rejects with NotAllowedError. */
  async function answer() {
    if (!incoming) return;
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
    incoming.answer({ mediaStream: stream });
  }

  function stop() {
    if (ua) {
      ua.stop(); // unregisters, then closes the WebSocket
      ua = null;
    }
    incoming = null;
  }

  window.addEventListener('beforeunload', stop);
  return { start, answer, stop };
})();
