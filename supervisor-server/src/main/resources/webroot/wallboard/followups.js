'use strict';
/*
 * Follow-ups on the wallboard (issue 17; docs/API.md, "Follow-ups"): the scheduled callbacks still not done
 * followUps.callbackOverdueMinutes after their time (who booked it, for when, who it was last dialled for, how many
 * attempts), and the open complaint follow-ups with their level, due time and close-by time, those past it flagged.
 * Read after each snapshot (GET /api/callbacks, GET /api/complaints) and kept live by the "follow-ups" pushes, which
 * the server sends after any change and on each of its scheduler's ticks (the flags move with the server's clock).
 */
Object.assign(I18N.en, {
  followUps: 'Follow-ups',
  overdueCallbacks: 'Overdue callbacks',
  openComplaints: 'Complaint follow-ups',
  noOverdueCallbacks: 'No overdue callback.',
  noOpenComplaints: 'No open complaint.',
  callbackRow: 'Agent {agent} · due {due} · {attempts} attempt(s){dialled}',
  callbackDialled: ' · last for {agent}',
  complaintRow: 'Agent {agent} · {level} · due {due} · close by {closeBy}',
  flagOverdue: 'OVERDUE',
  level_general: 'general', level_serious: 'serious', level_major: 'major',
});
Object.assign(I18N['zh-CN'], {
  followUps: '回访与投诉跟进',
  overdueCallbacks: '超时未回访',
  openComplaints: '投诉跟进',
  noOverdueCallbacks: '没有超时的回访。',
  noOpenComplaints: '没有未结的投诉。',
  callbackRow: '坐席 {agent} · 约定 {due} · 已拨 {attempts} 次{dialled}',
  callbackDialled: ' · 最近由 {agent} 拨打',
  complaintRow: '坐席 {agent} · {level} · 应于 {due} 前跟进 · 最迟 {closeBy} 结案',
  flagOverdue: '超时',
  level_general: '一般', level_serious: '严重', level_major: '重大',
});

const FollowUps = (() => {
  let callbacks = [];
  let complaints = [];

  function row(text, overdue, kind, id) {
    const li = el('li', overdue ? 'alert followup-overdue' : 'followup');
    li.dataset.kind = kind;
    li.dataset.id = String(id);
    if (overdue) li.append(el('b', 'flag', t('flagOverdue') + ' '));
    li.append(document.createTextNode(text));
    return li;
  }

  function render() {
    const cb = $('overdue-callbacks');
    const co = $('complaints');
    if (!cb || !co) return;
    cb.replaceChildren(...(callbacks.length ? callbacks.map((c) => row(t('callbackRow', {
      agent: c.agentId, due: SiteTime.dateTime(c.dueAt), attempts: c.attempts,
      dialled: c.dialledBy && c.dialledBy !== c.agentId ? t('callbackDialled', { agent: c.dialledBy }) : '',
    }), c.overdue, 'callback', c.id)) : [el('li', 'none', t('noOverdueCallbacks'))]));
    co.replaceChildren(...(complaints.length ? complaints.map((c) => row(t('complaintRow', {
      agent: c.agentId, level: t('level_' + c.level), due: SiteTime.dateTime(c.dueAt),
      closeBy: SiteTime.dateTime(c.closeBy),
    }), c.overdue, 'complaint', c.id)) : [el('li', 'none', t('noOpenComplaints'))]));
  }

  /** After a snapshot: today's lists (a role that sees none, or a server without follow-ups, leaves them empty). */
  async function fetch() {
    const [cb, co] = await Promise.all([Api.get('/api/callbacks'), Api.get('/api/complaints')]);
    callbacks = cb.callbacks.filter((c) => c.overdue);
    complaints = co.complaints;
    render();
  }

  function onPush(m) {
    callbacks = m.overdueCallbacks || [];
    complaints = m.complaints || [];
    render();
  }

  return { fetch, onPush, render };
})();
