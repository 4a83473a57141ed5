// Layers: each layer's bucket map drawn as a bar (owners' ranges and free ranges) with the same data as a table.
import { config } from './api.js';
import { el, table } from './dom.js';

const COLORS = ['#0b5cad', '#c2410c', '#1d6b2f', '#7b2cbf', '#a4161a', '#0f766e', '#6d28d9', '#92400e'];
const FREE = '#d9dde3';

export async function layersView(main) {
  const layers = await config('GET', '/v1/layers');
  const details = await Promise.all(layers.map((l) => config('GET', `/v1/layers/${l.id}`)));
  main.replaceChildren(el('h2', {}, 'Layers'));
  for (const layer of details) {
    const b = layer.buckets;
    const segments = [
      ...b.owners.flatMap((o, i) => o.ranges.map((r) => ({ ...r, owner: o.experiment, color: COLORS[i % COLORS.length] }))),
      ...b.free.map((r) => ({ ...r, owner: 'free', color: FREE })),
    ].sort((p, q) => p.start - q.start);
    const node = el('div', { class: 'chart', id: `layer-chart-${layer.id}`, style: 'height: 140px', role: 'img',
      'aria-label': `Bucket map of layer ${layer.id}: ${b.freePercent}% free` });
    main.append(el('section', { 'aria-labelledby': `layer-${layer.id}` },
      el('h3', { id: `layer-${layer.id}` }, `${layer.id}`, el('span', { class: 'muted' }, ` ${layer.name}, unit ${layer.unit}, `
        + `${layer.bucketCount} buckets, ${b.freePercent}% free`)),
      node,
      table(`layer-table-${layer.id}`, `Bucket ranges of ${layer.id}`, ['owner', 'ranges', 'buckets', 'percent'], [
        ...b.owners.map((o) => [el('a', { href: `#/experiments/${o.experiment}` }, o.experiment),
          o.ranges.map((r) => `${r.start}–${r.end - 1}`).join(', '), o.buckets, `${o.percent}%`]),
        ['free', b.free.map((r) => `${r.start}–${r.end - 1}`).join(', ') || 'none', b.freeBuckets, `${b.freePercent}%`],
      ], [2, 3])));
    requestAnimationFrame(() => {
      if (!window.echarts) return;
      const c = window.echarts.init(node, null, { renderer: 'svg' });
      c.setOption({
        animation: false,
        aria: { enabled: true },
        tooltip: { formatter: (p) => `${p.seriesName}: buckets ${p.data.start}–${p.data.end - 1}` },
        grid: { left: 20, right: 20, top: 10, bottom: 30 },
        xAxis: { type: 'value', min: 0, max: layer.bucketCount },
        yAxis: { type: 'category', data: [layer.id], show: false },
        series: segments.map((s) => ({ name: s.owner, type: 'bar', stack: 'buckets', barWidth: 50,
          itemStyle: { color: s.color, borderColor: '#fff', borderWidth: 1 },
          data: [{ value: s.end - s.start, start: s.start, end: s.end }] })),
      });
      node.dataset.rendered = 'true';
    });
  }
}
