'use strict';
/*
 * The QA console (质检台): a plain client of the REST + WebSocket API (docs/API.md, "Recordings" and "Quality
 * assurance") for supervisors, QA evaluators and admins. Tabs: the evaluator's work list, the recording search
 * (every filter of GET /api/recordings, paged, numbers masked by the server), the QA KPIs per team and queue. A
 * review shows one call: the player with its timeline (player.js) beside its evaluation (form.js). The pushes keep
 * an open evaluation and the lists current when the agent acknowledges or disputes.
 */
const app = {
  user: null,
  site: null,
  queues: [],
  agents: new Map(), // id -> agent object (GET /api/agents: the agents the user may see)
  tab: 'worklist',
  work: [],
  workSeq: 0,
  search: { page: 0, size: 20, total: 0, query: null, rows: [], seq: 0 },
  kpis: null,
  review: null, // {callId, agentId, call}
  stream: null,
};

const $ = (id) => document.getElementById(id);

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined && text !== null) e.textContent = text;
  return e;
}

/** Names of what the API gives by id, in the page's language. */
const Directory = {
  agentName(id) {
    if (!id) return '';
    const a = app.agents.get(id);
    return a && a.name ? `${a.name} (${a.workNumber || id})` : id;
  },
  queueName(id) {
    if (!id) return '';
    const q = app.queues.find((x) => x.id === id);
    if (q) return localized(q.name, id);
    const key = 'queue_' + id;
    return t(key) === key ? id : t(key);
  },
  teamName(id) {
    const team = app.site && (app.site.teams || []).find((x) => x.id === id);
    return team ? localized(team.name, id) : id;
  },
  wrapUpLabel(code) {
    const c = app.site && (app.site.wrapUpCodes || []).find((x) => x.code === code);
    return c ? localized(c.label, code) : code;
  },
};

const mayEvaluate = () => app.user && ['QA', 'SUPERVISOR', 'ADMIN'].includes(app.user.role);
const pct = (r) => (r == null ? '—' : (r * 100).toFixed(1) + '%');
const num = (n) => (n == null ? '—' : String(Math.round(n * 100) / 100));
const mmss = (seconds) => Player.clock(seconds || 0);
const when = (iso) => SiteTime.dateTime(iso);

function notice(message) {
  const n = $('notice');
  n.hidden = !message;
  n.textContent = message || '';
}

// ---- start / stop (the login and logout: common/session.js) ------------------------------------------------

/** Agents have their own evaluations on the desktop: the console refuses them (and ends their session). */
function refuseAgents(me) {
  return me.role === 'AGENT' ? t('refusedRole', { user: me.displayName || me.username }) : null;
}

async function startConsole(me) {
  app.user = me;
  const [site, queues, agents] = await Promise.all([Api.get('/api/site'), Api.get('/api/queues'),
    Api.get('/api/agents')]);
  app.site = site;
  SiteTime.setZone(site.timeZone);
  app.queues = queues.queues || [];
  app.agents = new Map((agents.agents || []).map((a) => [a.id, a]));
  Session.reveal();
  // the site's days (site.timeZone), not the browser's: after the site's midnight they differ
  const now = Date.now();
  $('f-from').value = SiteTime.day(now - 7 * 86400000);
  $('f-to').value = SiteTime.day(now);
  $('kpi-from').value = SiteTime.day(now);
  $('kpi-to').value = SiteTime.day(now);
  applyLang();
  showTab('worklist');
  app.stream = new EventStream({
    onMessage,
    onState: renderConnection,
    onRefused: Session.expired,
  });
  app.stream.start();
}

function stopConsole() {
  if (app.stream) app.stream.stop();
  app.stream = null;
  Player.close();
}

function renderConnection(state, seconds) {
  const c = $('conn');
  c.dataset.conn = state;
  c.textContent = t('conn_' + state, { seconds });
}

// ---- pushes -------------------------------------------------------------------------------------------------

function onMessage(m) {
  if (m.type === 'evaluation' && m.evaluation) {
    const open = EvaluationForm.current();
    if (open && open.id === m.evaluation.id && !EvaluationForm.busy()) {
      Api.get(`/api/qa/evaluations/${open.id}`).then((a) => EvaluationForm.show(a.evaluation, mayEvaluate()),
        () => {});
    }
    if (app.tab === 'worklist') loadWorkList();
  } else if (m.type === 'qa' && app.tab === 'kpis' && $('kpi-from').value === SiteTime.day(Date.now())
      && $('kpi-to').value === SiteTime.day(Date.now())) {
    loadKpis();
  }
}

// ---- tabs ---------------------------------------------------------------------------------------------------

function showTab(name) {
  app.tab = name;
  $('review').hidden = true;
  Player.close();
  app.review = null;
  document.querySelectorAll('[data-panel]').forEach((p) => { p.hidden = p.dataset.panel !== name; });
  document.querySelectorAll('#tabs [data-tab]').forEach((b) => b.classList.toggle('active', b.dataset.tab === name));
  notice(null);
  if (name === 'worklist') loadWorkList();
  if (name === 'kpis') loadKpis();
  if (name === 'search' && app.search.query === null) runSearch(0);
}

// ---- recording search -----------------------------------------------------------------------------------------

function fillSelect(select, options) {
  const keep = select.value;
  select.replaceChildren();
  const any = el('option', null, t('any'));
  any.value = '';
  select.appendChild(any);
  for (const [value, label] of options) {
    const o = el('option', null, label);
    o.value = value;
    select.appendChild(o);
  }
  select.value = keep;
}

function fillFilters() {
  fillSelect($('f-queue'), app.queues.map((q) => [q.id, localized(q.name, q.id)]));
  fillSelect($('f-agent'), [...app.agents.values()].map((a) => [a.id, Directory.agentName(a.id)]));
  fillSelect($('f-outcome'), ['ANSWERED', 'ABANDONED', 'OVERFLOWED', 'TIMED_OUT', 'FAILED', 'NO_ANSWER', 'IN_PROGRESS']
    .map((o) => [o, t('outcome_' + o)]));
  fillSelect($('f-wrapup'), ((app.site && app.site.wrapUpCodes) || []).map((c) => [c.code, localized(c.label, c.code)]));
}

function searchQuery() {
  const q = new URLSearchParams();
  const put = (name, value) => { if (value !== '' && value != null) q.set(name, value); };
  put('from', $('f-from').value);
  put('to', $('f-to').value);
  put('queue', $('f-queue').value);
  put('agent', $('f-agent').value);
  put('outcome', $('f-outcome').value);
  put('wrapUpCode', $('f-wrapup').value);
  put('minHoldSeconds', $('f-min-hold').value.trim());
  put('minRings', $('f-min-rings').value.trim());
  return q;
}

async function runSearch(page) {
  const q = page === 0 || app.search.query === null ? searchQuery() : new URLSearchParams(app.search.query);
  app.search.query = q.toString();
  q.set('page', String(page));
  q.set('size', String(app.search.size));
  const seq = ++app.search.seq; // an older search answering late is not shown over a newer one
  try {
    const answer = await Api.get('/api/recordings?' + q.toString());
    if (seq !== app.search.seq) return;
    app.search.page = answer.page;
    app.search.total = answer.total;
    app.search.rows = answer.recordings || [];
    notice(null);
    renderResults();
  } catch (err) {
    notice(err.message);
  }
}

function renderResults() {
  const body = $('results');
  body.replaceChildren();
  for (const r of app.search.rows) {
    const c = r.call || {};
    const tr = document.createElement('tr');
    tr.dataset.recording = r.id;
    tr.dataset.call = r.callId;
    const button = el('button', 'open', t('open'));
    button.type = 'button';
    button.addEventListener('click', () => openRecording(r.id));
    const action = el('td');
    action.appendChild(button);
    tr.append(el('td', null, when(c.startedAt || r.startedAt)), el('td', null, Directory.queueName(c.queueId)),
      el('td', null, Directory.agentName(c.agentId || r.agentId)), el('td', 'party', c.party || ''),
      el('td', null, c.outcome ? t('outcome_' + c.outcome) : ''), el('td', 'rings', c.rings != null ? c.rings : ''),
      el('td', null, mmss(c.holdSeconds)), el('td', null, mmss(c.talkSeconds)),
      el('td', null, mmss((r.durationMillis || 0) / 1000)),
      el('td', null, c.wrapUpCode ? Directory.wrapUpLabel(c.wrapUpCode) : ''),
      el('td', null, t('rec_' + r.status)), action);
    body.appendChild(tr);
  }
  const pages = Math.max(1, Math.ceil(app.search.total / app.search.size));
  $('page-info').textContent = app.search.rows.length === 0 ? t('noResults')
    : t('pageInfo', { total: app.search.total, page: app.search.page + 1, pages });
  $('page-prev').disabled = app.search.page <= 0;
  $('page-next').disabled = app.search.page + 1 >= pages;
}

// ---- review: a call's recording and evaluation ---------------------------------------------------------------

function showReview(call) {
  document.querySelectorAll('[data-panel]').forEach((p) => { p.hidden = true; });
  $('review').hidden = false;
  app.review = { callId: call.id, agentId: call.agentId, call };
  renderCallSummary();
  notice(null);
}

function renderCallSummary() {
  const c = app.review && app.review.call;
  if (!c) return;
  $('call-summary').textContent = [Directory.agentName(c.agentId), Directory.queueName(c.queueId), c.party,
    when(c.startedAt), c.outcome ? t('outcome_' + c.outcome) : ''].filter((x) => x).join(' · ');
}

/** From the search: the recording (with its timeline), then the call's evaluation if there is one. */
async function openRecording(id) {
  try {
    const detail = await Api.get(`/api/recordings/${encodeURIComponent(id)}`);
    const call = Object.assign({ id: detail.recording.callId, agentId: detail.recording.agentId },
      detail.recording.call || {});
    call.id = detail.recording.callId;
    showReview(call);
    Player.open(detail);
    EvaluationForm.none(call.id, mayEvaluate());
    const evaluation = await findEvaluation(call);
    if (evaluation) EvaluationForm.show(evaluation, mayEvaluate());
  } catch (err) {
    notice(err.message);
  }
}

/** From the work list: the evaluation (opened, pre-filled, by the server if new), then the call's recording. */
async function openWorkItem(item) {
  try {
    const answer = await Api.post('/api/qa/evaluations', { callId: item.callId });
    const evaluation = answer.evaluation;
    const call = Object.assign({ id: item.callId, agentId: item.agentId }, evaluation.call || item.call || {});
    showReview(call);
    EvaluationForm.show(evaluation, mayEvaluate());
    const recording = await findRecording(call);
    if (recording) Player.open(await Api.get(`/api/recordings/${encodeURIComponent(recording.id)}`));
    else Player.none();
    EvaluationForm.render(); // the evidence links need the player
  } catch (err) {
    notice(err.message);
  }
}

/** The call's evaluation, looked up among the agent's (the list is by day of creation: the call's day onwards). */
async function findEvaluation(call) {
  if (!call.agentId) return null;
  const from = SiteTime.day(call.startedAt || Date.now());
  const q = new URLSearchParams({ agent: call.agentId, status: 'all', from, to: SiteTime.day(Date.now()), limit: '500' });
  const list = await Api.get('/api/qa/evaluations?' + q.toString());
  const found = (list.evaluations || []).find((e) => e.callId === call.id);
  if (!found) return null;
  return (await Api.get(`/api/qa/evaluations/${found.id}`)).evaluation;
}

/** The call's recording: its agent's recordings that began while the call lasted. */
async function findRecording(call) {
  if (!call.agentId || !call.startedAt) return null;
  const start = Date.parse(call.startedAt);
  const end = call.endedAt ? Date.parse(call.endedAt) : start + 86400000;
  const q = new URLSearchParams({ agent: call.agentId, from: new Date(start - 1000).toISOString(),
    to: new Date(end + 1000).toISOString(), size: '200' });
  const list = await Api.get('/api/recordings?' + q.toString());
  return (list.recordings || []).find((r) => r.callId === call.id) || null;
}

// ---- language -----------------------------------------------------------------------------------------------

function applyLang() {
  document.documentElement.lang = Lang.get();
  document.title = t('title');
  document.querySelectorAll('[data-i18n]').forEach((e) => { e.textContent = t(e.dataset.i18n); });
  if (app.user) {
    $('who').textContent = `${app.user.displayName || app.user.username} · ${t('role_' + app.user.role)}`;
    $('company').textContent = app.site ? localized(app.site.company, '') : '';
    fillFilters();
    renderWorkList();
    if (app.search.query !== null) renderResults();
    renderKpis();
    renderCallSummary();
    Player.render();
    if (EvaluationForm.current() || !$('review').hidden) EvaluationForm.render();
    if (app.stream) renderConnection($('conn').dataset.conn);
  }
}

function toggleLang() {
  Lang.set(Lang.other());
  applyLang();
}

// ---- wiring -------------------------------------------------------------------------------------------------

function init() {
  Player.init();
  EvaluationForm.init({ onChange: () => { if (app.tab === 'worklist') loadWorkList(); } });
  Session.mount({ content: 'console', open: startConsole, close: stopConsole, refuse: refuseAgents,
    switchLanguage: toggleLang });
  $('lang-toggle').addEventListener('click', toggleLang);
  document.querySelectorAll('#tabs [data-tab]').forEach((b) => b.addEventListener('click', () => showTab(b.dataset.tab)));
  $('review-back').addEventListener('click', () => showTab(app.tab));
  $('wl-status').addEventListener('change', renderWorkList);
  $('wl-refresh').addEventListener('click', loadWorkList);
  $('search-form').addEventListener('submit', (e) => {
    e.preventDefault();
    runSearch(0);
  });
  $('page-prev').addEventListener('click', () => runSearch(app.search.page - 1));
  $('page-next').addEventListener('click', () => runSearch(app.search.page + 1));
  $('kpi-form').addEventListener('submit', (e) => {
    e.preventDefault();
    loadKpis();
  });
  applyLang();
  Session.resume();
}

init();
