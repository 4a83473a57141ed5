// Small helpers to build DOM safely (text, never HTML from data).
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
    else if (v === true) node.setAttribute(k, '');
    else node.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

export function table(id, caption, headers, rows, numeric = []) {
  return el('table', { id },
    caption ? el('caption', {}, caption) : null,
    el('thead', {}, el('tr', {}, headers.map((h, i) => el('th', { scope: 'col', class: numeric.includes(i) ? 'num' : null }, h)))),
    el('tbody', {}, rows.map((r) => el('tr', {}, r.map((c, i) => el('td', { class: numeric.includes(i) ? 'num' : null }, c))))));
}

export function fmt(x, digits = 4) {
  if (x === null || x === undefined) return '–';
  if (typeof x !== 'number') return String(x);
  if (Number.isInteger(x)) return x.toLocaleString('en');
  return Math.abs(x) >= 1000 ? x.toFixed(1) : x.toPrecision(digits);
}

export const pct = (x) => (x === null || x === undefined ? '–' : `${(x * 100).toFixed(2)}%`);
export const ci = (i, f = fmt) => (i ? `[${f(i.lower)}, ${f(i.upper)}]` : '–');

export function field(id, label, input, help) {
  const helpId = help ? `${id}-help` : null;
  input.id = id;
  if (helpId) input.setAttribute('aria-describedby', `${helpId} err-${id}`);
  else input.setAttribute('aria-describedby', `err-${id}`);
  return el('div', { class: 'field' },
    el('label', { for: id }, label), input,
    help ? el('span', { class: 'help', id: helpId }, help) : null,
    el('p', { class: 'field-error', id: `err-${id}`, 'aria-live': 'polite' }));
}

export function say(text) { document.getElementById('status').textContent = text; }
export function alertError(text) { document.getElementById('alert').textContent = text || ''; }
