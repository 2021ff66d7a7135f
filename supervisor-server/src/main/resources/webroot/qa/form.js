'use strict';
/*
 * The evaluation form of the QA console (docs/API.md, "Quality assurance"): the items of the form the evaluation is
 * scored on, grouped by section with their points, each with the server's proposed rating and its evidence beside
 * it (a link jumps the player to the evidence's time), the five rating buttons, "accept all proposals", overrides
 * marked as such, deductions with counts, remarks, dispute history and reply, submit. Every change is saved at once
 * (PUT /api/qa/evaluations/{id}, one request at a time) and the score, pass and grade shown are the server's answer:
 * the page computes nothing. A submitted or acknowledged evaluation is read-only.
 */
const EvaluationForm = (() => {
  const st = {
    ev: null, // the evaluation, as the server last answered
    callId: null, // the call shown when it has no evaluation yet
    mayEvaluate: false,
    queue: Promise.resolve(), // saves, one after the other
    built: null, // what the item rows were built for (evaluation, language, editable, player)
    saving: 0,
    saveError: null,
    note: null, // [key, params] under the score
    onChange: () => {},
  };
  const $ = (id) => document.getElementById(id);

  function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  const editable = () => st.mayEvaluate && st.ev && (st.ev.status === 'DRAFT' || st.ev.status === 'DISPUTED');
  const def = () => (st.ev && st.ev.formDefinition) || { sections: [], deductions: [], ratings: [], grades: [] };
  const fmt = (n) => (n == null ? '—' : String(Math.round(n * 100) / 100));

  function ratingLabel(rating) {
    const r = def().ratings.find((x) => x.rating === rating);
    return r ? localized(r.label, rating) : rating;
  }

  // ---- saving ------------------------------------------------------------------------------------------------

  /** Queues one PUT; the answer replaces the evaluation (and so the score) on screen. */
  function save(body) {
    const id = st.ev.id;
    st.saving += 1;
    renderSaveState();
    st.queue = st.queue.then(() => Api.put(`/api/qa/evaluations/${id}`, body)).then((answer) => {
      if (st.ev && st.ev.id === id) {
        st.ev = answer.evaluation;
        st.saveError = null;
      }
    }, (err) => {
      st.saveError = err.message;
    }).finally(() => {
      st.saving -= 1;
      if (st.ev && st.ev.id === id) render();
    });
    return st.queue;
  }

  function rate(item, rating) {
    if (!editable() || item.rating === rating) return;
    save({ items: [rating === item.proposed ? { id: item.id, accept: true } : { id: item.id, rating }] });
  }

  function deductionsBody() {
    return def().deductions.map((d) => {
      const row = document.querySelector(`.deduction[data-deduction="${CSS.escape(d.id)}"]`);
      const count = row ? Number(row.querySelector('.count').value || 0) : 0;
      const remarks = row ? row.querySelector('.note').value.trim() : '';
      const o = { id: d.id, occurrences: Number.isFinite(count) ? Math.trunc(count) : 0 };
      if (remarks) o.remarks = remarks;
      return o;
    });
  }

  async function submit() {
    if (!editable()) return;
    await st.queue; // every change saved first
    const body = {};
    const reply = $('reply').value.trim();
    if (st.ev.status === 'DISPUTED' && reply) body.reply = reply;
    try {
      const answer = await Api.post(`/api/qa/evaluations/${st.ev.id}/submit`, body);
      st.ev = answer.evaluation;
      st.saveError = null;
      st.note = ['submitted', { score: fmt(st.ev.score) }];
      $('reply').value = '';
    } catch (err) {
      st.saveError = err.message;
    }
    render();
    st.onChange(st.ev);
  }

  // ---- rendering ---------------------------------------------------------------------------------------------

  function renderSaveState() {
    const s = $('save-state');
    if (st.saving > 0) s.textContent = t('saving');
    else if (st.saveError) s.textContent = t('saveFailed', { message: st.saveError });
    else if (st.note) s.textContent = t(st.note[0], st.note[1]);
    else s.textContent = '';
    s.classList.toggle('error', !!st.saveError && st.saving === 0);
  }

  function renderScore() {
    const ev = st.ev;
    $('score').textContent = fmt(ev.score);
    const passed = $('passed');
    passed.dataset.passed = String(!!ev.passed);
    passed.textContent = ev.passed ? t('passed') : t('failed');
    const g = def().grades.find((x) => x.id === ev.grade);
    $('grade').textContent = g ? `${localized(g.label, g.id)} (${g.id})` : ev.grade || '—';
    const unrated = (ev.unrated || []).length;
    $('unrated').textContent = unrated ? t('unrated', { count: unrated }) : t('allRated');
    const status = $('eval-status');
    status.dataset.status = ev.status;
    status.textContent = t('status_' + ev.status);
  }

  /*
   * Item and deduction rows are built once per evaluation, language and editability, then updated in place after
   * each save: a note being typed is never replaced under the evaluator's fingers.
   */
  function buildItem(item, defItem) {
    const row = el('div', 'item');
    row.dataset.item = item.id;
    const head = el('div', 'item-head');
    head.append(el('span', 'label', localized(defItem.label, item.id)),
      el('span', 'points muted', t('points', { points: fmt(item.points) })), el('span', 'earned'));
    row.appendChild(head);
    const rates = el('div', 'rates');
    for (const r of def().ratings) {
      const b = el('button', 'rate', localized(r.label, r.rating));
      b.type = 'button';
      b.dataset.rating = r.rating;
      b.addEventListener('click', () => {
        const now = (st.ev.items || []).find((i) => i.id === item.id);
        if (now) rate(now, r.rating);
      });
      rates.appendChild(b);
    }
    row.append(rates, el('div', 'proposal'), el('div', 'overridden-badge'));
    const note = el('input', 'note');
    note.placeholder = t('itemNote');
    note.maxLength = 2000;
    // a note is kept with the rating; emptied, it is cleared
    note.addEventListener('change', () => save({ items: [{ id: item.id, remarks: note.value.trim() }] }));
    row.appendChild(note);
    return row;
  }

  /** Links that jump the player to the evidence: its own time, or each hold's. */
  function evidenceLinks(facts) {
    const times = [];
    if (typeof facts.atSeconds === 'number') times.push(facts.atSeconds);
    for (const h of Array.isArray(facts.holds) ? facts.holds : []) {
      if (h && typeof h.atSeconds === 'number') times.push(h.atSeconds);
    }
    return times.map((at) => {
      const a = el('a', 'evidence-jump', t('jumpTo', { time: Player.clock(Math.max(0, at)) }));
      a.href = '#';
      a.dataset.seconds = String(at);
      a.addEventListener('click', (e) => {
        e.preventDefault();
        Player.seekFromAnswer(at, st.ev.call);
      });
      return a;
    });
  }

  function updateItem(row, item) {
    row.dataset.rating = item.rating || '';
    row.dataset.proposed = item.proposed || '';
    // marked when the evaluator's rating replaced a proposal (the API also calls a rating without one overridden)
    row.dataset.overridden = String(!!(item.overridden && item.rating && item.proposed));
    row.querySelector('.earned').textContent = t('earned', { earned: fmt(item.earned), points: fmt(item.points) });
    row.querySelectorAll('button.rate').forEach((b) => {
      b.setAttribute('aria-pressed', String(item.rating === b.dataset.rating));
      b.classList.toggle('proposed', item.proposed === b.dataset.rating);
      b.disabled = !editable();
    });
    const proposal = row.querySelector('.proposal');
    proposal.replaceChildren();
    if (item.proposed) {
      proposal.appendChild(el('b', 'proposed-rating', t('proposed', { rating: ratingLabel(item.proposed) })));
    } else {
      proposal.appendChild(el('span', 'muted', t('noProposal')));
    }
    if (item.evidence) {
      proposal.appendChild(el('span', 'evidence', localized(item.evidence.text, item.evidence.code || '')));
      if (Player.recording()) proposal.append(...evidenceLinks(item.evidence.facts || {}));
    }
    const badge = row.querySelector('.overridden-badge');
    const overridden = !!(item.overridden && item.rating && item.proposed);
    badge.hidden = !overridden;
    badge.textContent = overridden ? t('overridden', { rating: ratingLabel(item.proposed) }) : '';
    const note = row.querySelector('.note');
    if (document.activeElement !== note) note.value = item.remarks || '';
    note.disabled = !editable();
  }

  function buildDeduction(d) {
    const row = el('div', 'deduction');
    row.dataset.deduction = d.id;
    const count = el('input', 'count');
    count.type = 'number';
    count.min = '0';
    count.max = String(d.maxCount);
    count.setAttribute('aria-label', t('count'));
    const note = el('input', 'note');
    note.placeholder = d.examples ? localized(d.examples, t('itemNote')) : t('itemNote');
    note.maxLength = 2000;
    for (const input of [count, note]) {
      input.addEventListener('change', () => save({ deductions: deductionsBody() }));
    }
    row.append(el('span', 'label', localized(d.label, d.id)),
      el('span', 'muted', t('each', { points: fmt(d.pointsEach), max: d.maxCount })), count, note);
    return row;
  }

  function updateDeduction(row, mine) {
    const count = row.querySelector('.count');
    const note = row.querySelector('.note');
    if (document.activeElement !== count) count.value = String(mine.occurrences || 0);
    if (document.activeElement !== note) note.value = mine.remarks || '';
    count.disabled = !editable();
    note.disabled = !editable();
  }

  function renderRows() {
    const key = `${st.ev.id}|${Lang.get()}|${editable()}|${!!Player.recording()}`;
    if (st.built !== key) {
      st.built = key;
      const box = $('sections');
      box.replaceChildren();
      for (const section of def().sections) {
        const s = el('div', 'section');
        s.dataset.section = section.id;
        const h = el('h3', null, localized(section.label, section.id));
        h.appendChild(el('span', 'muted', ' ' + t('points', { points: fmt(section.points) })));
        s.appendChild(h);
        for (const defItem of section.items) {
          const item = (st.ev.items || []).find((i) => i.id === defItem.id);
          if (item) s.appendChild(buildItem(item, defItem));
        }
        box.appendChild(s);
      }
      $('deductions').replaceChildren(...def().deductions.map(buildDeduction));
    }
    for (const item of st.ev.items || []) {
      const row = document.querySelector(`.item[data-item="${CSS.escape(item.id)}"]`);
      if (row) updateItem(row, item);
    }
    const taken = new Map((st.ev.deductions || []).map((d) => [d.id, d]));
    document.querySelectorAll('.deduction').forEach((row) => {
      updateDeduction(row, taken.get(row.dataset.deduction) || { occurrences: 0, remarks: null });
    });
  }

  function renderDisputes() {
    const box = $('disputes');
    box.replaceChildren();
    for (const d of st.ev.disputeHistory || []) {
      const div = el('div', 'dispute');
      div.dataset.dispute = String(d.id);
      div.appendChild(el('p', 'comment', t('disputeBy', { agent: Directory.agentName(d.agentId),
        at: SiteTime.dateTime(d.openedAt), comment: d.comment })));
      if (d.reply) {
        div.appendChild(el('p', 'reply', t('replyBy', { by: d.resolvedBy || '', reply: d.reply,
          before: fmt(d.scoreBefore), after: fmt(d.scoreAfter) })));
      }
      box.appendChild(div);
    }
    $('reply-box').hidden = !(editable() && st.ev.status === 'DISPUTED');
  }

  function render() {
    const ev = st.ev;
    $('eval-open').hidden = !!ev || !st.mayEvaluate || !st.callId;
    $('eval-body').hidden = !ev;
    const msg = $('eval-message');
    if (!ev) {
      $('eval-status').textContent = '';
      msg.hidden = false;
      msg.textContent = t('noEvaluationYet');
      return;
    }
    msg.hidden = editable() || ev.status !== 'DRAFT';
    msg.textContent = t('maySeeOnly');
    renderScore();
    renderRows();
    const remarks = $('remarks');
    if (document.activeElement !== remarks) remarks.value = ev.remarks || '';
    remarks.disabled = !editable();
    renderDisputes();
    const open = (ev.unrated || []).length;
    $('accept-all').disabled = !editable() || !(ev.items || []).some((i) => i.proposed && !i.rating);
    $('submit').disabled = !editable() || open > 0 || st.saving > 0;
    $('submit').hidden = !editable();
    $('submit-hint').textContent = editable() && open > 0 ? t('submitHintIncomplete') : '';
    renderSaveState();
  }

  return {
    init({ onChange }) {
      st.onChange = onChange || st.onChange;
      $('accept-all').addEventListener('click', () => editable() && save({ acceptProposals: true }));
      $('submit').addEventListener('click', submit);
      $('remarks').addEventListener('change', () => editable() && save({ remarks: $('remarks').value.trim() || null }));
      $('eval-open').addEventListener('click', async () => {
        try {
          const answer = await Api.post('/api/qa/evaluations', { callId: st.callId });
          this.show(answer.evaluation, st.mayEvaluate);
          st.onChange(st.ev);
        } catch (err) {
          const msg = $('eval-message');
          msg.hidden = false;
          msg.textContent = t('failedAction', { message: err.message });
        }
      });
    },

    /** Shows an evaluation in full; {@code mayEvaluate}: the user is an evaluator (the server still decides). */
    show(evaluation, mayEvaluate) {
      st.ev = evaluation;
      st.callId = evaluation.callId;
      st.mayEvaluate = mayEvaluate;
      st.saveError = null;
      st.note = null;
      st.built = null;
      render();
    },

    /** A call without an evaluation: the button to open one (pre-filled by the server). */
    none(callId, mayEvaluate) {
      st.ev = null;
      st.callId = callId;
      st.mayEvaluate = mayEvaluate;
      st.note = null;
      render();
    },

    current: () => st.ev,
    busy: () => st.saving > 0,
    render: () => render(),
  };
})();
