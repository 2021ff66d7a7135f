"use strict";
/*
 * The desktop's preview campaign panel (外呼, issue 18), loaded after the page's own script (it uses its ui, t, label,
 * send, $, show, text): the campaigns the agent works (the seat's "campaigns"), the next record with the customer's
 * data (name, title, masked number, notes, attempts), Dial (the server's click-to-dial of the record's number, the
 * campaign's script pushed), Skip with a reason, and the outcome (a callback booked takes its date and time, and
 * the number to call back: the record's when left empty). The outcome is the call's wrap-up too (one pick): while the
 * agent holds a dialled record the page's own wrap-up panel stays hidden; the server books the wrap-up with the
 * outcome, and only when it refuses it (a code not offered for the call's queue) does the wrap-up panel come back.
 */
Object.assign(I18N["zh-CN"], {
  campaignTitle: "外呼任务", cpNext: "下一条", cpNoCampaign: "您没有可做的外呼任务。", cpAttempts: "已拨次数",
  cpDial: "拨打", cpReason: "跳过原因", cpSkip: "跳过", cpSubmit: "提交结果", cpDialled: "已发起呼叫",
  cpNothingDue: "暂无待拨记录。", cpSkipped: "已跳过。", cpDone: "结果已保存。", cpRetry: "将于 {at} 再次拨打。",
  cpOutside: "不在呼叫时段", cpInside: "呼叫时段", cpNeedReason: "请填写跳过原因。",
  cpNeedCallback: "请填写预约回访时间。", cpFailed: "未完成:", cpLast: "上次结果:",
  cpCallbackNumber: "回访号码(默认本号码)", cpWrapUpByHand: "话后小结未能自动完成,请手动选择小结代码:",
  cp_not_assigned: "您不在此任务的坐席范围内", cp_outside_calling_hours: "现在不在此任务的呼叫时段",
  cp_not_held: "此记录已不在您手中", cp_number_not_allowed: "拨号规则不允许呼叫此号码",
  cp_not_dialled: "当前状态不能外呼", cp_dial_not_allowed: "您的角色不允许外呼", cp_bad_parameter: "参数有误"
});
Object.assign(I18N.en, {
  campaignTitle: "Campaign", cpNext: "Next record", cpNoCampaign: "You work no campaign.", cpAttempts: "Attempts",
  cpDial: "Dial", cpReason: "reason to skip", cpSkip: "Skip", cpSubmit: "Save outcome", cpDialled: "call started",
  cpNothingDue: "No record is due now.", cpSkipped: "Skipped.", cpDone: "Outcome saved.",
  cpRetry: "It will be called again at {at}.", cpOutside: "outside calling hours", cpInside: "calling hours",
  cpNeedReason: "Give a reason to skip.", cpNeedCallback: "Give the callback's date and time.",
  cpFailed: "Not done: ", cpLast: "last outcome: ",
  cpCallbackNumber: "number to call back (default: this one)",
  cpWrapUpByHand: "The wrap-up was not ended with the outcome; choose a wrap-up code: ",
  cp_not_assigned: "you do not work this campaign", cp_outside_calling_hours: "outside the campaign's calling hours",
  cp_not_held: "this record is no longer yours", cp_number_not_allowed: "the dial plan does not allow this number",
  cp_not_dialled: "you cannot dial now", cp_dial_not_allowed: "your role may not dial out",
  cp_bad_parameter: "a value is not right"
});

/* times in the site's zone (site.timeZone), as the server's pages write them: 2026-12-07 09:00 */
const CampaignTime = {
  offsetMs(date, tz) {
    const p = {};
    new Intl.DateTimeFormat("en-US", { timeZone: tz, hourCycle: "h23", year: "numeric", month: "2-digit",
      day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" }).formatToParts(date)
      .forEach(x => { p[x.type] = x.value; });
    return Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second) - Math.floor(date.getTime() / 1000) * 1000;
  },
  /* "2026-12-08T10:30" read in the site's zone, as an instant "2026-12-08T02:30:00Z" */
  toInstant(local, tz) {
    const guess = Date.parse(local + ":00Z");
    return new Date(guess - CampaignTime.offsetMs(new Date(guess), tz)).toISOString().replace(/\.\d{3}Z$/, "Z");
  },
  format(iso, tz) { return new Date(iso).toLocaleString("sv-SE", { timeZone: tz }).slice(0, 16); }
};

const DesktopCampaign = (() => {
  const c = { campaigns: [], record: null, message: null, error: false, requestId: null };
  const current = () => c.campaigns.find(x => x.id === $("cp-campaign").value) || null;
  const say = (message, error) => { c.message = message; c.error = !!error; renderMessage(); };

  function renderMessage() {
    text("cp-message", c.message || "");
    $("cp-message").dataset.error = String(c.error);
  }
  function renderCampaigns() {
    const sel = $("cp-campaign"), was = sel.value;
    sel.textContent = "";
    c.campaigns.forEach(x => { const o = document.createElement("option"); o.value = x.id; o.textContent = label(x.name, x.id); sel.appendChild(o); });
    if (was) sel.value = was;
    show("cp-none", c.campaigns.length === 0);
    $("cp-next").disabled = c.campaigns.length === 0;
    const k = current();
    text("cp-hours", k ? (k.withinCallingHours ? t("cpInside") : t("cpOutside")) + " " + k.callingHours.start + "-"
      + k.callingHours.end : "");
    const out = $("cp-outcome"), chosen = out.value;
    out.textContent = "";
    (k ? k.outcomes : []).forEach(x => { const o = document.createElement("option"); o.value = x.code; o.textContent = label(x.label, x.code); out.appendChild(o); });
    if (chosen) out.value = chosen;
    showCallback();
  }
  function showCallback() {
    show("cp-callback", $("cp-outcome").value === "callback-booked");
    show("cp-callback-number", $("cp-outcome").value === "callback-booked");
  }
  /* the page's wrap-up panel is left out while the outcome is the wrap-up (index.html's renderState asks) */
  function rerenderState() { if (typeof renderState === "function") renderState(); }
  function renderRecord() {
    const r = c.record;
    show("cp-record", !!r);
    if (!r) return;
    text("cp-name", r.name); text("cp-title", r.title || ""); text("cp-number", r.number);
    text("cp-attempts", String(r.attempts)); text("cp-notes", r.notes || "");
    text("cp-last", r.lastOutcome ? t("cpLast") + r.lastOutcome : "");
    text("cp-dialled", r.requestId ? t("cpDialled") : "");
  }
  function failed(e) {
    say(t("cpFailed") + tOr("cp_" + e.code, e.message), true);
    if (e.code === "not_held") { c.record = null; renderRecord(); }
  }
  function ask(verb, args) { send((verb + " " + args).trim()); }

  $("cp-campaign").onchange = () => { c.record = null; say(null); renderCampaigns(); renderRecord(); };
  $("cp-outcome").onchange = showCallback;
  $("cp-next").onclick = () => { const k = current(); if (k) ask("preview-next", k.id); };
  $("cp-dial").onclick = () => { if (c.record) ask("preview-dial", c.record.campaign + " " + c.record.id); };
  $("cp-skip").onclick = () => {
    const reason = $("cp-reason").value.replace(/\s+/g, " ").trim();
    if (!reason) { say(t("cpNeedReason"), true); return; }
    if (c.record) ask("preview-skip", c.record.campaign + " " + c.record.id + " " + reason);
  };
  $("cp-submit").onclick = () => {
    if (!c.record) return;
    const outcome = $("cp-outcome").value;
    let at = "";
    if (outcome === "callback-booked") {
      const local = $("cp-callback").value;
      if (!local) { say(t("cpNeedCallback"), true); return; }
      at = CampaignTime.toInstant(local, (ui.site && ui.site.timeZone) || "UTC");
      const number = $("cp-callback-number").value.replace(/[\s-]/g, "");
      if (number) at += " " + number;
    }
    ask("preview-outcome", c.record.campaign + " " + c.record.id + " " + outcome + (at ? " " + at : ""));
  };

  return {
    render() { renderCampaigns(); renderRecord(); renderMessage(); },
    /* whether the outcome is the wrap-up: the agent holds a record it dialled */
    wrapsUp() { return !!(c.record && c.record.requestId); },
    onEvent(e) {
      switch (e.event) {
        case "logged-in": send("campaigns"); break;
        case "campaigns": c.campaigns = e.campaigns || []; renderCampaigns(); break;
        case "preview-next":
          c.record = e.record || null; renderRecord(); rerenderState();
          say(c.record ? null : t("cpNothingDue")); $("cp-reason").value = ""; break;
        case "preview-dial":
          if (c.record) { c.record.requestId = e.requestId; renderRecord(); } say(null); rerenderState(); break;
        case "preview-skip": c.record = null; renderRecord(); say(t("cpSkipped")); break;
        case "preview-outcome": {
          const r = e.record || {};
          const w = e.wrapUp || {};
          c.record = null; renderRecord(); rerenderState();
          say((r.status === "PENDING" ? t("cpDone") + " " + t("cpRetry").replace("{at}", CampaignTime.format(r.nextAt,
            (ui.site && ui.site.timeZone) || "UTC")) : t("cpDone"))
            + (w.status === "REJECTED" ? " " + t("cpWrapUpByHand") + (w.reason || "") : ""), w.status === "REJECTED");
          send("campaigns"); break;
        }
        case "error": if (/^(campaigns|preview-)/.test(e.command || "")) failed(e); break;
      }
    }
  };
})();
