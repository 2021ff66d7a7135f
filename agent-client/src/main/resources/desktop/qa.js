"use strict";
/*
 * The desktop's part of call recording and quality assurance (issue 12), loaded after the page's own script (it uses
 * its ui, t, label, send, $): the Pause recording / Resume recording button of the current call (the seat's
 * "recording" command; the state from the server's recording pushes), and My evaluations (我的质检): the agent's
 * submitted evaluations with score, grade, items and remarks, the recording when the site lets agents hear their own
 * calls (played from this desktop server, which relays the server's audio with a ticket the seat holds), and
 * Acknowledge / Dispute (a dispute needs a comment). Kept live by the server's evaluation pushes.
 */
Object.assign(I18N["zh-CN"], {
  recording: "录音", recPause: "暂停录音", recResume: "恢复录音", rec_recording: "录音中", rec_paused: "录音已暂停",
  rec_not_recorded: "未录音", rec_unknown: "查询中…", rec_none: "-",
  myEvaluations: "我的质检", evalDate: "评分时间", evalQueue: "队列", evalScore: "得分", evalGrade: "等级",
  evalResult: "结果", evalStatus: "状态", noEvaluations: "暂无质检评分。", passedYes: "合格", passedNo: "不合格",
  st_SUBMITTED: "待确认", st_DISPUTED: "申诉中", st_ACKNOWLEDGED: "已确认", st_DRAFT: "草稿",
  evaluator: "质检员", deductionsTitle: "扣分项", remarksTitle: "评语", itemsTitle: "评分项目",
  times: "次", evalComment: "意见(申诉时必填)", acknowledge: "确认", dispute: "申诉",
  disputeNeedsComment: "申诉请填写意见。", awaitingReview: "申诉已提交,等待质检员复核。",
  acknowledgedDone: "您已确认此评分。", reviewedOnce: "申诉已答复,只能确认。",
  yourDispute: "我的申诉:", theirReply: "质检员答复:", playRecording: "播放录音",
  noAudio_not_allowed: "按本中心规定,坐席不能回放自己的通话录音(recording.agentsHearOwnCalls)。",
  noAudio_none: "此通话没有录音。", noAudio_deleted: "此录音已按保存期限删除。", close: "关闭",
  proposedWas: "系统建议:"
});
Object.assign(I18N.en, {
  recording: "Recording", recPause: "Pause recording", recResume: "Resume recording", rec_recording: "recording",
  rec_paused: "recording paused", rec_not_recorded: "not recorded", rec_unknown: "asking…", rec_none: "-",
  myEvaluations: "My evaluations", evalDate: "Evaluated", evalQueue: "Queue", evalScore: "Score", evalGrade: "Grade",
  evalResult: "Result", evalStatus: "Status", noEvaluations: "No evaluations yet.", passedYes: "Pass",
  passedNo: "Fail", st_SUBMITTED: "To acknowledge", st_DISPUTED: "Disputed", st_ACKNOWLEDGED: "Acknowledged",
  st_DRAFT: "Draft", evaluator: "Evaluator", deductionsTitle: "Deductions", remarksTitle: "Remarks",
  itemsTitle: "Items", times: "×", evalComment: "Comment (required for a dispute)", acknowledge: "Acknowledge",
  dispute: "Dispute", disputeNeedsComment: "A dispute needs a comment.",
  awaitingReview: "Your dispute is with the evaluator for review.", acknowledgedDone: "You acknowledged this evaluation.",
  reviewedOnce: "Your dispute was answered: you can only acknowledge now.", yourDispute: "Your dispute: ",
  theirReply: "Evaluator's reply: ", playRecording: "Play the recording",
  noAudio_not_allowed: "Agents may not play their own calls here (recording.agentsHearOwnCalls).",
  noAudio_none: "This call has no recording.", noAudio_deleted: "The recording was deleted (retention).",
  close: "Close", proposedWas: "Proposed:"
});

const DesktopQa = (() => {
  const q = {
    rec: new Map(), // server call id -> {state, reason}: the recording pushes and answers
    callId: null, // the agent's current call (server's id)
    busy: false, // a pause / resume is on its way
    list: [], // the agent's evaluations (summaries)
    open: null, // the evaluation-detail answer shown
    message: null, // a key shown under the actions
  };
  const fmt = n => (n == null ? "-" : String(Math.round(n * 100) / 100));
  const el = (tag, cls, txt) => {
    const e = document.createElement(tag); if (cls) e.className = cls; if (txt != null) e.textContent = txt; return e;
  };

  /* ---------- recording of the current call ---------- */
  function recState() {
    const onCall = ui.state === "ON_CALL" && q.callId;
    if (!onCall) return "none";
    const r = q.rec.get(q.callId);
    return r ? r.state : "unknown";
  }
  function renderRecording() {
    const st = recState(), r = q.rec.get(q.callId), s = $("rec-state"), b = $("btn-recording");
    s.dataset.state = st;
    s.textContent = t("rec_" + st) + (st === "not_recorded" && r && r.reason ? " (" + r.reason + ")" : "");
    b.dataset.action = st === "paused" ? "resume" : "pause";
    b.textContent = t(st === "paused" ? "recResume" : "recPause");
    b.disabled = q.busy || !(st === "recording" || st === "paused");
  }
  function setRec(callId, state, reason) {
    if (callId && state) q.rec.set(callId, { state, reason: reason || null });
  }

  /* ---------- my evaluations ---------- */
  function renderList() {
    const body = $("evals");
    body.innerHTML = "";
    for (const e of q.list) {
      const tr = el("tr");
      tr.dataset.evaluation = String(e.id); tr.dataset.status = e.status;
      tr.classList.toggle("open", !!(q.open && q.open.evaluation.id === e.id));
      const q2 = queue(e.queueId);
      for (const v of [e.submittedAt ? new Date(e.submittedAt).toLocaleString(ui.lang) : "",
                       q2 ? label(q2.name, e.queueId) : (e.queueId || ""), fmt(e.score), e.grade || "-",
                       e.passed ? t("passedYes") : t("passedNo"), t("st_" + e.status)]) {
        tr.appendChild(el("td", null, v));
      }
      tr.children[3].className = "grade"; tr.children[5].className = "status";
      tr.onclick = () => send("evaluation-detail " + e.id);
      body.appendChild(tr);
    }
    show("evals-empty", q.list.length === 0);
  }

  function ratingLabel(def, rating) {
    const r = (def.ratings || []).find(x => x.rating === rating);
    return r ? label(r.label, rating) : (rating || "-");
  }

  function renderDetail() {
    const box = $("eval-detail");
    show("eval-detail", !!q.open);
    if (!q.open) return;
    const ev = q.open.evaluation, def = ev.formDefinition || { sections: [], deductions: [], ratings: [], grades: [] };
    box.dataset.evaluation = String(ev.id); box.dataset.status = ev.status;
    const grade = (def.grades || []).find(g => g.id === ev.grade);
    $("ev-score").textContent = fmt(ev.score);
    $("ev-grade").textContent = grade ? label(grade.label, ev.grade) + " (" + ev.grade + ")" : (ev.grade || "-");
    $("ev-passed").textContent = ev.passed ? t("passedYes") : t("passedNo");
    $("ev-passed").dataset.passed = String(!!ev.passed);
    $("ev-status").textContent = t("st_" + ev.status);
    $("ev-evaluator").textContent = ev.evaluator || "";

    const items = $("ev-items");
    items.innerHTML = "";
    const byId = new Map((ev.items || []).map(i => [i.id, i]));
    for (const section of def.sections || []) {
      const h = el("tr", "section"); const th = el("th", null, label(section.label, section.id)); th.colSpan = 4;
      h.appendChild(th); items.appendChild(h);
      for (const d of section.items || []) {
        const i = byId.get(d.id); if (!i) continue;
        const tr = el("tr", "item"); tr.dataset.item = i.id; tr.dataset.rating = i.rating || "";
        tr.append(el("td", null, label(d.label, i.id)), el("td", "rating", ratingLabel(def, i.rating)),
                  el("td", "earned", fmt(i.earned) + " / " + fmt(i.points)), el("td", "remarks", i.remarks || ""));
        items.appendChild(tr);
      }
    }
    const ded = $("ev-deductions");
    ded.innerHTML = "";
    for (const d of ev.deductions || []) {
      if (!d.occurrences) continue;
      const dd = (def.deductions || []).find(x => x.id === d.id);
      const li = el("li", null, (dd ? label(dd.label, d.id) : d.id) + " " + d.occurrences + t("times") + " −" + fmt(d.points)
        + (d.remarks ? " (" + d.remarks + ")" : ""));
      li.dataset.deduction = d.id; ded.appendChild(li);
    }
    show("ev-deductions-box", ded.children.length > 0);
    $("ev-remarks").textContent = ev.remarks || "-";

    const disputes = $("ev-disputes");
    disputes.innerHTML = "";
    for (const d of ev.disputeHistory || []) {
      const div = el("div", "say dispute");
      div.appendChild(el("div", "comment", t("yourDispute") + d.comment));
      if (d.reply) div.appendChild(el("div", "reply", t("theirReply") + d.reply));
      disputes.appendChild(div);
    }

    // the recording, or why not
    const why = q.open.recordingUnavailable;
    show("ev-play", !why && !!q.open.recording);
    show("ev-no-audio", !!why);
    $("ev-no-audio").textContent = why ? t("noAudio_" + why) : "";
    $("ev-no-audio").dataset.why = why || "";

    // what the agent may do now
    const canAct = ev.status === "SUBMITTED";
    const canDispute = canAct && !ev.disputes;
    show("ev-actions", canAct);
    $("ev-dispute").disabled = !canDispute || !$("ev-comment").value.trim();
    show("ev-dispute", canDispute);
    const note = ev.status === "DISPUTED" ? "awaitingReview" : ev.status === "ACKNOWLEDGED" ? "acknowledgedDone"
      : canAct && !canDispute ? "reviewedOnce" : null;
    $("ev-note").textContent = q.message ? t(q.message) : note ? t(note) : "";
    renderList();
  }

  function oneLine(s) { return s.replace(/\s+/g, " ").trim(); }

  function wire() {
    $("btn-recording").onclick = () => {
      const action = $("btn-recording").dataset.action;
      q.busy = true; renderRecording(); send("recording " + action);
    };
    $("btn-evals").onclick = () => send("evaluations");
    $("ev-close").onclick = () => { q.open = null; $("ev-audio").pause(); renderDetail(); renderList(); };
    $("ev-comment").oninput = () => { q.message = null; renderDetail(); };
    $("ev-ack").onclick = () => {
      const c = oneLine($("ev-comment").value);
      send(("acknowledge " + q.open.evaluation.id + " " + c).trim());
    };
    $("ev-dispute").onclick = () => {
      const c = oneLine($("ev-comment").value);
      if (!c) { q.message = "disputeNeedsComment"; renderDetail(); return; }
      send("dispute " + q.open.evaluation.id + " " + c);
    };
    $("ev-play").onclick = () => { if (q.open && q.open.recording) send("play " + q.open.recording.id); };
  }

  return {
    render() { renderRecording(); renderList(); renderDetail(); },
    onEvent(e) {
      switch (e.event) {
        case "hello": send("evaluations"); break;
        case "logged-in": case "state": {
          const id = e.callId || null;
          if (id !== q.callId) { q.callId = id; q.busy = false; }
          if (e.state === "ON_CALL" && id && !q.rec.has(id)) send("recording");
          renderRecording(); break;
        }
        case "recording": setRec(e.callId, e.state, e.reason); if (e.callId === q.callId) q.busy = false; renderRecording(); break;
        case "ok":
          if (e.command === "recording") {
            const r = e.recording || {};
            setRec(r.callId, r.state, r.reason);
            q.busy = false; renderRecording();
          } else if (e.command === "acknowledge" || e.command === "dispute") {
            $("ev-comment").value = ""; q.message = null;
            send("evaluations"); if (e.evaluation) send("evaluation-detail " + e.evaluation.id);
          }
          break;
        case "error":
          if (e.command === "recording") { q.busy = false; renderRecording(); }
          break;
        case "evaluations": q.list = e.evaluations || []; renderList(); break;
        case "evaluation-detail": q.open = e; q.message = null; renderDetail(); break;
        case "evaluation":
          send("evaluations");
          if (q.open && e.evaluation && q.open.evaluation.id === e.evaluation.id) send("evaluation-detail " + e.evaluation.id);
          break;
        case "play": {
          const a = $("ev-audio");
          show("ev-audio", true);
          a.src = e.url;
          a.play().catch(() => {});
          break;
        }
      }
    },
    wire
  };
})();
DesktopQa.wire(); /* the page connects and draws itself once this has run (DOMContentLoaded) */
