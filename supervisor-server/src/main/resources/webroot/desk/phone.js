'use strict';
/*
 * The seat's phone in the desk page: JsSIP (../vendor/jssip) registering over SIP/WebSocket (RFC 7118) to the
 * gateway, with what GET /api/agents/{id}/phone gives (extension, SIP password, domain, the gateway's WebSocket URL).
 * DeskPhone.start(config, onStatus) reports its state as onStatus(state, params): off, unconfigured, unsupported,
 * connecting, connected, registered, unregistered, failed {cause}, disconnected {url}; onIncoming(session) when a call
 * rings (null once answered or over); onMedia(state) with the answered call's RTCPeerConnection connectionState
 * (connecting, connected, failed...; '' when the call is over). The call's audio: the gateway offers DTLS-SRTP with
 * ICE-lite and G.711 (docs/MEDIA.md, "WebRTC-style legs"); what the caller says plays in the page's <audio
 * id="phone-audio">, and remoteStream() gives that MediaStream (the browser test measures it with WebAudio).
 */
const DeskPhone = (() => {
  /** No STUN or TURN: the gateway is ICE-lite on an address the browser reaches, and its candidate is in its SDP. */
  const PC_CONFIG = { iceServers: [], rtcpMuxPolicy: 'require', bundlePolicy: 'balanced' };
  let ua = null;
  let incoming = null;
  let current = null;
  let remote = null;

  function start(config, onStatus, onIncoming, onMedia) {
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
      const session = e.session;
      incoming = session;
      session.on('peerconnection', (p) => watch(p.peerconnection, onMedia || (() => {})));
      session.on('accepted', () => {
        current = session;
        if (incoming === session) incoming = null;
        onIncoming(incoming);
      });
      const over = () => {
        if (incoming === session) incoming = null;
        if (current === session) {
          current = null;
          remote = null;
          const el = document.getElementById('phone-audio');
          if (el) el.srcObject = null;
          if (onMedia) onMedia('');
        }
        onIncoming(incoming);
      };
      session.on('ended', over);
      session.on('failed', over);
      onIncoming(session);
    });
    ua.start();
  }

  /** The call's audio: the caller's voice plays in <audio id="phone-audio">; media state changes to onMedia. */
  function watch(pc, onMedia) {
    pc.addEventListener('track', (ev) => {
      remote = ev.streams && ev.streams[0] ? ev.streams[0] : new MediaStream([ev.track]);
      const el = document.getElementById('phone-audio');
      if (el) {
        el.srcObject = remote;
        el.play().catch(() => {}); // autoplay refused: the Answer click usually allows it
      }
    });
    pc.addEventListener('connectionstatechange', () => onMedia(pc.connectionState));
  }

  /** Answers the ringing call with the microphone; a refused microphone rejects with NotAllowedError. */
  async function answer() {
    if (!incoming) return;
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
    incoming.answer({ mediaStream: stream, pcConfig: PC_CONFIG });
  }

  /** The answered call's audio from the caller (a MediaStream), or null. */
  function remoteStream() {
    return remote;
  }

  function stop() {
    if (ua) {
      ua.stop(); // unregisters, then closes the WebSocket
      ua = null;
    }
    incoming = null;
    current = null;
    remote = null;
  }

  window.addEventListener('beforeunload', stop);
  return { start, answer, stop, remoteStream };
})();
