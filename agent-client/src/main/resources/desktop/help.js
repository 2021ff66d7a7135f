"use strict";
/*
 * The desktop's internal calls and "ask for help" (issue 18), loaded after the page's own script (it uses its ui, t,
 * send, $, show, text, dialError). Call colleague: the Dial box's text is a colleague's extension or name, sent as
 * `call-colleague WHO` (the server's POST /api/agents/{id}/dial {kind: agent}); the gateway rings this phone, then the
 * colleague's. Ask for help: during a call, `ask-help` raises a hand on the wallboard of the team's supervisors;
 * `ask-help-cancel` lowers it; the server's `help` push says when it went down (a supervisor joined, the call ended).
 */
Object.assign(I18N["zh-CN"], {
  callColleague: "呼叫同事", colleagueEmpty: "请输入同事的分机号或姓名", askHelp: "求助", askHelpCancel: "取消求助",
  help_raised: "已求助,等待班长加入…", help_joined: "班长已加入", help_cancelled: "", "help_call-ended": "",
  dial_unknown_agent: "没有这个同事(请用分机号或姓名)", dial_agent_unavailable: "同事现在不能接听",
  "ask-help_not_on_call": "通话中才能求助"
});
Object.assign(I18N.en, {
  callColleague: "Call colleague", colleagueEmpty: "enter a colleague's extension or name", askHelp: "Ask for help",
  askHelpCancel: "Cancel help", help_raised: "Help asked, waiting for a supervisor…", help_joined: "A supervisor joined",
  help_cancelled: "", "help_call-ended": "",
  dial_unknown_agent: "no such colleague (use the extension or the name)",
  dial_agent_unavailable: "the colleague cannot take a call now", "ask-help_not_on_call": "help is asked for during a call"
});

const DesktopHelp = (() => {
  const colleague = document.createElement("button");
  colleague.id = "btn-colleague";
  colleague.dataset.i18n = "callColleague";
  $("btn-dial").after(colleague);
  const bar = document.createElement("div");
  bar.id = "help-bar";
  bar.innerHTML = '<button id="btn-help" data-i18n="askHelp"></button> '
    + '<button id="btn-help-cancel" data-i18n="askHelpCancel"></button> <span id="help-state" data-state="none"></span>';
  $("consult-bar").after(bar);
  let hand = null; /* "raised" while the server holds the hand up */

  function render() {
    const talking = ui.callState === "talking" || ui.callState === "held";
    $("btn-help").disabled = !talking || hand === "raised";
    $("btn-help-cancel").disabled = hand !== "raised";
    $("help-state").dataset.state = hand || "none";
    text("help-state", hand ? t("help_" + hand) : "");
  }
  colleague.onclick = () => {
    const who = $("number").value.trim();
    if (!who) { dialError(t("colleagueEmpty")); return; }
    dialError(null); send("call-colleague " + who);
  };
  $("btn-help").onclick = () => send("ask-help");
  $("btn-help-cancel").onclick = () => send("ask-help-cancel");

  function onEvent(e) {
    if (e.event === "help") { hand = e.state === "raised" ? "raised" : e.reason || null; }
    else if (e.event === "ok" && e.command === "ask-help") { hand = "raised"; }
    else if (e.event === "ok" && e.command === "ask-help-cancel") { hand = null; }
    else if (e.event === "ok" && e.command === "call-colleague") { dialError(null); }
    else if (e.event === "error" && e.command === "call-colleague") { dialError(tOr("dial_" + e.code, e.message)); }
    else if (e.event === "error" && e.command === "ask-help") { text("help-state", tOr("ask-help_" + e.code, e.message)); return; }
    else if (e.event === "idle") { hand = null; }
    render();
  }
  render();
  return { onEvent };
})();
