'use strict';
/*
 * The recording player of the QA console: a real <audio> element playing GET /api/recordings/{id}/audio through a
 * playback ticket (POST /api/recordings/{id}/ticket: the bearer token never goes into a URL; the ticket is asked for
 * on the first play or jump, which is when the playback is audited), and the call's timeline aligned to the audio
 * (GET /api/recordings/{id}): a bar with the hold spans and the paused spans, a marker per event, the current
 * position moving along; clicking the bar or an event jumps the audio there. Plain DOM and SVG.
 */
const Player = (() => {
  const SVG = 'http://www.w3.org/2000/svg';
  const st = {
    recording: null, // the recording object of GET /api/recordings/{id}
    timeline: [],
    ticketed: false, // the audio element has a ticket URL
    ticketing: null, // the pending ticket request
    retried: false, // one new ticket after an error (an expired ticket), not a loop
    pendingSeek: null, // seconds to go to once the metadata is in
    message: null, // [key, params] shown instead of the player
  };
  const $ = (id) => document.getElementById(id);
  const audio = () => $('audio');

  function durationSeconds() {
    const a = audio();
    if (a && Number.isFinite(a.duration) && a.duration > 0) return a.duration;
    return st.recording ? (st.recording.durationMillis || 0) / 1000 : 0;
  }

  function clock(seconds) {
    const neg = seconds <= -1; // under a second before the audio reads 0:00
    const s = Math.floor(Math.abs(seconds));
    return (neg ? '−' : '') + Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
  }

  // ---- audio -----------------------------------------------------------------------------------------------

  /** Gives the audio element its ticket URL (once per opened recording, again after an error). */
  async function ensureSource() {
    if (st.ticketed) return;
    if (!st.ticketing) {
      const id = st.recording.id;
      st.ticketing = Api.post(`/api/recordings/${encodeURIComponent(id)}/ticket`).then((answer) => {
        if (!st.recording || st.recording.id !== id) return;
        const a = audio();
        a.preload = 'auto';
        a.src = answer.audioUrl;
        st.ticketed = true;
      }).finally(() => { st.ticketing = null; });
    }
    await st.ticketing;
  }

  async function play() {
    try {
      await ensureSource();
      await audio().play();
    } catch (err) {
      fail(err);
    }
  }

  /** Jumps to {@code seconds} of the audio (clamped to the recording) and plays from there. */
  async function seek(seconds) {
    if (!st.recording) return;
    const to = Math.max(0, Math.min(seconds, Math.max(0, durationSeconds() - 0.05)));
    try {
      await ensureSource();
      const a = audio();
      if (a.readyState >= 1) {
        a.currentTime = to;
      } else {
        st.pendingSeek = to;
      }
      renderPosition(to);
      await a.play();
    } catch (err) {
      fail(err);
    }
  }

  /** Jumps to a time given from the call's answer (QA evidence's facts.atSeconds): the audio starts at the answer. */
  function seekFromAnswer(atSeconds, call) {
    let offset = 0;
    if (st.recording && call && call.answeredAt) {
      offset = (Date.parse(call.answeredAt) - Date.parse(st.recording.startedAt)) / 1000;
      if (!Number.isFinite(offset)) offset = 0;
    }
    return seek(atSeconds + offset);
  }

  function fail(err) {
    if (err && err.name === 'AbortError') return; // a newer play or seek took over
    const key = err && err.code === 'recording_deleted' ? 'recordingDeleted' : null;
    showMessage(key || 'playFailed', { message: (err && err.message) || String(err) });
  }

  function onAudioError() {
    if (!st.recording || !st.ticketed) return;
    // most likely the ticket ran out (10 minutes unused): one new ticket, at the same place
    if (!st.retried) {
      st.retried = true;
      const at = audio().currentTime || 0;
      st.ticketed = false;
      ensureSource().then(() => {
        st.pendingSeek = at;
      }).catch(fail);
      return;
    }
    showMessage('playFailed', { message: (audio().error && audio().error.message) || 'audio error' });
  }

  // ---- rendering ---------------------------------------------------------------------------------------------

  function showMessage(key, params) {
    st.message = key ? [key, params] : null;
    const m = $('player-message');
    m.hidden = !key;
    m.textContent = key ? t(key, params) : '';
  }

  function svg(tag, attrs) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    return e;
  }

  function x(seconds) {
    const d = durationSeconds();
    return d > 0 ? Math.max(0, Math.min(1000, (seconds / d) * 1000)) : 0;
  }

  function renderTimeline() {
    const box = $('timeline');
    box.replaceChildren();
    if (!st.recording) return;
    box.appendChild(svg('rect', { class: 'bar', x: 0, y: 18, width: 1000, height: 24 }));
    for (const h of st.recording.holdSpans || []) {
      const x0 = x(h.startMillis / 1000);
      const x1 = x((h.endMillis != null ? h.endMillis : st.recording.durationMillis) / 1000);
      box.appendChild(svg('rect', { class: 'hold-span', x: x0, y: 18, width: Math.max(2, x1 - x0), height: 24 }));
    }
    for (const p of st.recording.pausedSpans || []) {
      const x0 = x(p.startMillis / 1000);
      const x1 = x((p.endMillis != null ? p.endMillis : st.recording.durationMillis) / 1000);
      box.appendChild(svg('rect', { class: 'paused-span', x: x0, y: 18, width: Math.max(2, x1 - x0), height: 24 }));
    }
    const d = durationSeconds() * 1000;
    st.timeline.forEach((e, i) => {
      if (e.offsetMillis < 0 || e.offsetMillis > d) return;
      const mx = x(e.offsetMillis / 1000);
      const m = svg('rect', { class: 'marker', x: mx - 2, y: 6, width: 4, height: 48, 'data-type': e.type,
        'data-index': i });
      const title = svg('title', {});
      title.textContent = `${clock(e.offsetMillis / 1000)} ${eventLabel(e)}`;
      m.appendChild(title);
      box.appendChild(m);
    });
    box.appendChild(svg('rect', { id: 'cursor', x: 0, y: 0, width: 3, height: 60 }));
    renderPosition(audio().currentTime || 0);
  }

  function renderEvents() {
    const list = $('events');
    list.replaceChildren();
    st.timeline.forEach((e, i) => {
      const li = document.createElement('li');
      li.dataset.type = e.type;
      li.dataset.offset = String(e.offsetMillis);
      li.dataset.index = String(i);
      const at = document.createElement('span');
      at.className = 't';
      at.textContent = clock(e.offsetMillis / 1000);
      const what = document.createElement('span');
      what.className = 'what';
      what.textContent = eventLabel(e);
      li.append(at, what);
      if (e.offsetMillis < 0) {
        const before = document.createElement('span');
        before.className = 'muted';
        before.textContent = ` (${t('beforeAudio')})`;
        li.appendChild(before);
      }
      li.tabIndex = 0;
      li.addEventListener('click', () => seek(e.offsetMillis / 1000));
      li.addEventListener('keydown', (k) => { if (k.key === 'Enter') seek(e.offsetMillis / 1000); });
      list.appendChild(li);
    });
  }

  function renderPosition(seconds) {
    $('position').textContent = clock(seconds);
    $('length').textContent = clock(durationSeconds());
    const c = document.getElementById('cursor');
    if (c) c.setAttribute('x', Math.min(997, x(seconds)));
    // the event last passed is the current one
    let current = -1;
    st.timeline.forEach((e, i) => { if (e.offsetMillis <= seconds * 1000 + 50) current = i; });
    document.querySelectorAll('#events li').forEach((li) => {
      li.classList.toggle('current', Number(li.dataset.index) === current);
    });
    const a = audio();
    $('play').textContent = a && !a.paused ? t('pause') : t('play');
  }

  /** The text of one timeline event in the page's language. */
  function eventLabel(e) {
    const d = Directory;
    const p = {
      queue: d.queueName(e.queueId),
      agent: d.agentName(e.agentId),
      supervisor: e.supervisor || '',
      by: e.by || '',
      seconds: e.thresholdSeconds,
      target: e.kind === 'queue' ? d.queueName(e.target) : e.target || '',
      outcome: e.outcome ? t('outcome_' + e.outcome) : '',
      code: e.code ? d.wrapUpLabel(e.code) : '',
      step: e.stepId ? stepLabel(e.stepId) : e.scriptId || '',
      action: e.action ? t('monitor_' + e.action) : '',
      detail: e.detail || '',
      duration: e.durationMillis != null ? clock(e.durationMillis / 1000) : '',
    };
    if (e.type === 'hold' && e.durationMillis == null) return t('ev_holdOpen');
    if (e.type === 'script' && e.stepId && t('phrase_' + e.stepId) !== 'phrase_' + e.stepId) {
      return t('phrase_' + e.stepId);
    }
    if ((e.type === 'recording-paused' || e.type === 'recording-resumed') && !e.by) return t(`ev_${e.type}-unknown`);
    return t('ev_' + e.type, p).replace(/\s+$/, '');
  }

  function stepLabel(id) {
    const key = 'step_' + id;
    const s = t(key);
    return s === key ? id : s;
  }

  // ---- public ----------------------------------------------------------------------------------------------

  function reset() {
    const a = audio();
    a.pause();
    a.removeAttribute('src');
    a.preload = 'none';
    a.load();
    st.ticketed = false;
    st.ticketing = null;
    st.retried = false;
    st.pendingSeek = null;
  }

  return {
    init() {
      const a = audio();
      $('play').addEventListener('click', () => (a.paused ? play() : a.pause()));
      a.addEventListener('timeupdate', () => renderPosition(a.currentTime));
      a.addEventListener('play', () => renderPosition(a.currentTime));
      a.addEventListener('pause', () => renderPosition(a.currentTime));
      a.addEventListener('playing', () => { st.retried = false; showMessage(null); });
      a.addEventListener('loadedmetadata', () => {
        if (st.pendingSeek != null) {
          a.currentTime = st.pendingSeek;
          st.pendingSeek = null;
        }
        renderTimeline();
      });
      a.addEventListener('error', onAudioError);
      $('timeline').addEventListener('click', (ev) => {
        const r = $('timeline').getBoundingClientRect();
        if (r.width > 0) seek(((ev.clientX - r.left) / r.width) * durationSeconds());
      });
    },

    /** Shows a recording (the answer of GET /api/recordings/{id}); nothing is played or ticketed yet. */
    open(detail) {
      reset();
      st.recording = detail.recording;
      st.timeline = detail.timeline || [];
      $('player-body').hidden = false;
      showMessage(detail.recording.deletedAt ? 'recordingDeleted' : null);
      $('play').disabled = !!detail.recording.deletedAt;
      this.render();
    },

    /** No recording for the call (or none visible). */
    none(key) {
      reset();
      st.recording = null;
      st.timeline = [];
      $('player-body').hidden = true;
      showMessage(key || 'noRecording');
    },

    close() {
      reset();
      st.recording = null;
      st.timeline = [];
    },

    recording: () => st.recording,
    seek,
    seekFromAnswer,
    clock,

    /** Everything again, e.g. in the other language. */
    render() {
      if (st.message) showMessage(st.message[0], st.message[1]);
      if (!st.recording) return;
      renderTimeline();
      renderEvents();
      renderPosition(audio().currentTime || 0);
    },
  };
})();
