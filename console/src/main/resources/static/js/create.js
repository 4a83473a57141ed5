// Create (or edit, while DRAFT) an experiment. Every field's error comes from config-service's problem details;
// the targeting rule is validated as you type by POST /v1/targeting/validate.
import { config, ApiError, session } from './api.js';
import { el, field, say, alertError } from './dom.js';

const FIELDS = ['id', 'name', 'hypothesis', 'owner', 'layer', 'unit', 'treatments', 'targeting', 'primaryMetric',
  'guardrailMetrics', 'overrides', 'autoPause'];

export async function createView(main, editId) {
  const [layers, metrics, existing] = await Promise.all([config('GET', '/v1/layers'), config('GET', '/v1/metrics'),
    editId ? config('GET', `/v1/experiments/${editId}`) : Promise.resolve(null)]);
  const x = existing || { treatments: [{ name: 'control', control: true, weightBasisPoints: 5000 },
    { name: 'treatment', weightBasisPoints: 5000 }], targeting: { pages: [] }, guardrailMetrics: [], overrides: {} };
  const readOnly = !session.me.canWrite;

  const inputs = {
    id: el('input', { type: 'text', value: x.id || '', required: true, readonly: !!editId, pattern: '[a-z0-9-]+' }),
    name: el('input', { type: 'text', value: x.name || '', required: true }),
    hypothesis: el('textarea', { rows: 2 }, x.hypothesis || ''),
    owner: el('input', { type: 'text', value: x.owner || '', required: true }),
    layer: el('select', {}, layers.map((l) => el('option', { value: l.id, selected: x.layer === l.id }, `${l.id} (${l.unit})`))),
    unit: el('select', {}, ['', 'session', 'user'].map((u) => el('option', { value: u, selected: (x.unit || '').toLowerCase() === u }, u || "the layer's unit"))),
    pages: el('input', { type: 'text', value: (x.targeting && x.targeting.pages || []).join(', ') }),
    rule: el('textarea', { rows: 4, spellcheck: 'false' }, x.targeting && x.targeting.rule ? JSON.stringify(x.targeting.rule, null, 1) : ''),
    primaryMetric: el('select', {}, el('option', { value: '' }, 'none'),
      metrics.map((m) => el('option', { value: m.name, selected: x.primaryMetric === m.name }, m.name))),
    guardrailMetrics: el('select', { multiple: true, size: Math.min(6, metrics.length) },
      metrics.map((m) => el('option', { value: m.name, selected: (x.guardrailMetrics || []).includes(m.name) }, m.name))),
    overrides: el('textarea', { rows: 3, spellcheck: 'false' },
      Object.entries(x.overrides || {}).map(([u, t]) => `${u}=${t}`).join('\n')),
    autoPause: el('input', { type: 'checkbox', checked: !!x.autoPause }),
  };

  const treatmentRows = el('div', { id: 'treatments' });
  const addTreatment = (t, i) => {
    const n = treatmentRows.children.length;
    const row = el('fieldset', { class: 'treatment-row', 'data-treatment-row': n },
      el('legend', {}, `Treatment ${n + 1}`),
      field(`t-name-${n}`, 'Name', el('input', { type: 'text', value: t.name || '', 'data-t': 'name' })),
      field(`t-weight-${n}`, 'Weight (%)', el('input', { type: 'number', min: '0', max: '100', step: '0.01',
        value: t.weightBasisPoints !== undefined ? t.weightBasisPoints / 100 : '', 'data-t': 'weight' })),
      field(`t-control-${n}`, 'Control', el('input', { type: 'radio', name: 't-control', checked: !!t.control, 'data-t': 'control' })),
      field(`t-vars-${n}`, 'Variables (JSON)', el('input', { type: 'text', value: t.variables ? JSON.stringify(t.variables) : '', 'data-t': 'variables' })),
      el('button', { type: 'button', class: 'secondary', onclick: () => row.remove() }, `Remove treatment ${n + 1}`));
    treatmentRows.append(row);
    return i;
  };
  x.treatments.forEach(addTreatment);

  const ruleStatus = el('p', { id: 'rule-status', 'aria-live': 'polite' });
  let timer = null;
  const validateRule = async () => {
    const text = inputs.rule.value.trim();
    const errorNode = document.getElementById('err-f-rule');
    errorNode.textContent = '';
    if (!text) { ruleStatus.textContent = 'No rule: every session on the pages is eligible.'; return; }
    try {
      await config('POST', '/v1/targeting/validate', { rule: text, pages: pages() }); // the text: errors carry line and column
      ruleStatus.textContent = 'The rule is valid.';
    } catch (e) {
      ruleStatus.textContent = '';
      errorNode.textContent = e instanceof ApiError ? e.message + (e.problem.line ? ` (line ${e.problem.line}, column ${e.problem.column})` : '') : String(e);
    }
  };
  inputs.rule.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(validateRule, 300); });
  const pages = () => inputs.pages.value.split(',').map((s) => s.trim()).filter(Boolean);

  const formError = el('div', { id: 'form-error', class: 'error', role: 'alert' });
  const submit = el('button', { type: 'submit', id: 'create-submit', disabled: readOnly }, editId ? 'Save changes' : 'Create experiment');
  const form = el('form', { id: 'experiment-form', novalidate: true },
    field('f-id', 'Id', inputs.id, 'Lower-case letters, digits and inner hyphens; fixed once created.'),
    field('f-name', 'Name', inputs.name),
    field('f-hypothesis', 'Hypothesis', inputs.hypothesis),
    field('f-owner', 'Owner team', inputs.owner, 'The team that owns the experiment, e.g. team-checkout.'),
    el('div', { class: 'row' }, field('f-layer', 'Layer', inputs.layer), field('f-unit', 'Unit', inputs.unit)),
    el('h3', {}, 'Treatments and weights'),
    el('p', { class: 'field-error', id: 'err-f-treatments', 'aria-live': 'polite' }),
    treatmentRows,
    el('button', { type: 'button', class: 'secondary', id: 'add-treatment', onclick: () => addTreatment({}) }, 'Add treatment'),
    el('h3', {}, 'Targeting'),
    field('f-pages', 'Pages (comma-separated)', inputs.pages),
    field('f-rule', 'Rule (JSON, the targeting rule language)', inputs.rule,
      'E.g. {"in": {"attribute": "country", "values": ["DE", "AT"]}}; checked by config-service as you type.'),
    ruleStatus,
    el('h3', {}, 'Metrics'),
    el('div', { class: 'row' }, field('f-primaryMetric', 'Primary metric', inputs.primaryMetric),
      field('f-guardrailMetrics', 'Guardrail metrics', inputs.guardrailMetrics, 'Ctrl/Cmd or Shift to select several.')),
    field('f-autoPause', 'Pause automatically on guardrail harm', inputs.autoPause),
    field('f-overrides', 'Overrides (one unitId=treatment per line)', inputs.overrides, 'For QA: these units always get the treatment.'),
    formError, submit);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    for (const n of form.querySelectorAll('.field-error')) n.textContent = '';
    formError.textContent = '';
    let body;
    try { body = definition(); } catch (e) { formError.textContent = e.message; return; }
    try {
      const saved = editId ? await config('PUT', `/v1/experiments/${editId}`, { ...body, expectedVersion: x.version })
        : await config('POST', '/v1/experiments', body);
      say(`Saved ${saved.id} (version ${saved.version}).`);
      location.hash = `#/experiments/${saved.id}`;
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      showFieldError(form, e, formError);
    }
  });

  function definition() {
    const treatments = [...treatmentRows.querySelectorAll('[data-treatment-row]')].map((row) => {
      const get = (k) => row.querySelector(`[data-t="${k}"]`);
      const t = { name: get('name').value.trim(), weight: Number(get('weight').value), control: get('control').checked };
      const vars = get('variables').value.trim();
      if (vars) {
        try { t.variables = JSON.parse(vars); } catch { throw new Error(`Treatment ${t.name}: the variables are not JSON`); }
      }
      return t;
    });
    const targeting = { pages: pages() };
    if (inputs.rule.value.trim()) {
      try { targeting.rule = JSON.parse(inputs.rule.value); } catch { throw new Error('The targeting rule is not JSON'); }
    }
    const overrides = {};
    for (const line of inputs.overrides.value.split('\n').map((s) => s.trim()).filter(Boolean)) {
      const i = line.lastIndexOf('=');
      if (i <= 0) throw new Error(`Override "${line}": write unitId=treatment`);
      overrides[line.slice(0, i).trim()] = line.slice(i + 1).trim();
    }
    const body = { id: inputs.id.value.trim(), name: inputs.name.value.trim(), hypothesis: inputs.hypothesis.value.trim(),
      owner: inputs.owner.value.trim(), layer: inputs.layer.value, treatments, targeting,
      guardrailMetrics: [...inputs.guardrailMetrics.selectedOptions].map((o) => o.value),
      overrides, autoPause: inputs.autoPause.checked };
    if (inputs.unit.value) body.unit = inputs.unit.value;
    if (inputs.primaryMetric.value) body.primaryMetric = inputs.primaryMetric.value;
    return body;
  }

  main.replaceChildren(el('h2', {}, editId ? `Edit ${editId}` : 'New experiment'),
    readOnly ? el('p', { class: 'banner info' }, 'You are signed in read-only: you can look, not save.') : null, form);
  if (inputs.rule.value) validateRule();
  alertError('');
}

/** Puts a problem's detail under the field it names (config-service: "field: message"), else above the button. */
export function showFieldError(form, error, fallback) {
  const f = error.field();
  const root = f ? f.split(/[.\[]/)[0] : null;
  let target = null;
  if (root === 'weights' || root === 'treatments') target = form.querySelector('#err-f-treatments');
  else if (root === 'rule' || root === 'targeting') target = form.querySelector('#err-f-rule');
  else if (root === 'pages') target = form.querySelector('#err-f-pages');
  else if (root && FIELDS.includes(root)) target = form.querySelector(`#err-f-${root}`);
  const m = f && /^treatments\[(\d+)\]\.(name|weight|variables)/.exec(f);
  if (m) target = form.querySelector(`#err-t-${m[2] === 'variables' ? 'vars' : m[2]}-${m[1]}`) || target;
  (target || fallback).textContent = error.message;
  const input = target && target.id.startsWith('err-') ? form.querySelector(`#${target.id.slice(4)}`) : null;
  if (input) input.setAttribute('aria-invalid', 'true');
  if (input) input.focus();
  (target || fallback).scrollIntoView({ block: 'center' });
}
