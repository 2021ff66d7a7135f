'use strict';
/*
 * The report's charts, drawn by Apache ECharts (served from its WebJar at /vendor/echarts/): calls and service level by
 * period, the handle time split into talk, hold and after-call work, and agent occupancy. Data comes from the report
 * rows (docs/API.md, "Reports"); a period without a value has a gap, never a 0.
 */
const Charts = (() => {
  const charts = {};

  function chart(id) {
    if (!charts[id]) charts[id] = echarts.init(document.getElementById(id), null, { renderer: 'canvas' });
    return charts[id];
  }

  const sum = (rows, key) => rows.reduce((s, r) => s + (r[key] || 0), 0);

  /** Weighted average of a per-row average over rows, by weightKey (e.g. AHT by handled calls); null without weight. */
  function weighted(rows, key, weightKey) {
    const w = sum(rows, weightKey);
    if (!w) return null;
    return Math.round(rows.reduce((s, r) => s + (r[key] == null ? 0 : r[key] * r[weightKey]), 0) / w * 10) / 10;
  }

  function byPeriod(rows) {
    const periods = [...new Set(rows.filter((r) => r.period !== 'total').map((r) => r.period))].sort();
    return { periods, at: (p) => rows.filter((r) => r.period === p) };
  }

  function queues(rows) {
    const { periods, at } = byPeriod(rows);
    const queueIds = [...new Set(rows.map((r) => r.queue))];
    chart('chart-volume').setOption({
      title: { text: t('chartVolume'), textStyle: { fontSize: 13 } },
      tooltip: { trigger: 'axis' }, legend: { top: 22 }, grid: { top: 60, left: 50, right: 50, bottom: 30 },
      xAxis: { type: 'category', data: periods },
      yAxis: [{ type: 'value', minInterval: 1 }, { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } }],
      series: [
        { name: t('offeredS'), type: 'bar', data: periods.map((p) => sum(at(p), 'offered')) },
        { name: t('answeredS'), type: 'bar', data: periods.map((p) => sum(at(p), 'answered')) },
        { name: t('abandonedS'), type: 'bar', data: periods.map((p) => sum(at(p), 'abandoned')) },
        ...queueIds.map((q) => ({
          name: t('slS') + ' ' + q, type: 'line', yAxisIndex: 1, connectNulls: false,
          data: periods.map((p) => {
            const r = at(p).find((x) => x.queue === q);
            return r && r.serviceLevel != null ? Math.round(r.serviceLevel * 1000) / 10 : null;
          }),
        })),
      ],
    }, true);
    handleTime(periods, at);
  }

  function handleTime(periods, at) {
    chart('chart-aht').setOption({
      title: { text: t('chartAht'), textStyle: { fontSize: 13 } },
      tooltip: { trigger: 'axis' }, legend: { top: 22 }, grid: { top: 60, left: 50, right: 20, bottom: 30 },
      xAxis: { type: 'category', data: periods }, yAxis: { type: 'value' },
      series: [['talkS', 'averageTalkSeconds'], ['holdS', 'averageHoldSeconds'], ['acwS', 'averageWrapUpSeconds']]
        .map(([label, key]) => ({ name: t(label), type: 'bar', stack: 'aht',
          data: periods.map((p) => weighted(at(p), key, 'handled')) })),
    }, true);
  }

  /** Agent or team rows: occupancy per agent (or team) over the range, and handled calls by period. */
  function occupancy(totals) {
    const rows = totals.filter((r) => r.period === 'total');
    const names = rows.map((r) => r.name || r.agent || r.team);
    chart('chart-occupancy').setOption({
      title: { text: t('chartOccupancy'), textStyle: { fontSize: 13 } },
      tooltip: { trigger: 'axis' }, grid: { top: 40, left: 50, right: 20, bottom: 50 },
      xAxis: { type: 'category', data: names, axisLabel: { rotate: names.length > 8 ? 40 : 0 } },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      series: [{ name: t('occupancyS'), type: 'bar',
        data: rows.map((r) => (r.occupancy == null ? null : Math.round(r.occupancy * 1000) / 10)) }],
    }, true);
  }

  function people(rows) {
    const { periods, at } = byPeriod(rows);
    chart('chart-volume').setOption({
      title: { text: t('chartVolume'), textStyle: { fontSize: 13 } },
      tooltip: { trigger: 'axis' }, legend: { top: 22 }, grid: { top: 60, left: 50, right: 20, bottom: 30 },
      xAxis: { type: 'category', data: periods }, yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: t('answeredS'), type: 'bar', data: periods.map((p) => sum(at(p), 'answered')) },
        { name: t('col_outboundAttempts'), type: 'bar', data: periods.map((p) => sum(at(p), 'outboundAttempts')) },
      ],
    }, true);
    chart('chart-aht').setOption({
      title: { text: t('chartAht'), textStyle: { fontSize: 13 } }, tooltip: { trigger: 'axis' },
      grid: { top: 40, left: 50, right: 20, bottom: 30 }, xAxis: { type: 'category', data: periods },
      yAxis: { type: 'value' },
      series: [{ name: t('col_averageHandleSeconds'), type: 'line',
        data: periods.map((p) => weighted(at(p), 'averageHandleSeconds', 'handled')) }],
    }, true);
  }

  function resize() {
    Object.values(charts).forEach((c) => c.resize());
  }

  window.addEventListener('resize', resize);
  window.addEventListener('beforeprint', resize);
  return { queues, people, occupancy, resize, rendered: () => Object.keys(charts).length };
})();
