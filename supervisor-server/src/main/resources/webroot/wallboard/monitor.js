'use strict';
/*
 * Supervisor monitoring on the agent tiles (docs/API.md, "Monitoring"): listen, whisper, barge and take over
 * a connected call through the supervisor's own registered phone. The page keeps the live monitor sessions
 * (GET /api/monitors after each snapshot, then the "monitor" pushes), shows on each tile who monitors it and
 * how, and gives the owner of a session (or an admin) the buttons to switch its mode and to stop it.
 * The server decides: the buttons only send requests, the tile changes when the push says so.
 */
const MONITOR_MODES = ['listen', 'whisper', 'barge', 'takeover'];

const Monitors = (() => {
  const live = new Map(); // monitorId -> monitor JSON, sessions that have not ended
  const ended = new Set(); // monitorIds seen ended: a late POST answer must not bring one back
  const busy = new Set(); // agent ids with a monitor request in flight
  const notices = []; // {kind, key, params, until}: errors shown in the alerts panel for a while
  const NOTICE_MILLIS = 15000;

  function isMine(m) {
    return board.user && m.supervisor === board.user.username;
  }

  /** Supervisors of the agent's team and admins may monitor; agents never (the server checks too). */
  function mayMonitor(agent) {
    const u = board.user;
    if (!u || !agent) return false;
    if (u.agent && u.agent === agent.id) return false; // the user's own seat (after a take-over)
    if (u.role === 'ADMIN') return true;
    return u.role === 'SUPERVISOR' && Array.isArray(u.teams) && u.teams.includes(agent.team);
  }

  /** Only the supervisor who started a session, or an admin, may switch or stop it. */
  function mayControl(m) {
    return isMine(m) || (board.user && board.user.role === 'ADMIN');
  }

  function ofAgent(agentId) {
    return [...live.values()].filter((m) => m.agentId === agentId);
  }

  function put(m) {
    if (!m || !m.monitorId) return;
    if (m.state === 'ended') {
      const was = live.get(m.monitorId);
      live.delete(m.monitorId);
      ended.add(m.monitorId);
      if (was && isMine(was) && String(m.endReason || '').toLowerCase() === 'not_answered') {
        notice('monitor', 'monitorNotAnswered', { agent: agentLabel(m.agentId) });
      }
    } else if (!ended.has(m.monitorId)) {
      live.set(m.monitorId, m);
    }
  }

  function notice(kind, key, params) {
    notices.push({ kind, key, params: params || {}, until: Date.now() + NOTICE_MILLIS });
    while (notices.length > 5) notices.shift();
    renderAlerts();
  }

  /** What the server said no about, in the reader's language; unknown codes with the server's message. */
  function explain(agentId, err) {
    const agent = agentLabel(agentId);
    const seat = board.user && board.user.agent;
    const key = err.code === 'no_phone' && !seat ? 'monitorError_no_seat' : 'monitorError_' + err.code;
    if (err.code && key in I18N.en) {
      notice('monitor', key, { agent, seat, user: (board.user && board.user.username) || '' });
    } else {
      notice('monitor', 'monitorFailed', { agent, message: err.message });
    }
  }

  async function request(agentId, send) {
    if (busy.has(agentId)) return;
    busy.add(agentId);
    renderAgentById(agentId);
    try {
      await send();
    } catch (err) {
      explain(agentId, err);
    } finally {
      busy.delete(agentId);
      renderAgentById(agentId);
    }
  }

  function confirmTakeover(agentId) {
    return window.confirm(t('monitorConfirmTakeover', { agent: agentLabel(agentId) }));
  }

  /** A mode button: starts a session, or switches the caller's running one to that mode. */
  function onMode(agentId, mode) {
    const mine = ofAgent(agentId).find(mayControl);
    if (mine && mine.mode === mode) return;
    if (mode === 'takeover' && !confirmTakeover(agentId)) return;
    request(agentId, async () => {
      if (mine) {
        // Applied when the gateway confirms: the pushed event changes the badge, not this answer.
        await Api.put(`/api/monitors/${encodeURIComponent(mine.monitorId)}`, { mode });
      } else {
        const answer = await Api.post('/api/monitors', { agentId, mode });
        if (answer && answer.monitor && !live.has(answer.monitor.monitorId)) put(answer.monitor);
      }
    });
  }

  function onStop(agentId) {
    const mine = ofAgent(agentId).find(mayControl);
    if (!mine) return;
    request(agentId, () => Api.del(`/api/monitors/${encodeURIComponent(mine.monitorId)}`));
  }

  return {
    /** Joins the agent's call in whisper mode (a raised hand's one click, help.js), as the whisper button does. */
    whisper(agentId) {
      onMode(agentId, 'whisper');
    },

    /** Forgets everything (a new login). */
    clear() {
      live.clear();
      ended.clear();
      busy.clear();
      notices.length = 0;
    },

    /** After a snapshot: the live sessions the user may see replace what the page knew. */
    async fetch() {
      if (!isSupervisor()) {
        live.clear();
        return;
      }
      const answer = await Api.get('/api/monitors');
      live.clear();
      for (const m of answer.monitors || []) put(m);
    },

    /** A pushed {"type":"monitor","agentId","monitor"}: the session as it is now. */
    onPush(message) {
      const m = message.monitor;
      if (!m) return;
      if (!m.agentId) m.agentId = message.agentId;
      const before = live.get(m.monitorId);
      put(m);
      renderAgentById(m.agentId);
      if (before && before.agentId !== m.agentId) renderAgentById(before.agentId);
    },

    /** A pushed command-rejected: a monitor command the gateway refused is a notice like a REST error. */
    onRejected(message) {
      if (!/Monitor/.test(message.command || '')) return;
      notice('monitor', 'monitorRejected', { agent: agentLabel(message.agentId), reason: message.reason });
    },

    /** The tile's monitor parts: one badge per session, then the buttons. Built once per tile. */
    build(agentId) {
      const line = el('div', 'monitor-line');
      const badges = el('div', 'monitor-badges');
      const actions = el('div', 'monitor-actions');
      for (const mode of MONITOR_MODES) {
        const b = el('button', 'mon-mode mon-' + mode);
        b.type = 'button';
        b.dataset.mode = mode;
        b.dataset.i18nKey = 'monitorButton_' + mode;
        b.addEventListener('click', () => onMode(agentId, mode));
        actions.append(b);
      }
      const stop = el('button', 'mon-stop');
      stop.type = 'button';
      stop.dataset.i18nKey = 'monitorStop';
      stop.addEventListener('click', () => onStop(agentId));
      actions.append(stop);
      line.append(badges, actions);
      return line;
    },

    /** Draws the sessions of agent a on its tile and which buttons this user gets. */
    render(tile, a, call) {
      const sessions = ofAgent(a.id);
      const badges = tile.querySelector('.monitor-badges');
      // Badges are kept per session and updated in place, like the rest of the tile.
      const kept = new Map([...badges.children].map((b) => [b.dataset.monitor, b]));
      badges.replaceChildren(...sessions.map((m) => {
        const badge = kept.get(m.monitorId) || el('span', 'monitor-badge');
        badge.dataset.mode = m.mode;
        badge.dataset.state = m.state;
        badge.dataset.monitor = m.monitorId;
        badge.dataset.supervisor = m.supervisor;
        let text = `${t('monitorBadge_' + m.mode)} · ${m.supervisor}`;
        if (m.state === 'calling') text += ` · ${t('monitorCalling')}`;
        if (badge.textContent !== text) badge.textContent = text;
        badge.classList.toggle('mine', !!isMine(m));
        return badge;
      }));

      const actions = tile.querySelector('.monitor-actions');
      const mine = sessions.find(mayControl);
      // A connected (or held) call of the agent's: a queue call, or a click-to-dial call once answered.
      const onCall = !!call && (call.phase === 'CONNECTED' || call.phase === 'HELD') && call.agentId === a.id;
      // Someone else's session: the call is taken; only its owner or an admin acts on it.
      const othersOnly = sessions.length > 0 && !mine;
      const taken = mine && mine.mode === 'takeover';
      actions.hidden = !mayMonitor(a) || othersOnly || taken || (!mine && !onCall);
      const inFlight = busy.has(a.id);
      actions.querySelectorAll('button').forEach((b) => {
        b.textContent = t(b.dataset.i18nKey);
      });
      actions.querySelectorAll('.mon-mode').forEach((b) => {
        const current = !!mine && mine.mode === b.dataset.mode;
        b.classList.toggle('current', current);
        b.setAttribute('aria-pressed', String(current));
        // A session still ringing the supervisor's phone cannot switch yet (409 not_active).
        b.disabled = inFlight || current || (!!mine && mine.state !== 'active');
      });
      const stop = actions.querySelector('.mon-stop');
      stop.hidden = !mine;
      stop.disabled = inFlight;
      tile.querySelector('.monitor-line').hidden = sessions.length === 0 && actions.hidden;
    },

    /** Errors still to show in the alerts panel, as [kind, text] in the current language. */
    alerts() {
      const now = Date.now();
      while (notices.length && notices[0].until <= now) notices.shift();
      return notices.filter((n) => n.until > now).map((n) => [n.kind, t(n.key, n.params)]);
    },

    live: () => [...live.values()],
    busy: (agentId) => busy.has(agentId),
  };
})();
