'use strict';
/*
 * The reports page (docs/API.md, "Reports"): a period (daily, weekly, monthly, quarterly, yearly or custom) per queue,
 * team or agent, with charts, the table, a CSV download (the server's CSV, UTF-8 with a BOM) and printing (the print
 * stylesheet in reports.css); the standard's indicators, the incident report, call history and (admins) the audit log.
 * Supervisors and QA users see their teams' agents; agents are refused, as the API would refuse them.
 */
const $ = (id) => document.getElementById(id);
const app = { user: null, site: null, queues: [], agents: [], last: null, history: { page: 0, pages: 1 },
  audit: { page: 0, pages: 1 }, tab: 'report' };

function isoDay(d) {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function notice(message) {
  $('notice').hidden = !message;
  $('notice').textContent = message || '';
}

/** from, to and grouping of the chosen preset around the anchor day (weeks from Monday, quarters of the year). */
function range() {
  const preset = $('preset').value;
  const a = new Date(($('anchor').value || SiteTime.day(Date.now())) + 'T00:00:00');
  const day = (y, m, d) => isoDay(new Date(y, m, d));
  switch (preset) {
    case 'daily': return { from: isoDay(a), to: isoDay(a), by: 'interval' };
    case 'weekly': {
      const monday = new Date(a.getFullYear(), a.getMonth(), a.getDate() - ((a.getDay() + 6) % 7));
      return { from: isoDay(monday), to: day(monday.getFullYear(), monday.getMonth(), monday.getDate() + 6), by: 'day' };
    }
    case 'monthly': return { from: day(a.getFullYear(), a.getMonth(), 1), to: day(a.getFullYear(), a.getMonth() + 1, 0),
      by: 'day' };
    case 'quarterly': {
      const q = Math.floor(a.getMonth() / 3) * 3;
      return { from: day(a.getFullYear(), q, 1), to: day(a.getFullYear(), q + 3, 0), by: 'week' };
    }
    case 'yearly': return { from: day(a.getFullYear(), 0, 1), to: day(a.getFullYear(), 11, 31), by: 'month' };
    default: return { from: $('from').value || isoDay(a), to: $('to').value || isoDay(a), by: '' };
  }
}

function query(extra) {
  const r = range();
  const p = new URLSearchParams({ from: r.from, to: r.to });
  if (r.by) p.set('by', r.by);
  const dim = $('dimension').value;
  const only = $('filter').value;
  if (only) p.set(dim === 'queues' ? 'queue' : dim === 'teams' ? 'team' : 'agent', only);
  Object.entries(extra || {}).forEach(([k, v]) => p.set(k, v));
  return p;
}

function fillFilter() {
  const dim = $('dimension').value;
  const select = $('filter');
  const keep = select.value;
  select.textContent = '';
  const all = document.createElement('option');
  all.value = '';
  all.textContent = t('all');
  select.appendChild(all);
  const options = dim === 'queues' ? app.queues.map((q) => [q.id, localized(q.name, q.id)])
    : dim === 'teams' ? (app.site.teams || []).filter((x) => app.user.role === 'ADMIN' || app.user.teams.includes(x.id))
      .map((x) => [x.id, localized(x.name, x.id)])
      : app.agents.map((a) => [a.id, `${a.name || a.id} (${a.id})`]);
  options.forEach(([v, label]) => {
    const o = document.createElement('option');
    o.value = v;
    o.textContent = label;
    select.appendChild(o);
  });
  select.value = options.some(([v]) => v === keep) ? keep : '';
}

async function showReport() {
  notice('');
  const dim = $('dimension').value;
  try {
    const answer = await Api.get(`/api/reports/${dim}?` + query());
    app.last = answer;
    const rows = answer.rows;
    $('report-empty').hidden = rows.length > 0;
    Tables.report($('report-table'), answer.columns, rows);
    if (dim === 'queues') {
      Charts.queues(rows);
      const agents = await Api.get('/api/reports/agents?' + query({ by: 'total' }).toString()
        .replace(/&?queue=[^&]*/, ''));
      Charts.occupancy(agents.rows);
    } else {
      Charts.people(rows);
      Charts.occupancy(rows);
    }
    $('report-title').textContent = t('reportTitle', { kind: t(dim === 'queues' ? 'perQueue' : dim === 'teams'
      ? 'perTeam' : 'perAgent'), from: answer.from, to: answer.to });
    document.body.dataset.rendered = String(Date.now());
  } catch (err) {
    notice(err.message);
  }
}

/** The server's CSV of the report on screen, saved through a link (the token stays in the header, never the URL). */
async function downloadCsv() {
  const dim = $('dimension').value;
  const response = await fetch(`/api/reports/${dim}?` + query({ format: 'csv' }), {
    headers: { Authorization: 'Bearer ' + Api.token() }, cache: 'no-store' });
  if (!response.ok) {
    notice((await response.json()).message);
    return;
  }
  const name = (response.headers.get('content-disposition') || '').match(/filename="([^"]+)"/);
  const blob = await response.blob();
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name ? name[1] : 'report.csv';
  document.body.appendChild(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}

async function showIndicators() {
  try {
    const answer = await Api.get('/api/reports/indicators?' + query());
    Tables.indicators($('indicators'), answer.indicators);
  } catch (err) {
    notice(err.message);
  }
}

async function showIncidents() {
  try {
    const answer = await Api.get('/api/reports/incidents?' + query());
    $('incidents-empty').hidden = Tables.incidents($('incidents'), answer.incidents) > 0;
  } catch (err) {
    notice(err.message);
  }
}

async function showHistory(page) {
  const r = range();
  const p = new URLSearchParams({ from: r.from, to: r.to, page: String(Math.max(0, page)), size: '50' });
  if ($('h-outcome').value) p.set('outcome', $('h-outcome').value);
  if ($('h-number').value.trim()) p.set('number', $('h-number').value.trim());
  if ($('dimension').value === 'agents' && $('filter').value) p.set('agent', $('filter').value);
  if ($('dimension').value === 'queues' && $('filter').value) p.set('queue', $('filter').value);
  try {
    const answer = await Api.get('/api/calls/history?' + p);
    app.history = { page: answer.page, pages: Math.max(1, Math.ceil(answer.total / answer.size)) };
    $('h-page').textContent = t('pageOf', { page: answer.page + 1, pages: app.history.pages });
    Tables.history($('history'), answer.calls);
  } catch (err) {
    notice(err.message);
  }
}

async function showAudit(page) {
  const r = range();
  const p = new URLSearchParams({ from: r.from, to: r.to, page: String(Math.max(0, page)), size: '50' });
  if ($('a-actor').value.trim()) p.set('actor', $('a-actor').value.trim());
  if ($('a-action').value.trim()) p.set('action', $('a-action').value.trim());
  try {
    const answer = await Api.get('/api/audit?' + p);
    app.audit = { page: answer.page, pages: Math.max(1, Math.ceil(answer.total / answer.size)) };
    $('a-page').textContent = t('pageOf', { page: answer.page + 1, pages: app.audit.pages });
    Tables.audit($('audit'), answer.entries);
  } catch (err) {
    notice(err.message);
  }
}

function showTab(name) {
  app.tab = name;
  document.querySelectorAll('#tabs [data-tab]').forEach((b) => b.classList.toggle('active', b.dataset.tab === name));
  document.querySelectorAll('[data-panel]').forEach((p) => { p.hidden = p.dataset.panel !== name; });
  refresh();
}

function refresh() {
  ({ report: showReport, indicators: showIndicators, incidents: showIncidents, history: () => showHistory(0),
    audit: () => showAudit(0) })[app.tab]();
}

async function start(me) {
  app.user = me;
  const [site, queues, agents] = await Promise.all([Api.get('/api/site'), Api.get('/api/queues'),
    Api.get('/api/agents')]);
  app.site = site;
  SiteTime.setZone(site.timeZone);
  app.queues = queues.queues || [];
  app.agents = agents.agents || [];
  $('audit-tab').hidden = me.role !== 'ADMIN';
  $('h-number-label').hidden = !['SUPERVISOR', 'ADMIN'].includes(me.role);
  Session.reveal();
  if (!$('anchor').value) $('anchor').value = SiteTime.day(Date.now());
  applyLang();
  showTab('report');
}

function applyLang() {
  document.documentElement.lang = Lang.get();
  document.title = t('title');
  document.querySelectorAll('[data-i18n]').forEach((e) => { e.textContent = t(e.dataset.i18n); });
  document.querySelectorAll('.custom').forEach((e) => { e.hidden = $('preset').value !== 'custom'; });
  if (app.user) {
    $('who').textContent = app.user.displayName || app.user.username;
    $('company').textContent = localized(app.site.company, '');
    fillFilter();
    refresh();
  }
}

function init() {
  const toggle = () => { Lang.set(Lang.other()); applyLang(); };
  // Agents are refused, as the API would refuse them; a failed login shows the server's own message.
  Session.mount({ content: 'console', open: start, refuse: (me) => (me.role === 'AGENT' ? t('noRights') : null),
    failure: (err) => err.message, switchLanguage: toggle });
  $('lang-toggle').addEventListener('click', toggle);
  document.querySelectorAll('#tabs [data-tab]').forEach((b) => b.addEventListener('click', () => showTab(b.dataset.tab)));
  $('range').addEventListener('submit', (e) => { e.preventDefault(); refresh(); });
  $('preset').addEventListener('change', applyLang);
  $('dimension').addEventListener('change', () => { fillFilter(); refresh(); });
  $('csv').addEventListener('click', downloadCsv);
  $('print').addEventListener('click', () => { Charts.resize(); window.print(); });
  $('h-search').addEventListener('click', () => showHistory(0));
  $('h-prev').addEventListener('click', () => showHistory(app.history.page - 1));
  $('h-next').addEventListener('click', () => showHistory(Math.min(app.history.page + 1, app.history.pages - 1)));
  $('a-search').addEventListener('click', () => showAudit(0));
  $('a-prev').addEventListener('click', () => showAudit(app.audit.page - 1));
  $('a-next').addEventListener('click', () => showAudit(Math.min(app.audit.page + 1, app.audit.pages - 1)));
  applyLang();
  Session.resume();
}

init();
