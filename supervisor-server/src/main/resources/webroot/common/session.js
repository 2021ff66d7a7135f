'use strict';
/*
 * The login and logout of every page of the server (wallboard, QA console, reports), after common/lang.js and
 * common/connection.js: the form (rendered here into the page's empty <section id="login">, its words from the page's
 * dictionary: title, username, password, login, langToggle, loginFailed, loginError, sessionExpired), the session
 * token kept by Api in sessionStorage, the resumption of a session still in the tab, the refusal of the roles a page
 * is not for (their session is ended, not kept) and the logout.
 *
 * Session.mount(page) wires it, page being:
 *   content   the id of the page's section shown while logged in (hidden while the form shows);
 *   open(me)  an async function that starts the page for the user GET /api/me answered and calls Session.reveal()
 *             once the page may be seen; what it throws is shown on the form;
 *   close()   stops what the page runs (event stream, timers) whenever the form shows;
 *   refuse(me) the message telling a user this page is not for them, or nothing (optional: everyone is let in);
 *   failure(err) the form's message for a refused login (optional: the dictionary's loginFailed on 401, else
 *             loginError);
 *   switchLanguage() what the form's language button does.
 */
const Session = (() => {
  const FORM = `
    <form id="login-form" autocomplete="on">
      <h1 data-i18n="title"></h1>
      <label><span data-i18n="username"></span>
        <input id="username" name="username" autocomplete="username" required></label>
      <label><span data-i18n="password"></span>
        <input id="password" name="password" type="password" autocomplete="current-password" required></label>
      <button id="login-button" type="submit" data-i18n="login"></button>
      <p id="login-error" class="error" role="alert"></p>
      <button id="login-lang" class="link" type="button" data-i18n="langToggle"></button>
    </form>`;

  const byId = (id) => document.getElementById(id);
  let page = null;

  const defaultFailure = (err) => (err.status === 401 ? t('loginFailed') : t('loginError', { message: err.message }));

  /** Ends the session on the server, or at least forgets its token when the server cannot be told. */
  async function endSession() {
    try {
      await Api.logout();
    } catch (e) {
      Api.forget();
    }
  }

  /** The page for the user the token belongs to, or the form again with the refusal for a role it is not for. */
  async function start() {
    const me = await Api.get('/api/me');
    const refusal = page.refuse ? page.refuse(me) : null;
    if (refusal) {
      await endSession();
      show(refusal);
      return;
    }
    await page.open(me);
  }

  /** Stops the page and shows the form, with a message (or none) under it. */
  function show(message) {
    if (page.close) page.close();
    byId(page.content).hidden = true;
    byId('login').hidden = false;
    byId('login-error').textContent = message || '';
    byId('password').value = '';
    byId('username').focus();
  }

  async function onSubmit(e) {
    e.preventDefault();
    byId('login-error').textContent = '';
    try {
      await Api.login(byId('username').value.trim(), byId('password').value);
      await start();
    } catch (err) {
      byId('login-error').textContent = (page.failure || defaultFailure)(err);
    }
  }

  async function onLogout() {
    if (page.close) page.close();
    await endSession();
    show();
  }

  return {
    /** Renders the form, wires it and the page's #logout button, then resumes the tab's session or asks for one. */
    mount(options) {
      page = options;
      const section = byId('login');
      section.innerHTML = FORM;
      section.querySelectorAll('[data-i18n]').forEach((e) => { e.textContent = t(e.dataset.i18n); });
      byId('login-form').addEventListener('submit', onSubmit);
      byId('login-lang').addEventListener('click', () => page.switchLanguage());
      byId('logout').addEventListener('click', onLogout);
    },

    /** Resumes the session still in this tab, or shows the form. Call after the page has wired the rest. */
    resume() {
      if (Api.token()) {
        start().catch(() => {
          Api.forget();
          show();
        });
      } else {
        show();
      }
    },

    /** Hides the form and shows the page's content (open() calls it once the page may be seen). */
    reveal() {
      byId('login').hidden = true;
      byId(page.content).hidden = false;
    },

    show,

    /** The server no longer knows the token (the event stream was refused): back to the form, saying why. */
    expired() {
      Api.forget();
      show(t('sessionExpired'));
    },
  };
})();
