'use strict';
/*
 * "Ask for help" on the wallboard (issue 18; docs/API.md, "Ask for help"): the hands the agents of the supervisor's
 * teams raised during a call, longest waiting first, with the agent, its call and how long it has waited. One click
 * joins the call in whisper mode through the monitor API (as the tile's whisper button); the server lowers the hand
 * once the monitor is active, or when the agent cancels or the call ends, and says so by a "help" push.
 * Read after each snapshot (GET /api/help) and kept live by the pushes.
 */
Object.assign(I18N.en, {
  helpHands: 'Raised hands',
  noHands: 'No agent asks for help.',
  handRow: '{agent} · call {call} · waiting ',
  handJoin: 'Join (whisper)',
});
Object.assign(I18N['zh-CN'], {
  helpHands: '坐席求助',
  noHands: '没有坐席求助。',
  handRow: '{agent} · 通话 {call} · 已等 ',
  handJoin: '加入(耳语)',
});

const Hands = (() => {
  const hands = new Map(); // agentId -> hand JSON, raised

  function row(h) {
    const li = el('li', 'alert help-hand');
    li.dataset.agent = h.agentId;
    li.append(el('span', 'what', t('handRow', { agent: agentLabel(h.agentId), call: h.callId })));
    li.append(el('b', 'wait', waited(h)));
    const join = el('button', 'help-join', t('handJoin'));
    join.type = 'button';
    join.addEventListener('click', () => Monitors.whisper(h.agentId));
    li.append(join);
    return li;
  }

  function waited(h) {
    return formatDuration(Math.max(0, (serverNow() - Date.parse(h.raisedAt)) / 1000));
  }

  /** Each second: the waiting times move, the rows (and their buttons) stay. */
  function tick() {
    for (const li of document.querySelectorAll('#help-hands li.help-hand')) {
      const h = hands.get(li.dataset.agent);
      if (h) li.querySelector('.wait').textContent = waited(h);
    }
  }

  function render() {
    const list = $('help-hands');
    if (!list) return;
    const raised = [...hands.values()].sort((a, b) => Date.parse(a.raisedAt) - Date.parse(b.raisedAt));
    list.replaceChildren(...(raised.length ? raised.map(row) : [el('li', 'none', t('noHands'))]));
  }

  /** After a snapshot: the hands raised now (403 for a role that sees none: the list stays empty). */
  async function fetch() {
    hands.clear();
    try {
      const r = await Api.get('/api/help');
      for (const h of r.hands) hands.set(h.agentId, h);
    } finally {
      render();
    }
  }

  /** A pushed {"type":"help","state":"raised"|"lowered","hand"}. */
  function onPush(m) {
    if (m.state === 'raised') hands.set(m.hand.agentId, m.hand);
    else hands.delete(m.agentId);
    render();
  }

  return { fetch, onPush, render, tick };
})();
