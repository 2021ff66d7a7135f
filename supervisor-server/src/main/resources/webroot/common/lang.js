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
