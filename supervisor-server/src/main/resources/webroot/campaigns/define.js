'use strict';
/*
 * The campaigns page's form (issue 18): admins create a campaign and edit the ones created here (the configuration's
 * are shown read-only). It sends the definition (docs/API.md, "Campaigns": the keys of one outbound.campaigns[] item)
 * to POST /api/campaigns or PUT /api/campaigns/{id}; the server checks it with the configuration's own rules and
 * names every wrong field, which the form marks and lists.
 */
const Define = (() => {
  const byId = (id) => document.getElementById(id);
  const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
  let choices = null, editing = null, reload = null;

  function option(sel, value, text) {
    const o = document.createElement('option'); o.value = value; o.textContent = text; sel.appendChild(o);
  }

  function targets() {
    const sel = byId('f-target'), was = sel.value;
    sel.textContent = '';
    (byId('f-target-kind').value === 'team' ? choices.teams : choices.queues)
      .forEach((x) => option(sel, x.id, localized(x.name, x.id)));
    if (was) sel.value = was;
  }

  /** The chosen script's steps (the standard's outbound steps in the shipped sales-outbound). */
  function steps() {
    const list = byId('f-steps');
    list.textContent = '';
    const s = choices.scripts.find((x) => x.id === byId('f-script').value);
    (s ? s.steps : []).forEach((st) => {
      const li = document.createElement('li'); li.textContent = localized(st.title, st.id); list.appendChild(li);
    });
  }

  function render() {
    const script = byId('f-script');
    script.textContent = '';
    choices.scripts.forEach((s) => option(script, s.id, localized(s.name, s.id)));
    const body = byId('f-outcomes').querySelector('tbody');
    body.textContent = '';
    choices.outcomes.forEach((o) => {
      const tr = document.createElement('tr');
      tr.dataset.outcome = o.code;
      tr.innerHTML = '<td><input type="checkbox" class="use"></td><td></td>'
        + '<td><input class="count" size="3"></td><td><input class="spacing" size="5"></td>';
      tr.children[1].textContent = localized(o.label, o.code) + ' (' + o.code + ')';
      body.appendChild(tr);
    });
    const days = byId('f-days');
    days.textContent = '';
    DAYS.forEach((d) => {
      const l = document.createElement('label');
      l.innerHTML = '<input type="checkbox" value="' + d + '"> ';
      l.appendChild(document.createTextNode(t('day_' + d)));
      days.appendChild(l);
    });
  }

  function fill(def) {
    byId('f-id').value = def.id || '';
    byId('f-id').disabled = editing !== null;
    byId('f-name-zh').value = (def.name && def.name['zh-CN']) || '';
    byId('f-name-en').value = (def.name && def.name.en) || '';
    byId('f-target-kind').value = def.team ? 'team' : 'queue';
    targets();
    byId('f-target').value = def.team || def.queue || byId('f-target').value;
    if (def.script) byId('f-script').value = def.script;
    steps();
    byId('f-outcomes').querySelectorAll('tbody tr').forEach((tr) => {
      const code = tr.dataset.outcome, retry = (def.retries || {})[code];
      tr.querySelector('.use').checked = (def.outcomes || []).includes(code);
      tr.querySelector('.count').value = retry ? retry.count : '';
      tr.querySelector('.spacing').value = retry ? retry.spacingMinutes : '';
    });
    const hours = def.callingHours || { start: '09:00', end: '20:00', days: DAYS };
    byId('f-start').value = hours.start; byId('f-end').value = hours.end;
    byId('f-days').querySelectorAll('input').forEach((c) => { c.checked = hours.days.includes(c.value); });
    byId('f-dnc').value = (def.doNotCall || []).join('\n');
    byId('f-message').textContent = '';
    document.querySelectorAll('#campaign-form .invalid').forEach((e) => e.classList.remove('invalid'));
    byId('campaign-form').hidden = false;
  }

  /** What the form says, as a definition; a number field left as typed so the server names it when wrong. */
  function definition() {
    const num = (v) => (/^\d+$/.test(v.trim()) ? Number(v.trim()) : v.trim());
    const def = { id: byId('f-id').value.trim(), name: { 'zh-CN': byId('f-name-zh').value, en: byId('f-name-en').value } };
    def[byId('f-target-kind').value] = byId('f-target').value;
    def.script = byId('f-script').value;
    def.outcomes = []; def.retries = {};
    byId('f-outcomes').querySelectorAll('tbody tr').forEach((tr) => {
      if (!tr.querySelector('.use').checked) return;
      def.outcomes.push(tr.dataset.outcome);
      const count = tr.querySelector('.count').value, spacing = tr.querySelector('.spacing').value;
      if (count.trim() || spacing.trim()) def.retries[tr.dataset.outcome] = { count: num(count), spacingMinutes: num(spacing) };
    });
    def.callingHours = { start: byId('f-start').value.trim(), end: byId('f-end').value.trim(),
      days: [...byId('f-days').querySelectorAll('input:checked')].map((c) => c.value) };
    def.doNotCall = byId('f-dnc').value.split(/[\s,]+/).filter((x) => x);
    return def;
  }

  /** The form's element for a field the server named (retries.busy.count, callingHours.end, doNotCall[2]). */
  function element(field) {
    const retry = /^retries\.([^.]+)\.(count|spacingMinutes)/.exec(field);
    if (retry) {
      const tr = byId('f-outcomes').querySelector('tr[data-outcome="' + CSS.escape(retry[1]) + '"]');
      return tr && tr.querySelector(retry[2] === 'count' ? '.count' : '.spacing');
    }
    const ids = { id: 'f-id', 'name.zh-CN': 'f-name-zh', 'name.en': 'f-name-en', queue: 'f-target', team: 'f-target',
      script: 'f-script', 'callingHours.start': 'f-start', 'callingHours.end': 'f-end', 'callingHours.days': 'f-days' };
    if (ids[field]) return byId(ids[field]);
    if (field.startsWith('outcomes') || field.startsWith('retries')) return byId('f-outcomes');
    if (field.startsWith('doNotCall')) return byId('f-dnc');
    return null;
  }

  async function save(event) {
    event.preventDefault();
    const message = byId('f-message');
    document.querySelectorAll('#campaign-form .invalid').forEach((e) => e.classList.remove('invalid'));
    const path = editing === null ? '/api/campaigns' : '/api/campaigns/' + encodeURIComponent(editing);
    const response = await fetch(path, { method: editing === null ? 'POST' : 'PUT', cache: 'no-store',
      headers: { Authorization: 'Bearer ' + Api.token(), 'Content-Type': 'application/json' },
      body: JSON.stringify(definition()) });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      message.className = 'error';
      const errors = data.errors || [];
      errors.forEach((e) => { const el = element(e.field); if (el) el.classList.add('invalid'); });
      message.textContent = errors.length
        ? errors.map((e) => (e.field || t('wholeCampaign')) + ': ' + e.message).join('\n')
        : t('failed', { message: data.message || response.status });
      return;
    }
    message.className = 'ok';
    message.textContent = t('saved', { id: data.campaign.id });
    editing = data.campaign.id;
    byId('f-id').disabled = true;
    await reload();
  }

  return {
    /** Loads what a definition may name (admins only). */
    start: async (loadCampaigns) => {
      reload = loadCampaigns;
      choices = await Api.get('/api/campaigns/choices');
      render();
    },
    edit: async (id) => {
      editing = id;
      fill((await Api.get('/api/campaigns/' + encodeURIComponent(id) + '/definition')).definition);
    },
    mount: () => {
      byId('new-campaign').addEventListener('click', () => { editing = null; fill({ outcomes: [] }); });
      byId('f-cancel').addEventListener('click', () => { byId('campaign-form').hidden = true; });
      byId('f-target-kind').addEventListener('change', targets);
      byId('f-script').addEventListener('change', steps);
      byId('campaign-form').addEventListener('submit', (e) => save(e).catch((err) => {
        byId('f-message').className = 'error'; byId('f-message').textContent = t('failed', { message: err.message });
      }));
    },
  };
})();
