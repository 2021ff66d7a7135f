'use strict';
/*
 * A page's two channels to the supervisor server (docs/API.md), shared by the wallboard, the QA console and the
 * reports page (which uses REST only): REST calls with the bearer token kept in sessionStorage (never in a URL), and
 * the pushed event stream on the WebSocket /api/events, reconnected with exponential backoff and jitter. Each new
 * connection starts with a snapshot; a page re-fetches the rest then.
 */
const Api = (() => {
  const TOKEN_KEY = 'cti.token';

  async function request(method, path, body) {
    const headers = { Accept: 'application/json' };
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) headers.Authorization = 'Bearer ' + token;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
    });
    let data = null;
    if (response.status !== 204) {
      try {
        data = await response.json();
      } catch (e) {
        data = null;
      }
    }
    if (!response.ok) {
      const error = new Error((data && data.message) || response.statusText || String(response.status));
      error.status = response.status;
      error.code = data && data.error;
      throw error;
    }
    return data;
  }

  return {
    token: () => sessionStorage.getItem(TOKEN_KEY),
    get: (path) => request('GET', path),
    post: (path, body) => request('POST', path, body === undefined ? {} : body),
    put: (path, body) => request('PUT', path, body === undefined ? {} : body),
    del: (path) => request('DELETE', path),
    async login(username, password) {
      const answer = await request('POST', '/api/login', { username, password });
      sessionStorage.setItem(TOKEN_KEY, answer.token);
      return answer;
    },
    async logout() {
      try {
        await request('POST', '/api/logout');
      } finally {
        sessionStorage.removeItem(TOKEN_KEY);
      }
    },
    forget: () => sessionStorage.removeItem(TOKEN_KEY),
  };
})();

/**
 * The WebSocket with reconnect. Callbacks: onMessage(message), onState(state, secondsUntilRetry) with state
 * one of connecting, live, reconnecting, offline; onRefused() when the server no longer knows the token.
 */
class EventStream {
  constructor({ onMessage, onState, onRefused }) {
    this.onMessage = onMessage;
    this.onState = onState;
    this.onRefused = onRefused;
    this.ws = null;
    this.timer = null;
    this.attempt = 0;
    this.stopped = true;
  }

  start() {
    this.stopped = false;
    this.attempt = 0;
    this.connect();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    const ws = this.ws;
    this.ws = null;
    if (ws) ws.close(1000, 'logout');
    this.onState('offline');
  }

  connect() {
    if (this.stopped) return;
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    // the token goes in the first message, never in the URL (URLs end up in histories and logs)
    const url = `${scheme}//${location.host}/api/events`;
    this.onState('connecting');
    let ws;
    try {
      ws = new WebSocket(url);
    } catch (e) {
      this.retry();
      return;
    }
    this.ws = ws;
    ws.onopen = () => {
      if (this.ws !== ws) return;
      ws.send(JSON.stringify({ type: 'auth', token: Api.token() || '' }));
      this.attempt = 0;
      this.onState('live');
    };
    ws.onmessage = (e) => {
      if (this.ws !== ws) return;
      let message;
      try {
        message = JSON.parse(e.data);
      } catch (err) {
        return;
      }
      this.onMessage(message);
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.retry();
    };
  }

  /** Waits 1, 2, 4 … 30 s (half of it random) and connects again, unless the token is gone. */
  retry() {
    if (this.stopped) return;
    const ceiling = Math.min(30000, 1000 * 2 ** this.attempt);
    this.attempt += 1;
    const delay = ceiling / 2 + Math.random() * (ceiling / 2);
    this.onState('reconnecting', Math.ceil(delay / 1000));
    // A refused upgrade looks like any other close to a browser: ask the REST API whether the token still works.
    Api.get('/api/me').then(
      () => {},
      (err) => {
        if (err.status === 401 && !this.stopped) {
          this.stopped = true;
          clearTimeout(this.timer);
          this.onRefused();
        }
      });
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.connect(), delay);
  }
}
