'use strict';
/*
 * The service-level trend: today's service level of each queue as pushed every second, over the last few
 * minutes, drawn on a canvas with each queue's target as a dashed line. The history lives in the page (it
 * starts when the page connects); Grafana (docs/grafana/cti-queues.json) keeps the long view.
 */
const PALETTE = ['#4fc3f7', '#ffb74d', '#ba68c8', '#81c784', '#f06292', '#fff176'];

class TrendChart {
  constructor(canvas, legend, minutes) {
    this.canvas = canvas;
    this.legend = legend;
    this.windowMs = minutes * 60000;
    this.series = new Map(); // queue id -> {points: [{t, v}], target}
  }

  colour(index) {
    return PALETTE[index % PALETTE.length];
  }

  /** Adds one pushed sample: at is the server time in ms, value a ratio or null (no calls yet). */
  add(queueId, at, value, target) {
    let s = this.series.get(queueId);
    if (!s) {
      s = { points: [], target };
      this.series.set(queueId, s);
    }
    s.target = target;
    s.points.push({ t: at, v: value });
    const oldest = at - this.windowMs;
    while (s.points.length && s.points[0].t < oldest) s.points.shift();
  }

  /** Draws the window ending at now (server time in ms); names maps queue id to its label. */
  draw(now, names) {
    const c = this.canvas;
    const ratio = window.devicePixelRatio || 1;
    const width = c.clientWidth || 400;
    const height = c.clientHeight || 200;
    if (c.width !== Math.round(width * ratio) || c.height !== Math.round(height * ratio)) {
      c.width = Math.round(width * ratio);
      c.height = Math.round(height * ratio);
    }
    const g = c.getContext('2d');
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, width, height);
    const left = 38;
    const right = 8;
    const top = 8;
    const bottom = 20;
    const plotW = width - left - right;
    const plotH = height - top - bottom;
    const x = (t) => left + ((t - (now - this.windowMs)) / this.windowMs) * plotW;
    const y = (v) => top + (1 - v) * plotH;

    g.font = '11px sans-serif';
    g.fillStyle = '#8a97a8';
    g.strokeStyle = '#2c3646';
    g.lineWidth = 1;
    g.setLineDash([]);
    for (const v of [0, 0.25, 0.5, 0.75, 1]) {
      g.beginPath();
      g.moveTo(left, y(v));
      g.lineTo(left + plotW, y(v));
      g.stroke();
      g.textAlign = 'right';
      g.textBaseline = 'middle';
      g.fillText(Math.round(v * 100) + '%', left - 4, y(v));
    }
    const minutes = Math.round(this.windowMs / 60000);
    g.textAlign = 'center';
    g.textBaseline = 'top';
    for (let m = 0; m <= minutes; m += Math.max(1, Math.round(minutes / 5))) {
      g.fillText(m === 0 ? '0' : '-' + m + "'", x(now - m * 60000), top + plotH + 4);
    }

    let index = 0;
    const legendItems = [];
    for (const [id, s] of this.series) {
      const colour = this.colour(index++);
      if (s.target != null) {
        g.strokeStyle = colour;
        g.globalAlpha = 0.6;
        g.setLineDash([5, 4]);
        g.beginPath();
        g.moveTo(left, y(s.target));
        g.lineTo(left + plotW, y(s.target));
        g.stroke();
        g.globalAlpha = 1;
      }
      g.setLineDash([]);
      g.strokeStyle = colour;
      g.lineWidth = 2;
      g.beginPath();
      let pen = false;
      let previous = null;
      for (const p of s.points) {
        // A gap (no value, or a reconnect longer than 5 s) lifts the pen.
        if (p.v == null || (previous && p.t - previous.t > 5000)) {
          pen = false;
        }
        if (p.v != null) {
          if (pen) g.lineTo(x(p.t), y(p.v));
          else g.moveTo(x(p.t), y(p.v));
          pen = true;
        }
        previous = p;
      }
      g.stroke();
      g.lineWidth = 1;
      // Dots where a segment starts, so a lone sample (just after a gap) is visible too.
      g.fillStyle = colour;
      previous = null;
      for (const p of s.points) {
        const starts = !previous || previous.v == null || p.t - previous.t > 5000;
        if (p.v != null && starts) {
          g.beginPath();
          g.arc(x(p.t), y(p.v), 2.5, 0, 2 * Math.PI);
          g.fill();
        }
        previous = p;
      }
      const last = s.points.length ? s.points[s.points.length - 1].v : null;
      legendItems.push({ colour, name: names(id), last, target: s.target });
    }
    this.legend.replaceChildren(...legendItems.map((item) => {
      const span = document.createElement('span');
      span.className = 'legend-item';
      const swatch = document.createElement('i');
      swatch.style.background = item.colour;
      span.append(swatch, `${item.name} ${formatPercent(item.last)} / ${formatPercent(item.target)}`);
      return span;
    }));
  }
}

/** 0.8333 -> "83.3%"; null -> the no-data dash (a ratio without calls has no value, never 0 %). */
function formatPercent(v) {
  if (v == null || Number.isNaN(v)) return t('noData');
  return (Math.round(v * 1000) / 10).toFixed(1) + '%';
}

/** Seconds -> "m:ss" or "h:mm:ss". */
function formatDuration(seconds) {
  if (seconds == null || Number.isNaN(seconds)) return t('noData');
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${r}` : `${m}:${r}`;
}
