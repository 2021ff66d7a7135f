"use strict";
/*
 * The desktop's part of scheduled callbacks (issue 17), loaded after the page's own script (it uses its ui, t, label,
 * send, $, show, text, wrapCodes): a wrap-up code of category callback asks for the date and time agreed with the
 * customer (in the site's time zone) and the number to call back, and is sent as `callback-wrapup CODE AT NUMBER
 * [NOTES]`; when the server dials a callback for this agent (its `callback` push) the call panel shows it with the
 * customer's details and the script's callback phrase (回拨用语), until the call is over.
 */
Object.assign(I18N["zh-CN"], {
  callbackAt: "回访时间", callbackNumber: "回访号码", callbackNeeds: "预约回访请填写回访时间和号码",
  callbackOffer: "预约回访", callbackDue: "约定时间", callbackCustomer: "客户", callbackSay: "请说:",
  callbackAttempt: "第几次"
});
Object.assign(I18N.en, {
  callbackAt: "Call back at", callbackNumber: "Number to call", callbackNeeds: "a callback needs its time and number",
  callbackOffer: "Scheduled callback", callbackDue: "agreed for", callbackCustomer: "Customer", callbackSay: "Say:",
  callbackAttempt: "attempt"
});

const DesktopCallback = (() => {
  let offer = null;
  const fields = document.createElement("div");
  fields.id = "callback-fields";
  fields.className = "hidden";
  fields.innerHTML = '<label><span data-i18n="callbackAt"></span> <input id="cb-at" type="datetime-local"></label> '
    + '<label><span data-i18n="callbackNumber"></span> <input id="cb-number" size="13" inputmode="tel"></label>';
  $("notes").before(fields);
  const panel = document.createElement("div");
  panel.id = "callback-offer";
  panel.className = "hidden say";
  panel.innerHTML = '<b data-i18n="callbackOffer"></b> <span id="cb-number-shown"></span> <span id="cb-customer"></span>'
    + ' &nbsp;<span data-i18n="callbackDue"></span> <span id="cb-due"></span>'
    + '<div><span data-i18n="callbackSay"></span> <b id="cb-phrase"></b></div>';
  $("notice").after(panel);

  function category(code) {
    const c = wrapCodes().find(w => w.code === code);
    return c && c.category ? String(c.category).toUpperCase() : "";
  }
  function isCallback(code) { return category(code) === "CALLBACK"; }
  function render() {
    show("callback-fields", ui.state === "WRAP_UP" && isCallback($("codes").value));
  }
  function submit(code, notes) {
    const at = $("cb-at").value.trim(), number = $("cb-number").value.replace(/[\s-]/g, "");
    if (!at || !number) { text("error", t("callbackNeeds")); return; }
    send(("callback-wrapup " + code + " " + at + " " + number + " " + notes).trim());
  }
  function renderOffer() {
    show("callback-offer", !!offer);
    if (!offer) return;
    text("cb-number-shown", offer.number || "");
    text("cb-customer", offer.customer ? t("callbackCustomer") + ": " + offer.customer : "");
    text("cb-due", offer.dueAt ? new Date(offer.dueAt).toLocaleString() : "");
    text("cb-phrase", offer.phrase || "");
  }
  function onEvent(e) {
    if (e.event === "callback") { offer = e.callback || null; renderOffer(); }
    else if (e.event === "idle" && offer && ui.callState === "idle") { offer = null; renderOffer(); }
    else if (e.event === "state" || e.event === "logged-in") {
      if (e.state === "WRAP_UP") { $("cb-at").value = ""; $("cb-number").value = ""; }
      render();
    }
  }
  $("codes").addEventListener("change", render);
  return { isCallback, submit, render, onEvent };
})();
