// What a ramp, weight change or start will do, from config-service's dry run (?dryRun=true).
import { el, table } from './dom.js';

const ranges = (rs) => (rs || []).map((r) => `${r.start}–${r.end - 1}`).join(', ') || 'none';
const share = (x) => (x === null || x === undefined ? '–' : `${(x * 100).toFixed(2)}%`);

export function renderPreview(d) {
  const b = d.buckets || {};
  const s = d.slots || {};
  const u = d.units || {};
  const moved = s.moved || 0;
  return el('section', { id: 'preview', class: 'panel', 'aria-label': 'What this change will do' },
    el('h3', {}, 'What this change will do'),
    el('p', { id: 'preview-summary' }, d.summary || ''),
    el('ul', {},
      el('li', {}, `Version ${d.version?.current} → ${d.version?.after}; phase ${d.phase?.current} → ${d.phase?.after}`
        + (d.phase?.startsNewPhase ? ' (a new phase: results restart)' : ' (same phase)')),
      el('li', {}, `Traffic ${(d.traffic?.beforeBasisPoints ?? 0) / 100}% → ${(d.traffic?.afterBasisPoints ?? 0) / 100}%`),
      el('li', { id: 'preview-buckets' }, `Layer ${b.layer}: claims ${b.claimedCount ?? 0} bucket(s) (${ranges(b.claimed)}), `
        + `releases ${b.releasedCount ?? 0} (${ranges(b.released)}) of ${b.layerBucketCount}`),
      el('li', { id: 'preview-slots' }, moved === 0
        ? `No slot moves: no unit already in the experiment changes treatment${d.change === 'RAMP' ? ' (a ramp-up moves none)' : ''}.`
        : `${moved} of ${s.total} slots move`),
      el('li', { id: 'preview-units' }, `Units whose treatment changes: ${share(u.treatmentChangesShare)}; `
        + `entering: ${share(u.enteringShare)}; leaving: ${share(u.leavingShare)}`)),
    moved ? table('preview-moves', 'Slot moves', ['from', 'to', 'slots', 'ranges'],
      (s.moves || []).map((m) => [m.from, m.to, m.slots, ranges(m.ranges)]), [2]) : null);
}
