// Diagnostics (a session's timeline; explain an assignment) and the power calculator.
import { api, config, reporting, ApiError } from './api.js';
import { el, field, table, fmt } from './dom.js';

export async function diagnosticsView(main) {
  const session = el('input', { type: 'text', required: true, autocomplete: 'off' });
  const timelineOut = el('div', { id: 'timeline-output', 'aria-live': 'polite' });
  const timeline = el('form', { id: 'timeline-form' }, field('d-session', 'Session id', session),
    el('button', { type: 'submit' }, 'Show timeline'), timelineOut);
  timeline.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const t = await api('GET', `/api/ingest/v1/timeline?sessionId=${encodeURIComponent(session.value.trim())}`);
      const rows = (t.events || []).map((r) => [r.time, r.kind,
        (r.experiments || []).map((x) => `${x.experimentId}: ${x.treatment}${x.covered === false ? ' (not covered)' : ''}`).join(', ') || '–',
        r.kind === 'tracking' ? `${r.type}${r.value !== undefined && r.value !== null ? ` ${r.value} ${r.currency || ''}` : ''}`
          : r.kind === 'decision' ? `page ${r.page}${r.holdout ? ', held out' : ''}` : r.exposureKey || '–']);
      timelineOut.replaceChildren(rows.length ? table('timeline-table', `Timeline of ${session.value}`, ['time', 'kind', 'experiments', 'what'], rows)
        : el('p', {}, 'Nothing recorded for this session.'), t.truncated ? el('p', {}, 'Only the first events are shown.') : null, el('details', {}, el('summary', {}, 'JSON'), el('pre', {}, JSON.stringify(t, null, 2))));
    } catch (err) { timelineOut.replaceChildren(el('p', { class: 'error' }, err.message)); }
  });

  const xs = el('input', { type: 'text', required: true, autocomplete: 'off' });
  const page = el('input', { type: 'text', required: true });
  const attrs = el('input', { type: 'text', placeholder: 'country=DE, device=mobile' });
  const explainOut = el('div', { id: 'explain-output', 'aria-live': 'polite' });
  const explain = el('form', { id: 'explain-form' }, field('x-session', 'Session id', xs), field('x-page', 'Page', page),
    field('x-attrs', 'Attributes (name=value, comma-separated)', attrs), el('button', { type: 'submit' }, 'Explain'), explainOut);
  explain.addEventListener('submit', async (e) => {
    e.preventDefault();
    const q = new URLSearchParams({ sessionId: xs.value.trim(), page: page.value.trim() });
    for (const pair of attrs.value.split(',').map((s) => s.trim()).filter(Boolean)) {
      const i = pair.indexOf('=');
      if (i > 0) q.set(`attr.${pair.slice(0, i).trim()}`, pair.slice(i + 1).trim());
    }
    try {
      const x = await api('GET', `/api/assignment/v1/explain?${q}`);
      explainOut.replaceChildren(el('pre', { id: 'explain-json' }, JSON.stringify(x, null, 2)));
    } catch (err) { explainOut.replaceChildren(el('p', { class: 'error' }, err.message)); }
  });

  main.replaceChildren(el('h2', {}, 'Diagnostics'),
    el('section', { 'aria-labelledby': 'tl' }, el('h3', { id: 'tl' }, 'Session timeline'), timeline),
    el('section', { 'aria-labelledby': 'ex' }, el('h3', { id: 'ex' }, 'Explain an assignment'), explain));
}

export async function powerView(main) {
  const experiments = await config('GET', '/v1/experiments?status=RUNNING').catch(() => []);
  const num = (v, step = 'any', required = true) => el('input', { type: 'number', step, value: v, required });
  const inputs = { baseline: num(0.1), variance: num('', 'any', false), mde: num(0.05), alpha: num(0.05), power: num(0.8), arms: num(2, '1'),
    daily: num('', '1', false) };
  const from = el('select', {}, el('option', { value: '' }, 'enter it yourself'), experiments.map((x) => el('option', { value: x.id }, x.id)));
  from.addEventListener('change', async () => {
    if (!from.value) return;
    try {
      const [x, r] = await Promise.all([config('GET', `/v1/experiments/${from.value}`), reporting('GET', `/v1/experiments/${from.value}/results`)]);
      const units = Object.values(r.statistics.coverageUnits || {}).reduce((s, n) => s + n, 0);
      const started = Date.parse(x.phases[x.phases.length - 1].startedAt);
      inputs.daily.value = Math.max(1, Math.round(units / Math.max((Date.now() - started) / 86400000, 1 / 24)));
    } catch (e) { out.replaceChildren(el('p', { class: 'error' }, e.message)); }
  });
  const out = el('div', { id: 'power-output', 'aria-live': 'polite' });
  const form = el('form', { id: 'power-form' },
    field('p-baseline', 'Baseline mean (a rate for a proportion, e.g. 0.1)', inputs.baseline),
    field('p-variance', 'Baseline variance (empty for a proportion: p(1 − p))', inputs.variance),
    field('p-mde', 'Minimum detectable effect (relative, e.g. 0.05 for 5%)', inputs.mde),
    el('div', { class: 'row' }, field('p-alpha', 'α', inputs.alpha), field('p-power', 'Power', inputs.power), field('p-arms', 'Arms', inputs.arms)),
    field('p-from', 'Current traffic from a running experiment', from),
    field('p-daily', 'Exposed units per day', inputs.daily),
    el('button', { type: 'submit', id: 'power-submit' }, 'Calculate'), out);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const baseline = Number(inputs.baseline.value);
    const body = { relativeMde: Number(inputs.mde.value), baselineMean: baseline,
      baselineVariance: inputs.variance.value === '' ? baseline * (1 - baseline) : Number(inputs.variance.value),
      alpha: Number(inputs.alpha.value), power: Number(inputs.power.value), arms: Number(inputs.arms.value) };
    if (inputs.daily.value) body.dailyExposedUnits = Number(inputs.daily.value);
    try {
      const p = await reporting('POST', '/v1/power', body);
      out.replaceChildren(el('p', { id: 'power-answer', class: 'banner info' },
        `${p.unitsPerArm.toLocaleString('en')} units per arm, ${p.totalUnits.toLocaleString('en')} in total`
        + (p.days !== undefined && p.days !== null ? `, about ${p.days} day${p.days === 1 ? '' : 's'} at ${body.dailyExposedUnits} units/day` : '')
        + ` (effect size ${fmt(p.effectSize)}).`),
      el('details', {}, el('summary', {}, 'The POST /v1/power request'), el('pre', {}, JSON.stringify(body, null, 2))));
    } catch (err) {
      out.replaceChildren(el('p', { class: 'error', role: 'alert' }, err instanceof ApiError ? err.message : String(err)));
    }
  });
  main.replaceChildren(el('h2', {}, 'Power calculator'), form);
}
