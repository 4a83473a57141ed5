// One experiment: its configuration, the changes (each with a reason; ramp, weights and start previewed from a dry
// run), its results and its history with the hash-chain verification.
import { config, reporting, session } from './api.js';
import { el, field, table, fmt, say } from './dom.js';
import { openDialog } from './dialog.js';
import { renderPreview } from './preview.js';
import { resultsSection } from './results.js';

const ACTIONS = {
  DRAFT: ['start', 'edit'],
  RUNNING: ['ramp', 'weights', 'targeting', 'overrides', 'pause', 'stop'],
  PAUSED: ['resume', 'ramp', 'weights', 'targeting', 'overrides', 'stop'],
  STOPPED: [],
};

export async function detailView(main, id) {
  const x = await config('GET', `/v1/experiments/${id}`);
  const canChange = session.me.canWrite;
  const reload = () => detailView(main, id);

  const actions = el('div', { class: 'actions', id: 'actions' });
  if (canChange) {
    for (const a of ACTIONS[x.status] || []) actions.append(actionButton(a, x, reload));
  }
  const summary = table('experiment-summary', null, ['', ''], [
    ['Status', el('strong', { id: 'exp-status' }, x.status)], ['Name', x.name], ['Hypothesis', x.hypothesis || '–'],
    ['Owner', x.owner], ['Layer', el('a', { href: '#/layers' }, x.layer)], ['Unit', x.unit],
    ['Traffic', el('span', { id: 'exp-traffic' }, `${x.trafficPercent}%`)], ['Phase', x.phase], ['Version', x.version],
    ['Treatments', x.treatments.map((t) => `${t.name}${t.control ? ' (control)' : ''} ${t.weightBasisPoints / 100}%`).join(', ')],
    ['Targeting', JSON.stringify(x.targeting)], ['Primary metric', x.primaryMetric || '–'],
    ['Guardrails', (x.guardrailMetrics || []).join(', ') || '–'], ['Auto-pause', x.autoPause ? 'on' : 'off'],
    ['Overrides', Object.keys(x.overrides || {}).length ? Object.entries(x.overrides).map(([u, t]) => `${u} → ${t}`).join(', ') : '–'],
  ]);
  summary.querySelector('thead').remove();

  const results = el('section', { id: 'results', 'aria-labelledby': 'results-title' }, el('h3', { id: 'results-title' }, 'Results'));
  const history = el('section', { id: 'history', 'aria-labelledby': 'history-title' }, el('h3', { id: 'history-title' }, 'History'));
  main.replaceChildren(el('h2', {}, `Experiment ${x.id}`),
    canChange ? actions : el('p', { class: 'muted', id: 'read-only-note' }, 'Read only: your role cannot change experiments.'),
    summary, results, history);
  say(`${x.id}: ${x.status}`);
  await Promise.all([resultsSection(results, x), historySection(history, x)]);
}

function actionButton(action, x, after) {
  const label = { start: 'Start', ramp: 'Ramp', weights: 'Change weights', targeting: 'Change targeting',
    overrides: 'Change overrides', pause: 'Pause', resume: 'Resume', stop: 'Stop', edit: 'Edit' }[action];
  return el('button', { type: 'button', id: `act-${action}`, class: action === 'stop' ? 'danger' : null,
    onclick: () => (action === 'edit' ? (location.hash = `#/experiments/${x.id}/edit`) : openAction(action, x, after)) }, label);
}

function openAction(action, x, after) {
  const path = `/v1/experiments/${x.id}/${action}`;
  const reason = el('input', { type: 'text', required: true, autocomplete: 'off' });
  const fields = [];
  let body;
  if (action === 'start' || action === 'ramp') {
    const traffic = el('input', { type: 'number', min: '0.01', max: '100', step: '0.01', required: true,
      value: action === 'ramp' ? Math.min(100, x.trafficPercent * 2) : 10 });
    fields.push(field('action-traffic', 'Traffic (% of the layer)', traffic));
    body = () => ({ trafficPercent: Number(traffic.value), reason: reason.value, expectedVersion: x.version });
  } else if (action === 'weights') {
    const inputs = x.treatments.map((t, i) => {
      const input = el('input', { type: 'number', min: '0', max: '100', step: '0.01', value: t.weightBasisPoints / 100, 'data-treatment': t.name });
      fields.push(field(`action-weight-${i}`, `Weight of ${t.name} (%)`, input));
      return input;
    });
    body = () => ({ weights: Object.fromEntries(inputs.map((i) => [i.dataset.treatment, Number(i.value)])),
      reason: reason.value, expectedVersion: x.version });
  } else if (action === 'targeting') {
    // the rule is checked as it is typed, as in the create form; config-service's answer names the field
    const pages = el('input', { type: 'text', value: (x.targeting && x.targeting.pages || []).join(', ') });
    const rule = el('textarea', { rows: 5, spellcheck: 'false' },
      x.targeting && x.targeting.rule ? JSON.stringify(x.targeting.rule, null, 1) : '');
    const pageList = () => pages.value.split(',').map((p) => p.trim()).filter(Boolean);
    fields.push(field('action-pages', 'Pages (comma-separated; empty: every page)', pages),
      field('action-rule', 'Rule (JSON, the targeting rule language; empty: everyone)', rule));
    let timer = null;
    rule.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const out = document.getElementById('err-action-rule');
        if (!out) return;
        try {
          const check = { pages: pageList() };
          if (rule.value.trim()) check.rule = rule.value; // the text: errors carry line and column
          await config('POST', '/v1/targeting/validate', check);
          out.textContent = '';
        } catch (e) {
          out.textContent = e.problem && e.problem.line ? `${e.message} (line ${e.problem.line}, column ${e.problem.column})` : e.message;
        }
      }, 250);
    });
    body = () => {
      const targeting = { pages: pageList() };
      if (rule.value.trim()) {
        try { targeting.rule = JSON.parse(rule.value); } catch { throw new Error('The targeting rule is not JSON'); }
      }
      return { targeting, reason: reason.value, expectedVersion: x.version };
    };
  } else if (action === 'overrides') {
    const overrides = el('textarea', { rows: 4, spellcheck: 'false' },
      Object.entries(x.overrides || {}).map(([u, t]) => `${u}=${t}`).join('\n'));
    fields.push(field('action-overrides', 'Overrides (one unitId=treatment per line; QA units always get it)', overrides));
    body = () => {
      const map = {};
      for (const line of overrides.value.split('\n').map((l) => l.trim()).filter(Boolean)) {
        const i = line.indexOf('=');
        if (i <= 0) throw new Error(`"${line}" is not unitId=treatment`);
        map[line.slice(0, i).trim()] = line.slice(i + 1).trim();
      }
      return { overrides: map, reason: reason.value, expectedVersion: x.version };
    };
  } else {
    body = () => ({ reason: reason.value, expectedVersion: x.version });
  }
  fields.push(field('action-reason', 'Reason (kept in the audit log)', reason));
  const method = ['weights', 'targeting', 'overrides'].includes(action) ? 'PUT' : 'POST';
  const previewed = ['start', 'ramp', 'weights'].includes(action);
  openDialog({
    title: `${action[0].toUpperCase()}${action.slice(1)} ${x.id}`,
    fields,
    confirmLabel: `Confirm ${action}`,
    preview: previewed ? async () => renderPreview(await config(method, `${path}?dryRun=true`, body())) : null,
    confirm: async () => {
      if (!reason.value.trim()) throw new Error('A reason is required.');
      await config(method, path, body());
      say(`${x.id}: ${action} done.`);
    },
    after,
  });
}

async function historySection(section, x) {
  const [events, verify] = await Promise.all([config('GET', `/v1/experiments/${x.id}/history`), config('GET', '/v1/audit/verify')]);
  section.append(
    el('p', { id: 'audit-verify', class: verify.intact ? 'banner info' : 'banner bad' }, verify.intact
      ? `Audit log hash chain verified intact through sequence ${verify.verifiedThrough}.`
      : `Audit log hash chain BROKEN at sequence ${verify.firstBrokenSequence}: ${verify.problem}`),
    table('history-table', 'Changes, oldest first', ['#', 'version', 'change', 'actor', 'time', 'reason', 'hash'],
      events.map((e) => [e.sequence, e.version, e.type, e.actor, new Date(e.time).toISOString().replace('T', ' ').slice(0, 19) + ' UTC',
        e.reason || '–', el('code', { title: `previous ${e.previousHash}` }, (e.hash || '').slice(0, 12))]), [0, 1]));
}
export { fmt };
