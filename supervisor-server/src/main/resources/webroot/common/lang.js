'use strict';
/*
 * The language of the server's pages (wallboard, QA console, reports): the choice is kept in localStorage (one
 * choice for every page), the first time from the browser's language. Each page defines its dictionary
 * I18N = {en: {...}, 'zh-CN': {...}} before this file; t(key, params) looks a key up in the current language, falls
 * back to English, then to the key itself (a gap shows on screen), and fills {name} placeholders from params.
 */
const Lang = (() => {
  const KEY = 'cti.lang';
  let current = localStorage.getItem(KEY)
    || ((navigator.language || 'en').toLowerCase().startsWith('zh') ? 'zh-CN' : 'en');
  if (!I18N[current]) current = 'en';
  return {
    get: () => current,
    set(lang) {
      current = I18N[lang] ? lang : 'en';
      localStorage.setItem(KEY, current);
      document.documentElement.lang = current;
    },
    other: () => (current === 'en' ? 'zh-CN' : 'en'),
  };
})();

/*
 * Times on the pages are the site's (site.timeZone of GET /api/site, which every page reads at login), not the
 * browser's: a supervisor in another zone sees the same times as the reports, the CSV and the agents. Written
 * 2026-12-07 09:00:17 in both languages. Before the site is known, or with a zone the browser does not know, the
 * browser's own zone is used.
 */
const SiteTime = (() => {
  let format = make(undefined);
  function make(zone) {
    return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  }
  function parts(value) {
    const p = {};
    format.formatToParts(value instanceof Date ? value : new Date(value)).forEach((x) => { p[x.type] = x.value; });
    return p;
  }
  return {
    /** Uses the site's zone from now on (an unknown zone keeps the browser's). */
    setZone(zone) {
      try {
        format = make(zone);
      } catch (e) {
        format = make(undefined);
      }
    },
    /** 2026-12-07 09:00:17 for an ISO string, epoch milliseconds or a Date; '' for none. */
    dateTime(value) {
      if (value == null || value === '') return '';
      const p = parts(value);
      return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
    },
    /** 2026-12-07: the site's date of an ISO string, epoch milliseconds or a Date (today's: SiteTime.day(Date.now())). */
    day(value) {
      const p = parts(value);
      return `${p.year}-${p.month}-${p.day}`;
    },
    /** 09:00:17 */
    time(value) {
      if (value == null || value === '') return '';
      const p = parts(value);
      return `${p.hour}:${p.minute}:${p.second}`;
    },
  };
})();

/** The string for key in the current language, with {placeholders} filled from params. */
function t(key, params) {
  const table = I18N[Lang.get()];
  let s = key in table ? table[key] : key in I18N.en ? I18N.en[key] : key;
  if (params) {
    s = s.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
  }
  return s;
}

/** A localized label of a config {zh-CN, en} map, falling back to any language it has. */
function localized(map, fallback) {
  if (!map || typeof map !== 'object') return fallback;
  return map[Lang.get()] || map.en || map['zh-CN'] || Object.values(map)[0] || fallback;
}
