// The trust signals of a result, shared by the list's badge and the detail's banners.
export const STALE_AFTER_MS = 5 * 60 * 1000;

/**
 * @param experiment config-service's experiment view
 * @param results reporting-service's results (or null when none yet)
 * @param metrics the metric catalogue (for each guardrail's harm direction)
 * @returns {{srm: boolean, harm: string[], stale: boolean, noData: boolean}}
 */
export function health(experiment, results, metrics = []) {
  if (!results) return { srm: false, harm: [], stale: false, noData: true };
  const a = results.analysis || {};
  const srm = !!((a.srmCoverage && a.srmCoverage.flagged) || (a.srmAssignment && a.srmAssignment.flagged));
  const alpha = (results.statistics && results.statistics.alpha) || 0.05;
  const harm = [];
  for (const m of a.metrics || []) {
    if (!(experiment.guardrailMetrics || []).includes(m.metric)) continue;
    const setting = metrics.find((x) => x.name === m.metric);
    const increaseIsHarm = setting && setting.harmDirection === 'increase_is_harm';
    for (const c of m.comparisons || []) {
      const p = c.holmP ?? c.pValue;
      if (c.status === 'OK' && p !== null && p < alpha
          && (increaseIsHarm ? c.difference > 0 : c.difference < 0)) {
        harm.push(`${m.metric} (${c.treatment})`);
      }
    }
  }
  const currentTo = results.currentTo ? Date.parse(results.currentTo) : null;
  const stale = experiment.status === 'RUNNING' && currentTo !== null && Date.now() - currentTo > STALE_AFTER_MS;
  const units = Object.values((results.statistics && results.statistics.coverageUnits) || {}).reduce((s, n) => s + n, 0);
  return { srm, harm, stale, noData: units === 0 };
}
