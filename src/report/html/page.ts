import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { APP_SCRIPT } from './app.js';
import type { ViewPage } from './view.js';

const require = createRequire(import.meta.url);

/** cytoscape's browser build, read from node_modules at render time (its MIT notice is kept at its head). */
let cytoscapeSource: string | undefined;
function cytoscapeScript(): string {
  cytoscapeSource ??= readFileSync(require.resolve('cytoscape/dist/cytoscape.min.js'), 'utf8');
  return cytoscapeSource;
}

/** Inline text must not close its own <script> element. */
const scriptSafe = (js: string) => js.replace(/<\/(script)/gi, '<\\/$1');
/** JSON inside <script type="application/json">: `<` escaped so no tag can start in it. */
const jsonSafe = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2933;background:#f5f7fa;display:flex;flex-direction:column;height:100vh}
header{padding:10px 16px;background:#1d3f66;color:#fff;display:flex;gap:16px;align-items:center;flex-wrap:wrap}
header h1{font-size:17px;margin:0}
header .sub{opacity:.85;font-size:13px}
header input{margin-left:auto;padding:5px 8px;border-radius:4px;border:0;min-width:240px}
#search-count{font-size:12px;opacity:.85}
.notice{background:#fff4d6;border-bottom:1px solid #e5c766;padding:6px 16px;font-size:13px}
main{flex:1;display:flex;min-height:0}
aside#side{width:320px;overflow:auto;border-right:1px solid #d9e2ec;background:#fff;padding:8px 12px}
aside h2{font-size:14px;margin:12px 0 6px}

.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:12px}
th,td{border-bottom:1px solid #e4e7eb;padding:3px 4px;text-align:left;vertical-align:top}
ol#paths{padding-left:20px;margin:0}
ol#paths li{cursor:pointer;padding:4px 4px;border-radius:4px;margin-bottom:2px}
ol#paths li span{display:block;font-size:12px;color:#52606d}
ol#paths li:hover{background:#f0f4f8}
ol#paths li.active{background:#fde8d7;outline:1px solid #e67e22}
#cy{flex:1;min-width:0;background:#fff}
#panel{width:360px;overflow:auto;border-left:1px solid #d9e2ec;background:#fff;padding:8px 14px}
#panel[hidden]{display:none}
#panel h2{font-size:15px;margin:6px 0}
#panel h3{font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:#52606d;margin:12px 0 4px}
#panel p{margin:2px 0;word-break:break-word}
#panel pre{margin:2px 0;padding:4px 6px;background:#f0f4f8;white-space:pre-wrap;word-break:break-all;font-size:12px}
#panel .technique{color:#52606d;font-size:12px}
#panel-close{float:right;border:0;background:none;font-size:18px;cursor:pointer}
.legend{font-size:12px;color:#52606d;margin-top:10px}
`;

/** One self-contained HTML file: styles, cytoscape, data and script inline; no network, no fonts. */
export function renderHtmlPage(view: ViewPage): string {
  const head = view.summary.head.map((h) => `<th>${esc(h)}</th>`).join('');
  const rows = view.summary.rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="leakpath">
<title>${esc(view.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header><h1>${esc(view.title)}</h1><span class="sub">${esc(view.subtitle)}</span><input id="search" type="search" placeholder="Search nodes (name or id)" aria-label="Search nodes"><span id="search-count"></span></header>
${view.notice ? `<div class="notice" id="notice">${esc(view.notice)}</div>` : ''}
<main>
<aside id="side">
<h2>Summary</h2>
<div class="scroll"><table id="summary"><thead><tr>${head}</tr></thead><tbody>
${rows}
</tbody></table></div>
<h2>${esc(view.pathsTitle)}</h2>
<ol id="paths"></ol>
<p class="legend">◆ credential · ● identity · ▭ resource · ★ tier zero · gold ring: crown jewel · dashed edge: conditional. Click a node or an edge for its evidence, a path to highlight it.</p>
</aside>
<div id="cy" role="img" aria-label="attack graph"></div>
<aside id="panel" hidden><button id="panel-close" aria-label="Close">×</button><div id="panel-body"></div></aside>
</main>
<script type="application/json" id="leakpath-data">${jsonSafe({ nodes: view.nodes, edges: view.edges, paths: view.paths })}</script>
<script>${scriptSafe(cytoscapeScript())}</script>
<script>${scriptSafe(APP_SCRIPT)}</script>
</body>
</html>
`;
}
