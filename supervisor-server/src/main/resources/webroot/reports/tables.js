'use strict';
/* The tables of the reports page: the report rows, the indicators, the incidents, call history and the audit log. */
const Tables = (() => {
  const el = (tag, text, cls) => {
    const e = document.createElement(tag);
    if (text != null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  };
  const fmt = (v, key) => {
    if (v == null) return null;
    if (typeof v !== 'number') return String(v);
    if (/Rate|serviceLevel|occupancy/.test(key) && v <= 1) return (Math.round(v * 1000) / 10) + '%';
    return Number.isInteger(v) ? String(v) : String(Math.round(v * 10) / 10);
  };

  function cell(tr, value, key, text) {
    const td = el('td', value == null ? '—' : value, value == null ? 'nodata' : text ? 'text' : null);
    if (value == null) td.title = t('st_no_calls');
    tr.appendChild(td);
  }

  /** The rows of a report under a header of its columns. */
  function report(table, columns, rows) {
    const head = table.querySelector('thead');
    const body = table.querySelector('tbody');
    head.textContent = '';
    body.textContent = '';
    const tr = el('tr');
    columns.forEach((c) => tr.appendChild(el('th', t('col_' + c))));
    head.appendChild(tr);
    rows.forEach((r) => {
      const row = el('tr', null, r.period === 'total' ? 'total' : null);
      columns.forEach((c) => cell(row, fmt(r[c], c), c, ['period', 'queue', 'agent', 'team', 'name'].includes(c)));
      body.appendChild(row);
    });
  }

  function indicators(table, list) {
    const body = table.querySelector('tbody');
    body.textContent = '';
    list.forEach((i) => {
      const tr = el('tr');
      tr.dataset.indicator = i.id;
      tr.appendChild(el('td', localized(i.name, i.id), 'text'));
      const v = i.value == null ? t('st_' + i.status) : i.unit === 'ratio' ? fmt(i.value, 'Rate') : fmt(i.value, '')
        + ' ' + i.unit;
      tr.appendChild(el('td', v, i.value == null ? 'nodata' : null));
      tr.appendChild(el('td', i.numerator == null ? '' : fmt(i.numerator, '')));
      tr.appendChild(el('td', i.denominator == null ? '' : fmt(i.denominator, '')));
      body.appendChild(tr);
    });
  }

  function incidents(table, list) {
    const body = table.querySelector('tbody');
    body.textContent = '';
    list.forEach((i) => {
      const tr = el('tr');
      tr.appendChild(el('td', SiteTime.dateTime(i.at), 'text'));
      tr.appendChild(el('td', t('ik_' + i.kind), 'text'));
      const { at, kind, ...rest } = i;
      tr.appendChild(el('td', Object.entries(rest).map(([k, v]) => k + ': ' + v).join(', '), 'text'));
      body.appendChild(tr);
    });
    return list.length;
  }

  function history(table, calls) {
    const body = table.querySelector('tbody');
    body.textContent = '';
    calls.forEach((c) => {
      const tr = el('tr');
      [SiteTime.dateTime(c.startedAt), c.direction, c.queueId, c.agentId, c.party, c.outcome,
        c.waitSeconds, c.talkSeconds, c.holdSeconds, c.wrapUpSeconds]
        .forEach((v, i) => tr.appendChild(el('td', v == null ? '' : String(v), i < 6 ? 'text' : null)));
      body.appendChild(tr);
    });
  }

  function audit(table, entries) {
    const body = table.querySelector('tbody');
    body.textContent = '';
    entries.forEach((a) => {
      const tr = el('tr');
      [SiteTime.dateTime(a.at), a.actor, a.action, a.target, a.detail]
        .forEach((v) => tr.appendChild(el('td', v == null ? '' : String(v), 'text')));
      body.appendChild(tr);
    });
  }

  return { report, indicators, incidents, history, audit };
})();
