'use strict';
/*
 * The campaigns page (外呼任务, issue 18): the campaigns (the configuration's, read-only, and those admins create and
 * edit here: define.js, and delete here after a confirmation) with their records by status, a call list imported
 * as CSV (admins) with the server's report row by row (line, field, why; duplicates and do-not-call numbers listed),
 * and a day's figures per campaign and agent (dials, successes, conversion rate).
 */
const $ = (id) => document.getElementById(id);
const app = { user: null, campaigns: [], site: null };

function cell(row, text) { const td = document.createElement('td'); td.textContent = text; row.appendChild(td); }

async function loadCampaigns() {
  app.campaigns = (await Api.get('/api/campaigns')).campaigns || [];
  const body = $('campaigns').querySelector('tbody');
  body.textContent = '';
  const sel = $('import-campaign'), was = sel.value;
  sel.textContent = '';
  app.campaigns.forEach((c) => {
    const tr = document.createElement('tr');
    tr.dataset.campaign = c.id;
    cell(tr, localized(c.name, c.id)); cell(tr, c.queue || c.team || '');
    cell(tr, c.callingHours.start + '–' + c.callingHours.end + ' ' + c.callingHours.days.join(','));
    ['PENDING', 'PREVIEW', 'DONE', 'SKIPPED'].forEach((s) => cell(tr, String(c.records[s] || 0)));
    cell(tr, t(c.source === 'browser' ? 'sourceBrowser' : 'sourceConfiguration'));
    if (c.source === 'browser' && app.user.role === 'ADMIN') {
      const edit = document.createElement('button');
      edit.type = 'button'; edit.className = 'edit'; edit.textContent = t('edit');
      edit.addEventListener('click', () => Define.edit(c.id));
      tr.lastChild.appendChild(document.createTextNode(' ')); tr.lastChild.appendChild(edit);
      const del = document.createElement('button');
      del.type = 'button'; del.className = 'delete'; del.textContent = t('delete');
      del.addEventListener('click', () => deleteCampaign(c).catch((e) => say(t('failed', { message: e.message }), true)));
      tr.lastChild.appendChild(document.createTextNode(' ')); tr.lastChild.appendChild(del);
    }
    body.appendChild(tr);
    const o = document.createElement('option'); o.value = c.id; o.textContent = localized(c.name, c.id); sel.appendChild(o);
  });
  if (was) sel.value = was;
}

function say(text, error) {
  $('campaigns-message').className = error ? 'error' : 'ok';
  $('campaigns-message').textContent = text;
}

/** Deletes a campaign created here once the admin confirms (DELETE /api/campaigns/{id}: its records keep their history). */
async function deleteCampaign(c) {
  if (!window.confirm(t('confirmDelete', { name: localized(c.name, c.id) }))) return;
  const response = await fetch('/api/campaigns/' + encodeURIComponent(c.id), { method: 'DELETE', cache: 'no-store',
    headers: { Authorization: 'Bearer ' + Api.token() } });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    say(t(data.error === 'records_in_progress' ? 'deleteInProgress' : 'failed', { message: data.message || response.status }), true);
    return;
  }
  say(t('deleted', { id: c.id }), false);
  await loadCampaigns();
}

function report(answer) {
  const body = $('import-report').querySelector('tbody');
  body.textContent = '';
  const rows = [];
  [['rejected', answer.rejected], ['duplicates', answer.duplicates], ['doNotCall', answer.doNotCall]]
    .forEach(([kind, list]) => (list || []).forEach((r) => rows.push({ ...r, kind })));
  rows.sort((a, b) => a.line - b.line).forEach((r) => {
    const tr = document.createElement('tr');
    tr.dataset.kind = r.kind;
    cell(tr, String(r.line)); cell(tr, r.field); cell(tr, t(r.kind) + ': ' + r.why);
    body.appendChild(tr);
  });
  $('import-report').hidden = rows.length === 0;
  const c = answer.counts;
  $('import-message').className = 'ok';
  $('import-message').textContent = t('imported') + ' ' + c.imported + ', ' + t('duplicates') + ' ' + c.duplicates
    + ', ' + t('doNotCall') + ' ' + c.doNotCall + ', ' + t('rejected') + ' ' + c.rejected;
}

async function importCsv() {
  const file = $('import-file').files[0];
  const message = $('import-message');
  if (!file) { message.className = 'error'; message.textContent = t('noFile'); return; }
  const response = await fetch('/api/campaigns/' + encodeURIComponent($('import-campaign').value) + '/import', {
    method: 'POST', headers: { Authorization: 'Bearer ' + Api.token(), 'Content-Type': 'text/csv' },
    body: await file.text(), cache: 'no-store' });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    message.className = 'error';
    message.textContent = t('failed', { message: data.message || response.status });
    return;
  }
  report(data);
  await loadCampaigns();
}

async function showFigures() {
  const day = $('day').value;
  const data = await Api.get('/api/campaigns/figures' + (day ? '?day=' + day : ''));
  const body = $('figures').querySelector('tbody');
  body.textContent = '';
  const name = (id) => { const c = app.campaigns.find((x) => x.id === id); return c ? localized(c.name, id) : id; };
  [...data.campaigns, ...data.agents].forEach((r) => {
    const tr = document.createElement('tr');
    tr.dataset.agent = r.agentId || '';
    cell(tr, name(r.campaign)); cell(tr, r.agentId || t('allAgents'));
    [r.dials, r.outcomes, r.successes, r.skips].forEach((n) => cell(tr, String(n)));
    cell(tr, r.conversionRate == null ? '—' : (Math.round(r.conversionRate * 1000) / 10) + ' %');
    body.appendChild(tr);
  });
  if (!$('day').value) $('day').value = data.day;
}

function applyLang() {
  document.documentElement.lang = Lang.get();
  document.title = t('title');
  document.querySelectorAll('[data-i18n]').forEach((e) => { e.textContent = t(e.dataset.i18n); });
  if (app.user) loadCampaigns().then(showFigures);
}

async function start(me) {
  app.user = me;
  $('who').textContent = me.displayName || me.username;
  $('import-box').hidden = me.role !== 'ADMIN';
  $('define-box').hidden = me.role !== 'ADMIN';
  if (me.role === 'ADMIN') await Define.start(loadCampaigns);
  Session.reveal();
  applyLang();
}

function init() {
  const toggle = () => { Lang.set(Lang.other()); applyLang(); };
  Session.mount({ content: 'console', open: start, refuse: (me) => (me.role === 'AGENT' ? t('noRights') : null),
    switchLanguage: toggle });
  $('lang-toggle').addEventListener('click', toggle);
  $('import-button').addEventListener('click', () => importCsv().catch((e) => {
    $('import-message').className = 'error'; $('import-message').textContent = t('failed', { message: e.message });
  }));
  $('figures-button').addEventListener('click', () => showFigures());
  Define.mount();
  applyLang();
  Session.resume();
}

init();
