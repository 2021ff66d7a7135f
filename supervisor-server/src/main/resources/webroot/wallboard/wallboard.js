'use strict';
/*
 * The live supervisor wallboard: a plain client of the REST + WebSocket API (docs/API.md). Everything on it
 * is pushed: agent events, call events, hold-threshold events and the per-second queue figures. The only
 * local clock work is ticking the timers (time in state, talk, hold) between pushes, against the server's
 * clock (the offset is learnt from the pushes' "at").
 */
const TREND_MINUTES = 15;

const board = {
  user: null,
  queues: new Map(), // id -> {config (GET /api/queues), live (latest push)}
  qa: new Map(), // queue id -> today's QA figures (GET /api/qa/kpis, then the qa push)
  agents: new Map(), // id -> agent object
  agentSeq: -1,
  snapshots: 0, // snapshots taken since the page loaded (one per connection)
  calls: new Map(), // call id -> call object
  holdLevels: new Map(), // call id -> highest threshold level crossed
  phones: new Map(), // agent id -> registered (known only after a phone event)
  // the gateway's recording disk (GET /api/recordings/disk, then recording-disk pushes); null until it reports
  recordingDisk: null,
  lockouts: new Map(), // extension -> sip-lockout push (the registrar locked it; shown until lockedUntil)
  // records the server could not store since it started (GET /api/health's lostRecords, then store-alert pushes)
  storeAlert: null,
  occupancy: null,
  // GET /api/site: labels and compliance timers. Until it has been read, hold colours come from the server's
  // hold-threshold pushes alone and ring counts from the call's ringTargetMet.
  site: null,
  /** Hold compliance thresholds in seconds (site compliance); a hold-threshold event with its level overrides an entry. */
  holdThresholds: [],
  clockOffset: 0,
  resyncing: false,
  buffered: [],
  stream: null,
  chart: null,
  tickTimer: null,
};

const $ = (id) => document.getElementById(id);
const serverNow = () => Date.now() + board.clockOffset;
const isSupervisor = () => board.user && (board.user.role === 'SUPERVISOR' || board.user.role === 'ADMIN');

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

function queueName(id) {
  const q = board.queues.get(id);
  return q && q.config ? localized(q.config.name, id) : id;
}

/**
 * The name of a not-ready reason in the current language: system reasons from the dictionary, configured
 * ones from the site's labels, anything else (a reason configured after the page loaded) by its code.
 */
function reasonLabel(code) {
  if (!code) return '';
  if (('reason_' + code) in I18N.en) return t('reason_' + code);
  const reason = board.site && board.site.notReadyReasons.find((r) => r.code === code);
  return reason ? localized(reason.label, code) : code;
}

function agentLabel(id) {
  const a = board.agents.get(id);
  return a && a.name ? `${a.name} (${a.workNumber || id})` : id;
}

// ---- start / stop (the login and logout: common/session.js) ----------------------------------------------

async function startBoard(me) {
  board.user = me;
  Session.reveal();
  board.agents.clear();
  board.calls.clear();
  board.holdLevels.clear();
  board.recordingDisk = null;
  Monitors.clear();
  board.agentSeq = -1;
  board.chart = new TrendChart($('trend'), $('trend-legend'), TREND_MINUTES);
  $('agents').replaceChildren();
  await Promise.all([fetchQueues(), fetchSite()]);
  renderStatic();
  board.stream = new EventStream({
    onMessage,
    onState: renderConnection,
    onRefused: Session.expired,
  });
  board.stream.start();
  clearInterval(board.tickTimer);
  board.tickTimer = setInterval(tick, 1000);
}

function stopBoard() {
  clearInterval(board.tickTimer);
  if (board.stream) board.stream.stop();
  board.stream = null;
}

// ---- pushed messages ------------------------------------------------------------------------------------

function onMessage(m) {
  if (m.at) {
    const at = Date.parse(m.at);
    if (!Number.isNaN(at)) board.clockOffset = at - Date.now();
  }
  if (board.resyncing && (m.type === 'call' || m.type === 'hold-threshold' || m.type === 'monitor'
      || m.type === 'recording-disk')) {
    board.buffered.push(m);
    return;
  }
  switch (m.type) {
    case 'snapshot':
      onSnapshot(m);
      break;
    case 'agent':
      if (m.seq > board.agentSeq) {
        board.agentSeq = m.seq;
        board.agents.set(m.agent.id, m.agent);
        renderAgent(m.agent);
      }
      break;
    case 'call':
      onCall(m);
      break;
    case 'hold-threshold': {
      board.holdThresholds[m.level - 1] = m.thresholdSeconds;
      board.holdLevels.set(m.callId, Math.max(m.level, board.holdLevels.get(m.callId) || 0));
      const held = board.calls.get(m.callId);
      if (held && !held.heldSince) held.heldSince = m.heldSince;
      renderAgentById(m.agentId);
      break;
    }
    case 'phone':
      board.phones.set(m.agentId, m.registered);
      renderAgentById(m.agentId);
      break;
    case 'queues':
      onQueues(m);
      break;
    case 'qa':
      for (const q of m.queues || []) board.qa.set(q.id, q);
      renderQueues();
      break;
    case 'monitor':
      Monitors.onPush(m);
      break;
    case 'command-rejected':
      Monitors.onRejected(m);
      break;
    case 'recording-disk':
      board.recordingDisk = m.disk;
      renderAlerts();
      break;
    case 'sip-lockout':
      board.lockouts.set(m.extension, m);
      renderAlerts();
      break;
    case 'store-alert':
      board.storeAlert = m.store;
      renderAlerts();
      break;
    case 'follow-ups':
      FollowUps.onPush(m);
      break;
    case 'help':
      Hands.onPush(m);
      break;
    default:
      break; // script pushes are for agent desktops
  }
}

/** A new connection: agents from the snapshot, site, queues and calls re-fetched, call events held until then. */
async function onSnapshot(m) {
  board.snapshots += 1;
  board.user = Object.assign({}, board.user, m.user);
  board.agentSeq = m.seq;
  const ids = new Set();
  for (const a of m.agents) {
    ids.add(a.id);
    board.agents.set(a.id, a);
    // known once the gateway's snapshot reached the server (after a restart, READY agents without a phone show it)
    if (a.phoneRegistered !== undefined) board.phones.set(a.id, a.phoneRegistered);
  }
  for (const id of [...board.agents.keys()]) {
    if (!ids.has(id)) board.agents.delete(id);
  }
  renderAllAgents(m.agents.map((a) => a.id));
  renderStatic();
  board.resyncing = true;
  board.buffered = [];
  try {
    const [, calls] = await Promise.all([fetchQueues(), Api.get('/api/calls'), fetchSite(),
      // Monitors after the snapshot; a failure here leaves the rest of the board working.
      Monitors.fetch().catch(() => {}), fetchQa(),
      // overdue callbacks and open complaints; a role without them (or a server without follow-ups) shows none
      FollowUps.fetch().catch(() => {}),
      // the agents' raised hands ("ask for help"); a role that may not see them shows none
      Hands.fetch().catch(() => {}),
      // the recording disk's last report; a server without recordings answers 503: no alert then
      Api.get('/api/recordings/disk').then((r) => { board.recordingDisk = r.disk; }, () => {}),
      // records the server could not store since it started (the store alert)
      Api.get('/api/health').then((h) => { board.storeAlert = h.lostRecords || null; }, () => {})]);
    board.calls.clear();
    for (const c of calls.calls) board.calls.set(c.id, c);
  } catch (e) {
    // The stream reconnects on its own; the next snapshot tries again.
  } finally {
    board.resyncing = false;
    const replay = board.buffered;
    board.buffered = [];
    replay.forEach(onMessage);
  }
  renderQueues();
  board.agents.forEach(renderAgent);
}

function onCall(m) {
  const c = m.call;
  if (m.event === 'cleared') {
    board.calls.delete(c.id);
    board.holdLevels.delete(c.id);
  } else {
    board.calls.set(c.id, c);
    if (m.event === 'resumed') board.holdLevels.delete(c.id);
  }
  if (c.agentId) renderAgentById(c.agentId);
}

function onQueues(m) {
  board.occupancy = m.occupancy;
  const at = m.at ? Date.parse(m.at) : serverNow();
  for (const live of m.queues) {
    const q = board.queues.get(live.id) || { config: null, live: null };
    q.live = live;
    board.queues.set(live.id, q);
    board.chart.add(live.id, at, live.today ? live.today.serviceLevel : null, live.serviceLevelTarget);
  }
  renderQueues();
}

/** Reason labels and compliance timers (GET /api/site), read at login and on every new connection. */
async function fetchSite() {
  const site = await Api.get('/api/site');
  site.notReadyReasons = site.notReadyReasons || [];
  board.site = site;
  SiteTime.setZone(site.timeZone);
  board.holdThresholds = [...((site.compliance && site.compliance.holdThresholdsSeconds) || [])];
  renderStatic();
}

/** Today's QA pass rate and average score per queue; a user who may not see them just gets no figures. */
async function fetchQa() {
  try {
    const kpis = await Api.get('/api/qa/kpis');
    for (const q of kpis.queues || []) board.qa.set(q.id, q);
  } catch (e) {
    // not allowed or not answered: the panels show "—"
  }
}

async function fetchQueues() {
  const answer = await Api.get('/api/queues');
  for (const q of answer.queues) {
    const entry = board.queues.get(q.id) || { config: null, live: null };
    entry.config = q;
    if ('waiting' in q) entry.live = q;
    board.queues.set(q.id, entry);
  }
}

// ---- rendering ------------------------------------------------------------------------------------------

function renderStatic() {
  document.documentElement.lang = Lang.get();
  document.title = t('title');
  document.querySelectorAll('[data-i18n]').forEach((e) => {
    e.textContent = t(e.dataset.i18n, { minutes: TREND_MINUTES });
  });
  $('lang-toggle').textContent = t('langToggle');
  $('company').textContent = board.site ? localized(board.site.company, '') : '';
  if (board.user) {
    $('who').textContent = `${board.user.displayName || board.user.username} · ${t('role_' + board.user.role)}`;
  }
  renderConnection(board.connState || 'offline', board.connRetry);
}

function renderConnection(state, seconds) {
  board.connState = state;
  board.connRetry = seconds;
  const c = $('conn');
  c.dataset.conn = state;
  c.textContent = t('conn_' + state, { seconds });
}

function slClass(value, target) {
  if (value == null || target == null) return 'none';
  return value >= target ? 'good' : value >= target - 0.1 ? 'warn' : 'bad';
}

function figure(label, value, field, extraClass) {
  const box = el('div', 'figure' + (extraClass ? ' ' + extraClass : ''));
  box.append(el('span', 'label', label));
  const v = el('span', 'value', value);
  v.dataset.field = field;
  box.append(v);
  return box;
}

function renderQueues() {
  const container = $('queues');
  const panels = [];
  for (const [id, q] of board.queues) {
    const live = q.live || {};
    const today = live.today || {};
    const target = live.serviceLevelTarget != null ? live.serviceLevelTarget
      : q.config ? q.config.serviceLevel.targetPercent / 100 : null;
    const threshold = live.thresholdSeconds != null ? live.thresholdSeconds
      : q.config ? q.config.serviceLevel.thresholdSeconds : null;
    const panel = el('article', 'queue');
    panel.dataset.queue = id;
    const head = el('header');
    head.append(el('h2', null, queueName(id)),
      el('span', 'sl-rule', `${Math.round((target || 0) * 100)}/${threshold == null ? '?' : threshold}`));
    panel.append(head);

    const big = el('div', 'big');
    big.append(figure(t('waiting'), live.waiting == null ? t('noData') : String(live.waiting), 'waiting',
      live.waiting > 0 ? 'busy' : ''));
    big.append(figure(t('oldestWait'), formatDuration(live.oldestWaitSeconds), 'oldestWait',
      threshold != null && live.oldestWaitSeconds > threshold ? 'bad' : ''));
    const sl = figure(t('serviceLevel'), formatPercent(today.serviceLevel), 'serviceLevel',
      'sl ' + slClass(today.serviceLevel, target));
    sl.append(el('span', 'sub', t('target', { value: formatPercent(target) })));
    big.append(sl);
    panel.append(big);

    const grid = el('div', 'grid');
    grid.append(figure(t('abandonRate'), formatPercent(today.abandonRate), 'abandonRate'),
      figure(t('answerRate'), formatPercent(today.answerRate), 'answerRate'),
      figure(t('averageRings'), today.averageRings == null ? t('noData') : today.averageRings.toFixed(1),
        'averageRings'),
      figure(t('aht'), formatDuration(today.averageHandleSeconds), 'aht'),
      figure(t('averageQueue'), formatDuration(today.averageQueueSeconds), 'averageQueue'),
      figure(`${t('offered')} / ${t('answered')} / ${t('abandoned')}`,
        `${today.offered ?? 0} / ${today.answered ?? 0} / ${today.abandoned ?? 0}`, 'counts'),
      satisfactionFigure(live.survey),
      figure(t('averageRating'), live.survey && live.survey.averageRating != null
        ? live.survey.averageRating.toFixed(1) : t('noData'), 'averageRating'),
      figure(t('qaPassRate'), formatPercent((board.qa.get(id) || {}).passRate), 'qaPassRate'),
      figure(t('qaAverageScore'), (board.qa.get(id) || {}).averageScore == null ? t('noData')
        : board.qa.get(id).averageScore.toFixed(1), 'qaAverageScore'));
    panel.append(grid);
    if (live.callbacks) panel.append(callbackFigures(live.callbacks));

    const byState = live.agents || {};
    const n = (...states) => states.reduce((sum, s) => sum + (byState[s] || 0), 0);
    const staff = el('div', 'staff');
    staff.append(figure(t('agentsReady'), String(n('READY')), 'agentsReady', 'st-READY'),
      figure(t('agentsOnCall'), String(n('RESERVED', 'ON_CALL', 'DIALING')), 'agentsOnCall', 'st-ON_CALL'),
      figure(t('agentsWrapUp'), String(n('WRAP_UP')), 'agentsWrapUp', 'st-WRAP_UP'),
      figure(t('agentsNotReady'), String(n('NOT_READY')), 'agentsNotReady', 'st-NOT_READY'));
    panel.append(staff);
    panels.push(panel);
  }
  container.replaceChildren(...panels);
  $('occupancy').textContent = `${t('occupancy')} ${formatPercent(board.occupancy)}`;
  renderDefinitions();
  renderTrend();
  renderAlerts();
}

/** Customer satisfaction with how many ratings it rests on; the dash before the first rating. */
function satisfactionFigure(survey) {
  const box = figure(t('satisfaction'), survey ? formatPercent(survey.satisfaction) : t('noData'), 'satisfaction');
  if (survey && survey.rated > 0) box.append(el('span', 'sub', t('rated', { count: survey.rated })));
  return box;
}

/**
 * Today's callbacks that keep their place (docs/METRICS.md): the dash, not 0, until the first one is asked for; the
 * average time to callback until the first one is answered.
 */
function callbackFigures(c) {
  const any = c.requested > 0 || c.completed > 0 || c.failed > 0;
  const count = n => any ? String(n) : t('noData');
  const row = el('div', 'grid callbacks');
  row.append(figure(t('callbacksRequested'), count(c.requested), 'callbacksRequested'),
    figure(t('callbacksCompleted'), count(c.completed), 'callbacksCompleted'),
    figure(t('callbacksFailed'), count(c.failed), 'callbacksFailed',
      c.failed > 0 ? 'bad' : ''),
    figure(t('callbackTime'), formatDuration(c.averageSecondsToCallback), 'callbackTime'));
  return row;
}

function renderDefinitions() {
  const table = $('defs');
  const head = el('tr');
  head.append(el('th', null, t('defQueue')));
  const kinds = [['defOurs', 'serviceLevel'], ['defPerf', 'serviceLevelAsteriskPerf'],
    ['defPerf2', 'serviceLevelAsteriskPerf2'], ['defConnect', 'serviceLevelConnect']];
  for (const [k] of kinds) {
    const th = el('th', null, t(k));
    th.append(el('small', null, t(k + 'Formula')));
    head.append(th);
  }
  const rows = [head];
  for (const [id, q] of board.queues) {
    const today = (q.live && q.live.today) || {};
    const target = q.live ? q.live.serviceLevelTarget : null;
    const tr = el('tr');
    tr.dataset.queue = id;
    tr.append(el('td', null, queueName(id)));
    kinds.forEach(([, field], i) => {
      const td = el('td', i === 0 ? 'sl ' + slClass(today[field], target) : null, formatPercent(today[field]));
      td.dataset.field = field;
      tr.append(td);
    });
    rows.push(tr);
  }
  table.replaceChildren(...rows);
}

function renderTrend() {
  if (board.chart) board.chart.draw(serverNow(), queueName);
}

function renderAlerts() {
  const alerts = [];
  const thresholds = board.holdThresholds;
  const lastThreshold = thresholds.length ? thresholds[thresholds.length - 1] : Infinity;
  for (const c of board.calls.values()) {
    if (c.phase !== 'HELD' || !c.heldSince || !c.agentId) continue;
    const seconds = (serverNow() - Date.parse(c.heldSince)) / 1000;
    if (seconds >= lastThreshold || (thresholds.length && (board.holdLevels.get(c.id) || 0) >= thresholds.length)) {
      alerts.push(['hold', t('alertHold', { agent: agentLabel(c.agentId), duration: formatDuration(seconds) })]);
    }
  }
  for (const [id, q] of board.queues) {
    const live = q.live;
    if (!live) continue;
    const sl = live.today ? live.today.serviceLevel : null;
    if (sl != null && live.serviceLevelTarget != null && sl < live.serviceLevelTarget) {
      alerts.push(['serviceLevel', t('alertServiceLevel',
        { queue: queueName(id), value: formatPercent(sl), target: formatPercent(live.serviceLevelTarget) })]);
    }
    if (live.thresholdSeconds != null && live.oldestWaitSeconds > live.thresholdSeconds) {
      alerts.push(['oldestWait', t('alertOldestWait', { queue: queueName(id),
        duration: formatDuration(live.oldestWaitSeconds), threshold: live.thresholdSeconds })]);
    }
  }
  for (const [extension, l] of board.lockouts) {
    const until = Date.parse(l.lockedUntil);
    if (!(until > serverNow())) {
      board.lockouts.delete(extension);
      continue;
    }
    alerts.push(['sipLockout', t('alertSipLockout', { extension, agent: l.agentId ? agentLabel(l.agentId) : '?',
      until: SiteTime.time(until), failures: l.failures })]);
  }
  alerts.push(...Monitors.alerts());
  const lost = board.storeAlert;
  if (lost && lost.lost > 0) {
    alerts.push(['store', t('alertStore', { lost: lost.lost, kind: lost.kind, subject: lost.subject })]);
  }
  const disk = board.recordingDisk;
  if (disk && disk.belowFloor) {
    alerts.push(['recordingDisk', t('alertRecordingDisk',
      { free: Math.floor(disk.freeBytes / 1048576), floor: Math.floor(disk.floorBytes / 1048576) })]);
  }
  const list = $('alerts');
  if (alerts.length === 0) {
    list.replaceChildren(el('li', 'none', t('noAlerts')));
    return;
  }
  list.replaceChildren(...alerts.map(([kind, text]) => {
    const li = el('li', 'alert alert-' + kind, text);
    li.dataset.alert = kind;
    return li;
  }));
}

function renderAllAgents(order) {
  const container = $('agents');
  const tiles = order.map((id) => tileFor(id));
  container.replaceChildren(...tiles);
  order.forEach((id) => renderAgent(board.agents.get(id)));
}

function renderAgentById(id) {
  const a = board.agents.get(id);
  if (a) renderAgent(a);
}

/** The tile of an agent, made once and updated in place (buttons keep their identity across pushes). */
function tileFor(id) {
  let tile = document.querySelector(`.tile[data-agent="${CSS.escape(id)}"]`);
  if (tile) return tile;
  tile = el('article', 'tile');
  tile.dataset.agent = id;
  const head = el('header');
  head.append(el('span', 'name'), el('span', 'work'), el('span', 'phone'));
  const state = el('div', 'state-line');
  state.append(el('span', 'state'), el('span', 'reason'), el('span', 'since'));
  const call = el('div', 'call-line');
  call.append(el('span', 'call'), el('span', 'rings'), el('span', 'hold'));
  const actions = el('div', 'actions');
  for (const [cls, key, run] of [
    ['act-ready', 'forceReady', () => agentAction(id, 'forceReady', 'force-state', { state: 'READY' })],
    ['act-not-ready', 'forceNotReady', () => toggleReasonPicker(id)],
    ['act-logout', 'forceLogout', () => agentAction(id, 'forceLogout', 'logout')],
  ]) {
    const b = el('button', cls);
    b.type = 'button';
    b.dataset.i18nKey = key;
    b.addEventListener('click', run);
    actions.append(b);
  }
  const picker = el('div', 'reason-picker');
  picker.hidden = true;
  picker.setAttribute('role', 'menu');
  tile.append(head, state, call, el('div', 'pending'), Monitors.build(id), actions, picker);
  $('agents').append(tile);
  return tile;
}

/**
 * Force NOT_READY asks why: one button per configured reason (GET /api/site), and a last one that sends no
 * reason, which the server records as system.forced. The picker lives in the tile and is rebuilt on opening.
 */
function toggleReasonPicker(id) {
  const picker = tileFor(id).querySelector('.reason-picker');
  const opening = picker.hidden;
  closeReasonPickers();
  if (!opening) return;
  const options = board.site ? board.site.notReadyReasons.map((r) => r.code) : [];
  const buttons = [...options, null].map((code) => {
    const b = el('button', code ? 'reason-option' : 'reason-option reason-default');
    b.type = 'button';
    b.setAttribute('role', 'menuitem');
    if (code) b.dataset.reason = code;
    b.textContent = reasonLabel(code || 'system.forced');
    b.addEventListener('click', () => {
      closeReasonPickers();
      agentAction(id, 'forceNotReady', 'force-state', code ? { state: 'NOT_READY', reason: code } : { state: 'NOT_READY' },
        reasonLabel(code || 'system.forced'));
    });
    return b;
  });
  const title = el('div', 'picker-title', t('pickReason'));
  picker.replaceChildren(title, ...buttons);
  picker.hidden = false;
  buttons[0].focus();
}

function closeReasonPickers() {
  document.querySelectorAll('.reason-picker').forEach((p) => {
    p.hidden = true;
  });
}

function renderAgent(a) {
  if (!a) return;
  const tile = tileFor(a.id);
  const now = serverNow();
  tile.dataset.state = a.state;
  tile.className = 'tile st-' + a.state;
  const q = (sel) => tile.querySelector(sel);
  q('.name').textContent = a.name || a.id;
  q('.work').textContent = a.workNumber ? '#' + a.workNumber : '';
  const phone = board.phones.get(a.id);
  q('.phone').textContent = phone === undefined ? '' : phone ? '☎' : '⚠';
  q('.phone').title = phone === undefined ? '' : t(phone ? 'phoneOn' : 'phoneOff');
  q('.state').textContent = t('state_' + a.state);
  q('.reason').textContent = reasonLabel(a.reason);
  q('.reason').title = a.reason || '';
  q('.since').textContent = a.since ? formatDuration((now - Date.parse(a.since)) / 1000) : '';
  q('.since').title = t('inState');

  const call = currentCall(a);
  const callEl = q('.call');
  const rings = q('.rings');
  const hold = q('.hold');
  callEl.textContent = '';
  rings.textContent = '';
  hold.textContent = '';
  hold.className = 'hold';
  delete hold.dataset.level;
  if (call && call.answeredAt) {
    callEl.textContent = `${t('talk')} ${formatDuration((now - Date.parse(call.answeredAt)) / 1000)}`;
  } else if (call || a.state === 'RESERVED') {
    callEl.textContent = `${t('ringing')} ${formatDuration((now - Date.parse(a.since)) / 1000)}`;
  }
  rings.className = 'rings';
  if (call && call.ringCount != null) {
    const target = board.site ? board.site.compliance.ringTargetRings : null;
    const late = target != null ? call.ringCount > target : call.ringTargetMet === false;
    rings.textContent = `${t('rings')} ${call.ringCount}`;
    if (target != null) rings.title = t('ringTarget', { rings: target });
    if (late) rings.className = 'rings late';
  }
  if (call && call.phase === 'HELD' && call.heldSince) {
    const seconds = (now - Date.parse(call.heldSince)) / 1000;
    let level = board.holdLevels.get(call.id) || 0;
    board.holdThresholds.forEach((limit, i) => {
      if (seconds >= limit) level = Math.max(level, i + 1);
    });
    hold.textContent = `${t('hold')} ${formatDuration(seconds)}`;
    hold.className = 'hold level-' + level;
    hold.dataset.level = String(level);
  } else if (a.held) {
    hold.textContent = t('held');
    hold.className = 'hold level-0';
  }
  q('.pending').textContent = a.pendingNotReady
    ? `${t('pendingNotReady')} · ${reasonLabel(a.pendingNotReady)}` : '';
  Monitors.render(tile, a, call);

  const actions = q('.actions');
  actions.hidden = !isSupervisor() || a.state === 'LOGGED_OUT';
  actions.querySelectorAll('button').forEach((b) => {
    b.textContent = t(b.dataset.i18nKey);
  });
  q('.act-ready').hidden = a.state === 'READY';
  q('.act-not-ready').hidden = a.state === 'NOT_READY';
  if (actions.hidden || a.state === 'NOT_READY') q('.reason-picker').hidden = true;
}

function currentCall(a) {
  // A call taken over by a supervisor is the supervisor's seat's now, even while the agent wraps it up.
  const own = a.callId && board.calls.get(a.callId);
  if (own && (!own.agentId || own.agentId === a.id)) return own;
  for (const c of board.calls.values()) {
    if (c.agentId === a.id && c.phase !== 'QUEUED') return c;
  }
  return null;
}

async function agentAction(id, labelKey, endpoint, body, detail) {
  try {
    const agent = await Api.post(`/api/agents/${encodeURIComponent(id)}/${endpoint}`, body);
    const action = detail ? `${t(labelKey)} (${detail})` : t(labelKey);
    toast(t('actionDone', { agent: agentLabel(id), action }), false);
    if (agent && agent.id) {
      // The pushed agent event follows; showing the answer now costs nothing and is the same state.
      const known = board.agents.get(agent.id);
      board.agents.set(agent.id, Object.assign({}, known, agent));
      renderAgent(board.agents.get(agent.id));
    }
  } catch (err) {
    toast(t('actionFailed', { agent: agentLabel(id), message: err.message }), true);
  }
}

function toast(text, error) {
  const box = $('toast');
  box.textContent = text;
  box.className = error ? 'show error' : 'show';
  clearTimeout(box.timer);
  box.timer = setTimeout(() => {
    box.className = '';
  }, 4000);
}

function tick() {
  $('clock').textContent = SiteTime.time(serverNow());
  board.agents.forEach(renderAgent);
  renderAlerts();
  renderTrend();
  Hands.tick();
}

function switchLanguage() {
  closeReasonPickers();
  Lang.set(Lang.other());
  renderStatic();
  renderQueues();
  FollowUps.render();
  Hands.render();
  tick();
}

// ---- start ----------------------------------------------------------------------------------------------

document.addEventListener('DOMContentLoaded', () => {
  Lang.set(Lang.get());
  Session.mount({ content: 'board', open: startBoard, close: stopBoard, switchLanguage });
  renderStatic();
  $('lang-toggle').addEventListener('click', switchLanguage);
  // A reason picker closes on Escape or on a click anywhere outside it and its button.
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') closeReasonPickers();
  });
  document.addEventListener('click', (e) => {
    if (!e.target.closest('.reason-picker, .act-not-ready')) closeReasonPickers();
  });
  Session.resume();
});
