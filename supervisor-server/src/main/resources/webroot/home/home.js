'use strict';
/*
 * The server's front door: / leads here. One login (common/session.js), then the page of the user's role, in the
 * same tab so that the session goes with it (the token is in the tab's sessionStorage) and the page opens without a
 * second login: supervisors to the wallboard, QA evaluators to the QA console, administrators to the reports. Agents
 * stay here, told where their desk is (the desk page in this browser, or the agent client), with the pages they may
 * open; every user with an agent seat gets the link to the desk page (desk/, issue 19).
 */
const HOME = { SUPERVISOR: 'wallboard', QA: 'qa', ADMIN: 'reports' };
/** The pages each role may open, as the pages themselves admit them (the QA console and the reports refuse agents). */
const PAGES = {
  AGENT: ['wallboard'],
  SUPERVISOR: ['wallboard', 'qa', 'reports', 'campaigns'],
  QA: ['qa', 'reports', 'wallboard', 'campaigns'],
  ADMIN: ['reports', 'wallboard', 'qa', 'campaigns'],
};
const $ = (id) => document.getElementById(id);
let user = null;

function render() {
  document.querySelectorAll('[data-i18n]').forEach((e) => { e.textContent = t(e.dataset.i18n); });
  if (!user) return;
  $('who').textContent = `${user.displayName || user.username} · ${t('role_' + user.role)}`;
  $('role-note').textContent = user.role === 'AGENT' ? t('agentNote', { user: user.username }) : t('otherPages');
  $('desk-link').hidden = !user.agent;
  const list = $('pages');
  list.replaceChildren(...(PAGES[user.role] || []).map((page) => {
    const li = document.createElement('li');
    const a = document.createElement('a');
    a.href = `../${page}/`;
    a.id = `go-${page}`;
    a.textContent = t('page_' + page);
    li.append(a);
    return li;
  }));
}

async function open(me) {
  user = me;
  const page = HOME[me.role];
  if (page) {
    location.replace(`../${page}/`);
    return;
  }
  render();
  Session.reveal();
}

function toggleLang() {
  Lang.set(Lang.other());
  render();
}

document.documentElement.lang = Lang.get();
Session.mount({ content: 'home', open, close: () => { user = null; }, switchLanguage: toggleLang });
$('lang-toggle').addEventListener('click', toggleLang);
render();
Session.resume();
