// WCAG 2.1 success criterion 1.4.3 (Contrast, minimum, level AA) over the rendered page: every visible text node's
// colour against the background it is painted on, composited through its ancestors' background colours.
// Definitions from WCAG 2.1: "relative luminance" and "contrast ratio"
// (https://www.w3.org/TR/WCAG21/#dfn-relative-luminance, #dfn-contrast-ratio): (L1 + 0.05) / (L2 + 0.05), at least
// 4.5:1, or 3:1 for large text (at least 18 pt = 24 px, or 14 pt = 18.66 px bold). Inactive controls (disabled) are
// exempt, as the criterion says; text over an image (or a gradient) cannot be judged from colours and is reported.
// Returns one line per failure.
const parse = c => {
  const m = /rgba?\(([^)]+)\)/.exec(c);
  if (!m) return null;
  const p = m[1].split(/[ ,\/]+/).filter(s => s.length).map(parseFloat);
  return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
};
const over = (top, bottom) => ({
  r: top.r * top.a + bottom.r * (1 - top.a), g: top.g * top.a + bottom.g * (1 - top.a),
  b: top.b * top.a + bottom.b * (1 - top.a), a: 1});
const channel = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
const luminance = c => 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
const background = el => {
  const layers = [];
  for (let e = el; e; e = e.parentElement) {
    const cs = getComputedStyle(e);
    if (cs.backgroundImage && cs.backgroundImage !== 'none') return null;
    const bg = parse(cs.backgroundColor);
    if (bg && bg.a > 0) { layers.push(bg); if (bg.a >= 1) break; }
  }
  let c = {r: 255, g: 255, b: 255, a: 1}; // the canvas behind everything
  for (let i = layers.length - 1; i >= 0; i--) c = over(layers[i], c);
  return c;
};
const failures = [];
const seen = new Set();
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
while (walker.nextNode()) {
  const text = walker.currentNode.textContent.trim();
  const el = walker.currentNode.parentElement;
  if (!text || !el || seen.has(el)) continue;
  seen.add(el);
  if (el.closest('[hidden], .visually-hidden, script, style, noscript, option')) continue;
  const box = el.getBoundingClientRect();
  const cs = getComputedStyle(el);
  if (box.width === 0 || box.height === 0 || cs.visibility !== 'visible' || parseFloat(cs.opacity) === 0) continue;
  if (el.closest(':disabled')) continue;
  const bg = background(el);
  const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().replace(/\s+/g, '.') : '');
  if (!bg) { failures.push(name + ' "' + text.slice(0, 40) + '": text over a background image'); continue; }
  let fg = parse(cs.color);
  if (!fg) continue;
  if (fg.a < 1) fg = over(fg, bg);
  const l1 = luminance(fg), l2 = luminance(bg);
  const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
  const px = parseFloat(cs.fontSize);
  const large = px >= 24 || (parseInt(cs.fontWeight, 10) >= 700 && px >= 18.66);
  const minimum = large ? 3 : 4.5;
  if (ratio < minimum) {
    failures.push(name + ' "' + text.slice(0, 40) + '": ' + ratio.toFixed(2) + ':1 < ' + minimum + ':1 ('
        + cs.color + ' on rgb(' + [bg.r, bg.g, bg.b].map(Math.round).join(', ') + '))');
  }
}
return failures;
