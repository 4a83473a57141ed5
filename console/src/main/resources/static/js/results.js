// Results: per metric a table of arms, cumulative lift with its confidence sequence, split against weights,
// banners (SRM, guardrail harm, stale data, too little data from the power calculator), and the JSON that
// POST /v1/analysis takes for every figure.
import { config, reporting, ApiError } from './api.js';
import { el, table, fmt, pct, ci } from './dom.js';
import { health } from './health.js';

const PALETTE = ['#0b5cad', '#c2410c', '#1d6b2f', '#7b2cbf', '#a4161a', '#4a4a4a'];
const MDE = 0.05; // relative minimum detectable effect of the "too little data" banner

export async function resultsSection(section, x) {
  if (x.status === 'DRAFT') {
    section.append(el('p', {}, 'No results before the experiment starts.'));
    return;
  }
  let results;
  try {
    results = await reporting('GET', `/v1/experiments/${x.id}/results`);
  } catch (e) {
    section.append(el('p', { id: 'results-missing' }, e instanceof ApiError ? `No results yet: ${e.message}` : String(e)));
    return;
  }
  const metrics = await config('GET', '/v1/metrics').catch(() => []);
  const banners = el('div', { id: 'banners' });
  section.append(el('p', { class: 'muted' }, `Phase ${results.phase} (current ${results.currentPhase}); data up to `
    + `${results.currentTo || '–'}; α = ${results.statistics.alpha}.`), banners);
  await fillBanners(banners, x, results, metrics);

  for (const m of results.analysis.metrics || []) section.append(metricBlock(m, results));
  section.append(el('h4', {}, 'Treatment split against the configured weights'), splitChart(results));
  section.append(el('h4', {}, 'Cumulative lift over time'));
  const lift = el('div', { id: 'lift' });
  section.append(lift);
  await liftChart(lift, x, results);
  section.append(reproduce(results));
}

async function fillBanners(node, x, results, metrics) {
  const h = health(x, results, metrics);
  const a = results.analysis;
  if (h.srm) {
    const s = a.srmCoverage.flagged ? a.srmCoverage : a.srmAssignment;
    node.append(el('p', { class: 'banner bad', id: 'banner-srm' }, `Sample ratio mismatch: the split `
      + `${JSON.stringify(s.observed)} is not what the weights give (sequential p = ${fmt(s.sequentialP)}). Do not trust `
      + 'the results until the cause is found.'));
  }
  if (h.harm.length) node.append(el('p', { class: 'banner bad', id: 'banner-harm' }, `Guardrail harm: ${h.harm.join(', ')}.`));
  if (h.stale) node.append(el('p', { class: 'banner warn', id: 'banner-stale' }, `Stale data: the newest input is from ${results.currentTo}.`));
  const primary = (a.metrics || []).find((m) => m.metric === x.primaryMetric) || (a.metrics || [])[0];
  if (!primary) return;
  const control = primary.arms.find((r) => r.treatment === results.statistics.control);
  const significant = primary.comparisons.some((c) => (c.holmP ?? c.pValue) !== null && (c.holmP ?? c.pValue) < results.statistics.alpha);
  if (!control || significant) return;
  const units = Object.values(results.statistics.coverageUnits || {}).reduce((s, n) => s + n, 0);
  const started = x.phases && x.phases.length ? Date.parse(x.phases[x.phases.length - 1].startedAt) : null;
  const days = started ? Math.max((Date.now() - started) / 86400000, 1 / 24) : null;
  const daily = days && units ? Math.max(1, Math.round(units / days)) : undefined;
  if (!(control.mean > 0) || !(control.variance > 0)) {
    node.append(el('p', { class: 'banner warn', id: 'banner-power' }, `Too little data: ${units} units so far, not `
      + 'enough to estimate the control\'s variance.'));
    return;
  }
  const request = { relativeMde: MDE, baselineMean: control.mean, baselineVariance: control.variance,
    alpha: results.statistics.alpha, power: 0.8, arms: primary.arms.length, dailyExposedUnits: daily };
  try {
    const p = await reporting('POST', '/v1/power', request);
    const more = p.totalUnits - units;
    if (more > 0) {
      const moreDays = daily ? Math.ceil(more / daily) : null;
      node.append(el('p', { class: 'banner warn', id: 'banner-power' }, `Too little data for ${primary.metric}: needs `
        + `${more.toLocaleString('en')} more units${moreDays !== null ? `, about ${moreDays} day${moreDays === 1 ? '' : 's'} at the current `
        + `${daily.toLocaleString('en')} units/day` : ''} (to detect a ${MDE * 100}% relative change with 80% power).`,
        details('The POST /v1/power request', request)));
    }
  } catch (e) {
    node.append(el('p', { class: 'banner warn', id: 'banner-power' }, `Too little data (power: ${e.message}).`));
  }
}

function metricBlock(m, results) {
  const control = results.statistics.control;
  const rows = m.arms.map((arm) => {
    const c = (m.comparisons || []).find((k) => k.treatment === arm.treatment);
    if (arm.treatment === control || !c) {
      return [arm.treatment + (arm.treatment === control ? ' (control)' : ''), arm.n, fmt(arm.mean), '–', '–', '–', '–', '–', '–', '–', '–', '–'];
    }
    return [arm.treatment, arm.n, fmt(arm.mean), fmt(c.difference), ci(c.differenceCi), pct(c.relativeLift),
      ci(c.relativeLiftCi, pct), fmt(c.pValue), fmt(c.holmP), fmt(c.alwaysValidP), pct(c.chanceToBeatControl),
      c.cuped && c.cuped.status === 'OK' ? `${fmt(c.cuped.difference)} ${ci(c.cuped.differenceCi)} p=${fmt(c.cuped.pValue)}` : (c.status !== 'OK' ? c.reason || c.status : '–')];
  });
  const stats = results.statistics.metrics.find((s) => s.metric === m.metric);
  return el('section', { class: 'metric', 'aria-label': `Metric ${m.metric}` },
    el('h4', {}, `${m.metric}`, el('span', { class: 'muted' }, ` ${stats ? `${stats.kind}, ${stats.role}` : ''}, ${m.adjustment || ''}`)),
    table(`results-table-${m.metric}`, `${m.metric}: arms`,
      ['arm', 'n', 'mean', 'difference', 'CI', 'relative lift', 'lift CI', 'p', 'Holm p', 'always-valid p', 'chance to beat control', 'CUPED'],
      rows, [1, 2, 3, 7, 8, 9, 10]),
    details(`The POST /v1/analysis input for ${m.metric}`, { ...results.statistics, metrics: stats ? [stats] : [] }));
}

function details(summary, json) {
  const text = JSON.stringify(json, null, 2);
  const href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  return el('details', { class: 'json' }, el('summary', {}, summary),
    el('p', {}, el('a', { href, download: 'analysis-input.json' }, 'Download JSON')), el('pre', {}, text));
}

function reproduce(results) {
  const out = el('pre', { id: 'reproduce-output', 'aria-live': 'polite' });
  const button = el('button', { type: 'button', id: 'reproduce', onclick: async () => {
    try {
      const a = await reporting('POST', '/v1/analysis', results.statistics);
      const same = JSON.stringify(a.metrics.map((m) => m.comparisons.map((c) => c.pValue)))
        === JSON.stringify(results.analysis.metrics.map((m) => m.comparisons.map((c) => c.pValue)));
      out.textContent = `${same ? 'Same figures' : 'Figures differ'}: ${JSON.stringify(a.metrics.map((m) => ({ metric: m.metric,
        p: m.comparisons.map((c) => c.pValue) })))}`;
    } catch (e) { out.textContent = e.message; }
  } }, 'Reproduce with POST /v1/analysis');
  return el('section', { 'aria-label': 'Reproduce' }, el('h4', {}, 'Reproduce'),
    details('Every figure on this page: the JSON that POST /v1/analysis takes', results.statistics), button, out);
}

function splitChart(results) {
  const weights = results.statistics.expectedWeightsBasisPoints || {};
  const observed = results.statistics.coverageUnits || {};
  const total = Object.values(observed).reduce((s, n) => s + n, 0) || 1;
  const arms = Object.keys(weights);
  const rows = arms.map((t) => [t, `${(weights[t] / 100).toFixed(2)}%`, observed[t] || 0, `${((observed[t] || 0) / total * 100).toFixed(2)}%`]);
  const node = el('div', { class: 'chart', id: 'split-chart', role: 'img', 'aria-label': 'Observed split against configured weights' });
  const wrap = el('div', {}, node, table('split-table', 'Split against weights', ['treatment', 'configured', 'units', 'observed'], rows, [1, 2, 3]));
  requestAnimationFrame(() => chart(node, {
    aria: { enabled: true }, color: PALETTE, tooltip: {}, legend: { data: ['configured %', 'observed %'] },
    xAxis: { type: 'category', data: arms }, yAxis: { type: 'value', name: '%' },
    series: [{ name: 'configured %', type: 'bar', data: arms.map((t) => weights[t] / 100) },
      { name: 'observed %', type: 'bar', data: arms.map((t) => +((observed[t] || 0) / total * 100).toFixed(2)) }],
  }));
  return wrap;
}

async function liftChart(node, x, results) {
  const metric = x.primaryMetric || (results.analysis.metrics[0] && results.analysis.metrics[0].metric);
  let series;
  try {
    series = await reporting('GET', `/v1/experiments/${x.id}/results/timeseries?metric=${encodeURIComponent(metric)}`);
  } catch (e) {
    node.append(el('p', {}, `No time series: ${e.message}`));
    return;
  }
  const points = series.points || [];
  if (!points.length) {
    node.append(el('p', { id: 'lift-empty' }, 'No snapshot yet (one is taken every snapshot interval).'));
    return;
  }
  const treatments = [...new Set(points.flatMap((p) => (p.analysis.metrics[0] || { comparisons: [] }).comparisons.map((c) => c.treatment)))];
  const rows = [];
  const data = {};
  for (const t of treatments) data[t] = { d: [], lo: [], hi: [] };
  for (const p of points) {
    const m = p.analysis.metrics.find((k) => k.metric === metric);
    for (const t of treatments) {
      const c = m && m.comparisons.find((k) => k.treatment === t);
      const cs = c && c.confidenceSequence;
      data[t].d.push([p.takenAt, c ? c.difference : null]);
      data[t].lo.push([p.takenAt, cs ? cs.lower : null]);
      data[t].hi.push([p.takenAt, cs ? cs.upper : null]);
      rows.push([p.takenAt, t, fmt(c && c.difference), ci(cs), fmt(c && c.alwaysValidP)]);
    }
  }
  const chartNode = el('div', { class: 'chart', id: 'lift-chart', role: 'img',
    'aria-label': `Cumulative difference in ${metric} with its confidence sequence` });
  node.append(el('p', { class: 'muted' }, `${metric}: treatment − control, cumulative, with the always-valid `
    + `${(1 - results.statistics.alpha) * 100}% confidence sequence (dashed).`), chartNode,
  table('lift-table', `Cumulative ${metric} difference`, ['snapshot', 'treatment', 'difference', 'confidence sequence', 'always-valid p'], rows, [2, 4]));
  const s = [];
  treatments.forEach((t, i) => {
    const color = PALETTE[i % PALETTE.length];
    s.push({ name: `${t} difference`, type: 'line', data: data[t].d, color, lineStyle: { width: 3 },
      markLine: { silent: true, symbol: 'none', data: [{ yAxis: 0 }], lineStyle: { color: '#4a4a4a' }, label: { show: false } } });
    for (const [bound, values] of [['lower', data[t].lo], ['upper', data[t].hi]]) {
      s.push({ name: `${t} confidence sequence`, type: 'line', data: values, color, symbol: 'none',
        lineStyle: { type: 'dashed', width: 1.5 }, tooltip: { show: true }, id: `${t}-${bound}` });
    }
  });
  requestAnimationFrame(() => chart(chartNode, {
    aria: { enabled: true }, tooltip: { trigger: 'axis' },
    legend: { data: treatments.flatMap((t) => [`${t} difference`, `${t} confidence sequence`]) },
    xAxis: { type: 'time' }, yAxis: { type: 'value', scale: true, name: 'treatment − control' }, series: s,
  }));
}

function chart(node, option) {
  if (!window.echarts) {
    node.textContent = 'The chart library did not load; the table shows the same figures.';
    return;
  }
  const c = window.echarts.init(node, null, { renderer: 'svg' });
  c.setOption({ animation: false, ...option }); // no motion; and screenshots show the final figure
  node.dataset.rendered = 'true';
}
