'use strict';
/*
 * The agent desk in the browser (issue 19), reached from the front door (home/) after its one login: the seat's
 * state and not-ready reasons, the current call with its script steps and quick phrases (clicking one reports it as
 * QA evidence: POST /api/agents/{id}/script-events), the hold timer and its thresholds, wrap-up with the queue's
 * codes, and the seat's phone (phone.js). REST for actions, the pushed events (/api/events) for everything that
 * changes, like the wallboard. Times are the site's (SiteTime).
 */
const $ = (id) => document.getElementById(id);
const desk = {
  me: null, agentId: null, agent: null, site: null, stream: null, tick: null,
  call: null, script: null, heldSince: null, threshold: null, phone: 'off', phoneParams: {},
  serverSeesPhone: null, ringing: null, media: '',
};

function reasonLabel(code) {
  const r = (desk.site && desk.site.notReadyReasons || []).find((x) => x.code === code);
  return r ? localized(r.label, code) : code || '';
}

function render() {
  document.querySelectorAll('[data-i18n]').forEach((e) => { e.textContent = t(e.dataset.i18n); });
  document.querySelectorAll('[data-i18n-placeholder]').forEach((e) => { e.placeholder = t(e.dataset.i18nPlaceholder); });
  if (!desk.me) return;
  $('who').textContent = `${desk.me.displayName || desk.me.username} · ${desk.agentId}`;
  renderState();
  renderPhone();
  renderCall();
}

function renderState() {
  const a = desk.agent || { state: 'LOGGED_OUT' };
  $('state').dataset.state = a.state;
  $('state').textContent = t('state_' + a.state);
  $('state-reason').textContent = a.state === 'NOT_READY' ? reasonLabel(a.reason) : '';
  $('state-since').textContent = a.since ? t('since', { time: SiteTime.dateTime(a.since) }) : '';
  $('pending').textContent = a.pendingNotReady ? t('pending', { reason: reasonLabel(a.pendingNotReady) }) : '';
  const out = a.state === 'LOGGED_OUT';
  $('seat-login').hidden = !out;
  $('seat-logout').hidden = out;
  $('ready').disabled = out || a.state === 'READY';
  $('not-ready').disabled = out;
  $('reason').disabled = out;
  $('wrapup-panel').hidden = a.state !== 'WRAP_UP';
  if (a.state === 'WRAP_UP') renderWrapUpCodes(a.queueId);
}

function renderWrapUpCodes(queueId) {
  const select = $('wrapup-code');
  const codes = (desk.site.wrapUpCodes || []).filter((c) => !queueId || !c.queues || c.queues.length === 0
    || c.queues.includes(queueId));
  const keep = select.value;
  select.replaceChildren(...codes.map((c) => new Option(localized(c.label, c.code), c.code)));
  if (keep) select.value = keep;
}

function renderPhone() {
  const s = $('phone-status');
  s.dataset.state = desk.phone;
  s.textContent = t('phone_' + desk.phone, desk.phoneParams);
  $('phone-server').textContent = desk.serverSeesPhone === null ? ''
    : t(desk.serverSeesPhone ? 'phone_server_yes' : 'phone_server_no');
  $('phone-ringing').hidden = !desk.ringing;
  const media = $('phone-media');
  media.dataset.state = desk.media;
  media.hidden = !desk.media;
  media.textContent = desk.media ? t('media_' + desk.media) : '';
}

function renderCall() {
  const c = desk.call;
  $('call-panel').hidden = !c;
  $('script-panel').hidden = !c || !desk.script;
  if (!c) return;
  $('call-caller').textContent = c.caller || c.dialled || '';
  $('call-queue').textContent = c.queueId || '';
  $('call-phase').textContent = c.phase || '';
  const held = c.phase === 'HELD';
  $('hold').disabled = held;
  $('resume').disabled = !held;
  $('hold-line').hidden = !held;
  $('hold-threshold').textContent = held && desk.threshold ? t('holdThreshold', { seconds: desk.threshold }) : '';
  tick();
  if (desk.script) {
    $('script-name').textContent = desk.script.name || desk.script.id;
    $('script-steps').replaceChildren(...(desk.script.steps || []).map((s) => scriptItem('step', s, 'li')));
    $('script-phrases').replaceChildren(...(desk.script.quickPhrases || []).map((p) => scriptItem('phrase', p, 'li')));
  }
}

function scriptItem(kind, item, tag) {
  const li = document.createElement(tag);
  li.dataset.id = item.id;
  const title = document.createElement('strong');
  title.textContent = item.title + ' ';
  const text = document.createElement('span');
  text.textContent = item.text;
  li.append(title, text);
  li.addEventListener('click', () => {
    li.parentElement.querySelectorAll('.current').forEach((e) => e.classList.remove('current'));
    li.classList.add('current');
    act(() => Api.post(`/api/agents/${encodeURIComponent(desk.agentId)}/script-events`,
      { kind, id: item.id, scriptId: desk.script.id, callId: desk.call && desk.call.id }));
  });
  return li;
}

function tick() {
  if (!desk.call || desk.call.phase !== 'HELD' || !desk.heldSince) return;
  const s = Math.max(0, Math.floor((Date.now() - desk.heldSince) / 1000));
  $('hold-timer').textContent = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

// ---- actions ----------------------------------------------------------------------------------------------

async function act(fn) {
  $('action-error').textContent = '';
  try {
    const answer = await fn();
    if (answer && answer.id === desk.agentId && answer.state) {
      desk.agent = answer;
      renderState();
    }
  } catch (err) {
    if (err.status === 401) {
      Session.expired();
      return;
    }
    $('action-error').textContent = t('actionFailed', { message: err.message });
  }
}

const agentPath = (what) => `/api/agents/${encodeURIComponent(desk.agentId)}/${what}`;
const callPath = (what) => `/api/calls/${encodeURIComponent(desk.call.id)}/${what}`;

function wire() {
  $('seat-login').addEventListener('click', () => act(() => Api.post(agentPath('state'), { state: 'LOGGED_IN' })));
  $('seat-logout').addEventListener('click', () => act(() => Api.post(agentPath('state'), { state: 'LOGGED_OUT' })));
  $('ready').addEventListener('click', () => act(() => Api.post(agentPath('state'), { state: 'READY' })));
  $('not-ready').addEventListener('click', () => act(() => Api.post(agentPath('state'),
    { state: 'NOT_READY', reason: $('reason').value })));
  $('hold').addEventListener('click', () => desk.call && act(() => Api.post(callPath('hold'))));
  $('resume').addEventListener('click', () => desk.call && act(() => Api.post(callPath('resume'))));
  $('hangup').addEventListener('click', () => desk.call && act(() => Api.post(callPath('hangup'))));
  $('wrapup-done').addEventListener('click', () => act(() => Api.post(agentPath('wrapup'),
    { code: $('wrapup-code').value, notes: $('wrapup-notes').value || undefined })
    .then((a) => { $('wrapup-notes').value = ''; return a; })));
  $('phone-answer').addEventListener('click', () => DeskPhone.answer().catch((err) => {
    $('action-error').textContent = err && err.name === 'NotAllowedError' ? t('micDenied')
      : t('actionFailed', { message: err && err.message });
  }));
  $('lang-toggle').addEventListener('click', switchLanguage);
}

// ---- pushed messages --------------------------------------------------------------------------------------

function onMessage(m) {
  switch (m.type) {
    case 'snapshot': {
      const own = (m.agents || []).find((a) => a.id === desk.agentId);
      if (own) {
        desk.agent = own;
        if (own.phoneRegistered !== undefined) desk.serverSeesPhone = own.phoneRegistered;
      }
      render();
      refreshCall();
      break;
    }
    case 'agent':
      if (m.agent && m.agent.id === desk.agentId) {
        desk.agent = m.agent;
        renderState();
      }
      break;
    case 'phone':
      if (m.agentId === desk.agentId) {
        desk.serverSeesPhone = m.registered;
        renderPhone();
      }
      break;
    case 'call':
      if (m.call && m.call.agentId === desk.agentId || desk.call && m.call && m.call.id === desk.call.id) {
        onCall(m);
      }
      break;
    case 'script':
      if (m.agentId === desk.agentId) {
        desk.script = m.script;
        renderCall();
      }
      break;
    case 'hold-threshold':
      if (m.agentId === desk.agentId) {
        desk.threshold = m.thresholdSeconds;
        renderCall();
      }
      break;
    default:
      break;
  }
}

function onCall(m) {
  if (m.event === 'cleared' || m.call.agentId !== desk.agentId) {
    desk.call = null;
    desk.script = null;
    desk.heldSince = null;
    desk.threshold = null;
  } else {
    desk.call = m.call;
    if (m.event === 'held') desk.heldSince = Date.parse(m.at) || Date.now();
    if (m.call.heldSince) desk.heldSince = Date.parse(m.call.heldSince);
    if (m.event === 'resumed') {
      desk.heldSince = null;
      desk.threshold = null;
    }
  }
  renderCall();
}

/** After a (re)connection: the agent's live call, if any, from GET /api/calls. */
async function refreshCall() {
  try {
    const answer = await Api.get('/api/calls');
    const c = (answer.calls || []).find((x) => x.agentId === desk.agentId);
    desk.call = c || null;
    desk.heldSince = c && c.heldSince ? Date.parse(c.heldSince) : null;
    renderCall();
  } catch (err) {
    // the stream's next snapshot tries again
  }
}

// ---- start and stop ---------------------------------------------------------------------------------------

async function open(me) {
  if (!me.agent) throw new Error(t('noSeat', { user: me.username }));
  desk.me = me;
  desk.agentId = me.agent;
  desk.site = await Api.get('/api/site');
  if (desk.site.timeZone) SiteTime.setZone(desk.site.timeZone);
  $('reason').replaceChildren(...(desk.site.notReadyReasons || [])
    .map((r) => new Option(localized(r.label, r.code), r.code)));
  desk.agent = me.agentState || null;
  render();
  Session.reveal();
  desk.stream = new EventStream({
    onMessage,
    onState: (state, seconds) => { $('connection').textContent = t(state, { seconds }); },
    onRefused: Session.expired,
  });
  desk.stream.start();
  desk.tick = setInterval(tick, 1000);
  const phone = await Api.get(agentPath('phone'));
  desk.serverSeesPhone = phone.phoneRegistered;
  DeskPhone.start(phone, (state, params) => {
    desk.phone = state;
    desk.phoneParams = params || {};
    renderPhone();
  }, (session) => {
    desk.ringing = session;
    renderPhone();
  }, (state) => {
    desk.media = state;
    renderPhone();
  });
}

function close() {
  DeskPhone.stop();
  clearInterval(desk.tick);
  if (desk.stream) desk.stream.stop();
  Object.assign(desk, { me: null, agentId: null, agent: null, stream: null, call: null, script: null,
    phone: 'off', serverSeesPhone: null, ringing: null, media: '' });
}

function switchLanguage() {
  Lang.set(Lang.other());
  render();
}

document.documentElement.lang = Lang.get();
wire();
Session.mount({ content: 'desk', open, close, switchLanguage });
render();
Session.resume();
