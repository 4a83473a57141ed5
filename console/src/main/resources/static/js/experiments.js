// The experiment list: status, layer, traffic, phase, owner and a health badge; filters.
import { config, reporting, session } from './api.js';
import { el, field, say } from './dom.js';
import { health } from './health.js';

const STATUSES = ['', 'DRAFT', 'RUNNING', 'PAUSED', 'STOPPED'];

export async function experimentsView(main) {
  const params = new URLSearchParams(sessionStorage.getItem('ep.console.filters') || '');
  const [layers, metrics] = await Promise.all([config('GET', '/v1/layers'), config('GET', '/v1/metrics')]);
  const status = el('select', {}, STATUSES.map((s) => el('option', { value: s, selected: params.get('status') === s }, s || 'any')));
  const layer = el('select', {}, el('option', { value: '' }, 'any'),
    layers.map((l) => el('option', { value: l.id, selected: params.get('layer') === l.id }, l.id)));
  const owner = el('input', { type: 'text', value: params.get('owner') || '', placeholder: 'team-checkout' });
  const text = el('input', { type: 'search', value: params.get('q') || '' });
  const list = el('div', { id: 'experiments' });
  const filters = el('form', { class: 'filters', role: 'search', 'aria-label': 'Filter experiments' },
    field('filter-status', 'Status', status), field('filter-layer', 'Layer', layer),
    field('filter-owner', 'Owner (team)', owner), field('filter-text', 'Name or id contains', text),
    el('button', { type: 'submit', id: 'filter-apply' }, 'Filter'));
  filters.addEventListener('submit', (e) => { e.preventDefault(); load(); });

  main.replaceChildren(
    el('h2', {}, 'Experiments'),
    session.me.canWrite ? el('p', {}, el('a', { class: 'button', href: '#/experiments/new', id: 'new-experiment' }, 'New experiment')) : null,
    filters, list);

  async function load() {
    const q = new URLSearchParams();
    if (status.value) q.set('status', status.value);
    if (layer.value) q.set('layer', layer.value);
    if (owner.value.trim()) q.set('owner', owner.value.trim());
    sessionStorage.setItem('ep.console.filters', new URLSearchParams({ ...Object.fromEntries(q), q: text.value }).toString());
    say('Loading experiments…');
    const all = await config('GET', `/v1/experiments${q.toString() ? `?${q}` : ''}`);
    const needle = text.value.trim().toLowerCase();
    const shown = all.filter((x) => !needle || x.id.includes(needle) || (x.name || '').toLowerCase().includes(needle));
    const rows = shown.map((x) => {
      const badge = el('span', { class: 'health', 'data-health': x.id }, x.status === 'DRAFT' ? el('span', { class: 'badge none' }, 'no data') : '…');
      return { x, badge, row: el('tr', {},
        el('td', {}, el('a', { href: `#/experiments/${x.id}`, 'data-experiment': x.id }, x.id), el('br'), el('span', { class: 'muted' }, x.name)),
        el('td', {}, x.status), el('td', {}, x.layer), el('td', { class: 'num' }, `${x.trafficPercent}%`),
        el('td', { class: 'num' }, x.phase), el('td', {}, x.owner), el('td', {}, badge)) };
    });
    list.replaceChildren(shown.length === 0 ? el('p', {}, 'No experiment matches.') : el('table', { id: 'experiments-table' },
      el('caption', { class: 'visually-hidden' }, 'Experiments'),
      el('thead', {}, el('tr', {}, ['Experiment', 'Status', 'Layer', 'Traffic', 'Phase', 'Owner', 'Health']
        .map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, rows.map((r) => r.row))));
    say(`${shown.length} experiment${shown.length === 1 ? '' : 's'}.`);
    // health badges: SRM, guardrails, freshness from reporting's results (at most 50 requests)
    for (const { x, badge } of rows.slice(0, 50)) {
      if (x.status === 'DRAFT') continue;
      reporting('GET', `/v1/experiments/${x.id}/results`).then((r) => badge.replaceChildren(...badges(health(x, r, metrics))))
        .catch(() => badge.replaceChildren(el('span', { class: 'badge none' }, 'no results')));
    }
  }
  await load();
}

export function badges(h) {
  if (h.noData) return [el('span', { class: 'badge none' }, 'no data')];
  const out = [];
  if (h.srm) out.push(el('span', { class: 'badge bad' }, 'SRM'));
  if (h.harm.length) out.push(el('span', { class: 'badge bad', title: h.harm.join(', ') }, 'guardrail harm'));
  if (h.stale) out.push(el('span', { class: 'badge warn' }, 'stale'));
  if (!out.length) out.push(el('span', { class: 'badge ok' }, 'healthy'));
  return out;
}
