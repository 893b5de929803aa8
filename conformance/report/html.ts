import type { Report } from './report.js'

const style = `
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1b1f24;background:#f6f8fa}
header{background:#1b1f24;color:#fff;padding:16px 24px}header h1{margin:0 0 4px;font-size:20px}
main{padding:16px 24px}.bar{display:flex;gap:12px;flex-wrap:wrap;align-items:center;margin:12px 0}
.pill{padding:2px 8px;border-radius:10px;font-size:12px;font-weight:600;color:#fff}
.pass{background:#1a7f37}.fail{background:#cf222e}.warn{background:#9a6700}.skip{background:#6e7781}.xfail{background:#0969da}.stale{background:#8250df}
.invalid{background:#8250df}
table{border-collapse:collapse;background:#fff}td,th{padding:4px 10px;border-bottom:1px solid #d0d7de;text-align:left}
details{background:#fff;border:1px solid #d0d7de;border-radius:6px;margin:6px 0;padding:6px 10px}
summary{cursor:pointer}summary code{font-weight:600}pre{background:#f6f8fa;padding:8px;overflow:auto;max-height:420px;font-size:12px}
.clause{border-left:3px solid #0969da;padding-left:8px;color:#424a53}.muted{color:#6e7781}`

const script = `
const r = JSON.parse(document.getElementById('data').textContent);
const $ = (s) => document.querySelector(s);
const el = (t, a, ...k) => { const e = document.createElement(t); Object.assign(e, a || {}); for (const c of k) e.append(c); return e; };
const pre = (v) => el('pre', { textContent: typeof v === 'string' ? v : JSON.stringify(v, null, 2) });
const areas = [...new Set(r.cases.map((c) => c.id.split('.').slice(0, 2).join('.')))].sort();
for (const a of areas) $('#area').append(el('option', { value: a, textContent: a }));
function render() {
  const s = $('#status').value, l = $('#level').value, a = $('#area').value, q = $('#q').value.toLowerCase();
  const list = $('#cases'); list.textContent = '';
  const shown = r.cases.filter((c) => (!s || c.status === s) && (!l || c.level === l) && (!a || c.id.startsWith(a + '.')) && (!q || (c.id + c.title + c.clause).toLowerCase().includes(q)));
  $('#count').textContent = shown.length + ' of ' + r.cases.length;
  for (const c of shown) {
    const d = el('details', {}, el('summary', {}, el('span', { className: 'pill ' + c.status, textContent: c.status }), ' ', el('code', { textContent: c.id }), ' v' + c.version + ' ', el('span', { className: 'muted', textContent: c.level + ' — ' + c.title })));
    d.addEventListener('toggle', () => {
      if (!d.open || d.dataset.filled) return; d.dataset.filled = '1';
      d.append(el('p', { className: 'clause' }, el('code', { textContent: c.clause }), ' ' + (c.clauseText || '(clause text not found in spec/)')));
      if (c.message) d.append(el('p', { textContent: c.message }));
      if (c.info.length) d.append(el('ul', {}, ...c.info.map((i) => el('li', { textContent: i }))));
      if (c.evidence) d.append(el('h4', { textContent: 'evidence' }), pre(c.evidence));
      if (c.ledger.length) { const t = el('table', {}, el('tr', {}, ...['', 'address', 'before', 'after', 'delta'].map((h) => el('th', { textContent: h })))); for (const x of c.ledger) t.append(el('tr', {}, ...[x.label, x.address, x.before, x.after, x.delta].map((v) => el('td', { textContent: v })))); d.append(el('h4', { textContent: 'ledger' }), t); }
      for (const x of c.transcript) d.append(el('h4', { textContent: x.request.method + ' ' + x.request.url + ' → ' + (x.error || x.status) + ' (' + Math.round(x.ms) + ' ms)' }), pre({ request: { headers: x.request.headers, decoded: x.request.decoded, body: x.request.body }, response: { headers: x.headers, decoded: x.decoded, body: x.body } }));
    });
    list.append(d);
  }
}
for (const id of ['status', 'level', 'area', 'q']) $('#' + id).addEventListener('input', render);
render();`

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** One self-contained HTML file: summary, filters by status/level/area, clause text, transcripts, ledger deltas. */
export function toHtml(report: Report): string {
  const data = JSON.stringify(report).replace(/</g, '\\u003c')
  const c = report.summary.counts
  const pills = (Object.keys(c) as (keyof typeof c)[]).map((k) => `<span class="pill ${k}">${c[k]} ${k}</span>`).join(' ')
  const areaRows = Object.entries(report.summary.byArea)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([a, n]) => `<tr><td>${esc(a)}</td>${(['pass', 'fail', 'warn', 'skip', 'xfail', 'stale'] as const).map((k) => `<td>${n[k] || ''}</td>`).join('')}</tr>`)
    .join('')
  const target = report.target.kind === 'embedded' ? 'embedded reference roles' : [report.target.facilitatorUrl, ...report.target.serverUrls].filter(Boolean).join(', ')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>x402 conformance — ${esc(report.outcome)}</title><style>${style}</style></head>
<body><header><h1>x402 conformance: <span class="pill ${report.outcome}">${esc(report.outcome.toUpperCase())}</span></h1>
<div>${esc(target)} · chain ${report.chain.chainId} · seed ${report.options.seed} · ${(report.durationMs / 1000).toFixed(1)} s · ${esc(report.startedAt)} · ${esc(report.tool.name)} ${esc(report.tool.version)}${report.options.strict ? ' · strict' : ''}</div></header>
<main><div class="bar">${pills}</div>
<table><tr><th>area</th><th>pass</th><th>fail</th><th>warn</th><th>skip</th><th>xfail</th><th>stale</th></tr>${areaRows}</table>
<div class="bar">
<label>status <select id="status"><option value="">all</option><option>pass</option><option>fail</option><option>warn</option><option>skip</option><option>xfail</option><option>stale</option></select></label>
<label>level <select id="level"><option value="">all</option><option>MUST</option><option>SHOULD</option><option>INFO</option></select></label>
<label>area <select id="area"><option value="">all</option></select></label>
<label>search <input id="q" type="search"></label><span id="count" class="muted"></span></div>
<div id="cases"></div></main>
<script type="application/json" id="data">${data}</script>
<script>${script}</script></body></html>
`
}
