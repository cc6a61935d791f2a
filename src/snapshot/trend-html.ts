import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Direction } from './diff.js';
import type { Trend } from './trend.js';

/** Chart.js's UMD build from node_modules, inlined: the page opens offline and fetches nothing. */
function chartJs(): string {
  const main = createRequire(import.meta.url).resolve('chart.js');
  return readFileSync(path.join(path.dirname(main), 'chart.umd.min.js'), 'utf8');
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** JSON inside a <script> element: no `</script>` or `<!--` can end it early. */
const scriptJson = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c');
const scriptText = (s: string) => s.replace(/<\/script/gi, '<\\/script');

const MARK: Record<Direction, string> = { better: '✓ better', worse: '✗ worse', same: '= same', 'not collected': '? not collected' };
const CLASS: Record<Direction, string> = { better: 'better', worse: 'worse', same: 'same', 'not collected': 'unknown' };

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; color: #1d2433; padding: 0 1rem; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.1rem; margin: 0 0 .25rem; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0 2rem; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #e3e6ee; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
.better { color: #1a7f37; } .worse { color: #c62828; } .same { color: #555; } .unknown { color: #8a6d00; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 1.25rem; }
.card { border: 1px solid #e3e6ee; border-radius: 8px; padding: .8rem; }
.card p { margin: .2rem 0 .5rem; color: #555; font-size: 12px; }
.chart { position: relative; height: 200px; }
`;

const RENDER = `
(function () {
  var trend = JSON.parse(document.getElementById('trend-data').textContent);
  var labels = trend.snapshots.map(function (s) { return s.createdAt.replace('T', ' ').slice(0, 16); });
  var colours = ['#1d4ed8', '#d97706', '#059669', '#7c3aed', '#db2777', '#0891b2', '#65a30d'];
  trend.metrics.forEach(function (m) {
    var canvas = document.querySelector('canvas[data-metric="' + m.id + '"]');
    var datasets = [{ label: 'overall', data: m.overall, borderColor: '#111827', backgroundColor: '#111827', spanGaps: false, borderWidth: 2 }];
    var sources = Object.keys(m.bySource);
    if (sources.length > 1) sources.forEach(function (s, i) {
      datasets.push({ label: s, data: m.bySource[s], borderColor: colours[i % colours.length], backgroundColor: colours[i % colours.length], borderDash: [4, 3], borderWidth: 1.5 });
    });
    new Chart(canvas, {
      type: 'line',
      data: { labels: labels, datasets: datasets },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        plugins: { legend: { display: datasets.length > 1 } },
        scales: { y: { beginAtZero: true, title: { display: true, text: m.unit + (m.better === 'lower' ? ' (lower is better)' : ' (higher is better)') } } }
      }
    });
  });
  document.body.setAttribute('data-rendered', String(trend.metrics.length));
})();
`;

/** The trend as one self-contained HTML page: data, Chart.js and the drawing code inline. */
export function trendHtml(t: Trend): string {
  const rows = t.metrics
    .map((m) => {
      const v = m.overall;
      const dir = (d: Direction | null) => (d ? `<td class="${CLASS[d]}">${MARK[d]}</td>` : '<td></td>');
      return `<tr><td>${esc(m.title)}</td><td class="n">${v[0] ?? '—'}</td><td class="n">${v.at(-1) ?? '—'}</td>${dir(m.latest)}${dir(m.sinceFirst)}</tr>`;
    })
    .join('\n');
  const cards = t.metrics
    .map((m) => `<section class="card"><h2>${esc(m.title)}</h2><p>${esc(m.definition)}<br><em>${esc(m.control)}</em></p><div class="chart"><canvas data-metric="${esc(m.id)}" aria-label="${esc(m.title)}"></canvas></div></section>`)
    .join('\n');
  const failed = t.snapshots.filter((s) => s.failedSources.length);
  const first = t.snapshots[0]?.createdAt ?? '';
  const last = t.snapshots.at(-1)?.createdAt ?? '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>leakpath trend</title>
<style>${STYLE}</style>
</head>
<body>
<h1>leakpath trend: is standing trust shrinking?</h1>
<p>${t.snapshots.length} snapshot(s), ${esc(first)} → ${esc(last)}; metrics v${t.metricsVersion}, each recomputed from its snapshot.</p>
${failed.length ? `<p class="unknown">Runs with failed sources (absences there are not collected, not improvements): ${failed.map((s) => `${esc(s.id)} (${s.failedSources.map(esc).join(', ')})`).join('; ')}</p>` : ''}
<table><thead><tr><th>Metric</th><th>First</th><th>Latest</th><th>vs previous</th><th>vs first</th></tr></thead><tbody>
${rows}
</tbody></table>
<div class="grid">
${cards}
</div>
<script type="application/json" id="trend-data">${scriptJson(t)}</script>
<script>${scriptText(chartJs())}</script>
<script>${RENDER}</script>
</body>
</html>
`;
}
