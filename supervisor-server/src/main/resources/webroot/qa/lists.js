'use strict';
/*
 * The QA console's two lists (qa.js holds the rest): the evaluator's work list (GET /api/qa/worklist: the sampled and
 * flagged calls with their reasons; a row opens the call's evaluation) and the QA KPIs per team and queue
 * (GET /api/qa/kpis for the chosen days). They use the console's app, $, el and Directory.
 */

// ---- work list ------------------------------------------------------------------------------------------------

async function loadWorkList() {
  const seq = ++app.workSeq;
  try {
    const answer = await Api.get('/api/qa/worklist?status=all');
    if (seq !== app.workSeq) return;
    app.work = answer.items || [];
    renderWorkList();
  } catch (err) {
    notice(err.message);
  }
}

function renderWorkList() {
  const show = $('wl-status').value;
  const body = $('worklist');
  body.replaceChildren();
  const rows = app.work.filter((w) => (show === 'all' ? true : show === 'done' ? w.status === 'DONE'
    : w.status !== 'DONE'));
  for (const w of rows) {
    const tr = document.createElement('tr');
    tr.dataset.item = String(w.id);
    tr.dataset.call = w.callId;
    tr.dataset.status = w.status;
    const call = w.call || {};
    const reasons = el('td', 'reasons');
    for (const r of w.reasons || []) {
      const chip = el('span', 'chip', t('reason_' + r));
      chip.dataset.reason = r;
      reasons.appendChild(chip);
    }
    const button = el('button', 'open', t('evaluate'));
    button.type = 'button';
    button.addEventListener('click', () => openWorkItem(w));
    const action = el('td');
    action.appendChild(button);
    tr.append(el('td', null, w.day), el('td', null, Directory.agentName(w.agentId)),
      el('td', null, Directory.queueName(call.queueId)), el('td', null, when(call.startedAt)),
      el('td', 'party', call.party || ''), reasons, el('td', 'status', t('work_' + w.status)), action);
    body.appendChild(tr);
  }
  $('wl-empty').hidden = rows.length > 0;
}

// ---- KPIs ---------------------------------------------------------------------------------------------------

async function loadKpis() {
  const q = new URLSearchParams({ from: $('kpi-from').value, to: $('kpi-to').value });
  try {
    app.kpis = await Api.get('/api/qa/kpis?' + q.toString());
    notice(null);
    renderKpis();
  } catch (err) {
    notice(err.message);
  }
}

function kpiRow(kind, id, name, f) {
  const tr = document.createElement('tr');
  tr.dataset[kind] = id;
  const cell = (field, text) => {
    const td = el('td', null, text);
    td.dataset.field = field;
    return td;
  };
  tr.append(el('td', null, name), cell('submitted', f.submitted), cell('passed', f.passed),
    cell('passRate', pct(f.passRate)), cell('averageScore', num(f.averageScore)));
  return tr;
}

function renderKpis() {
  const k = app.kpis;
  if (!k) return;
  $('kpi-passmark').textContent = t('passMark', { mark: num(k.passMark) });
  const total = $('kpi-total');
  total.textContent = t('kpiTotal', { submitted: k.total.submitted, passed: k.total.passed,
    rate: pct(k.total.passRate), average: num(k.total.averageScore) });
  total.dataset.passRate = k.total.passRate == null ? '' : String(k.total.passRate);
  $('kpi-teams').replaceChildren(...(k.teams || []).map((f) => kpiRow('team', f.id, Directory.teamName(f.id), f)));
  $('kpi-queues').replaceChildren(...(k.queues || []).map((f) => kpiRow('queue', f.id, Directory.queueName(f.id), f)));
}
