// The stylesheet and the script of the self-contained HTML report (html.ts). The script reads the
// report embedded as JSON and renders the case table, its filters and each case's details.

export const style = `
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1b1f24;background:#f6f8fa}
header{background:#1b1f24;color:#fff;padding:16px 24px}header h1{margin:0 0 4px;font-size:20px}
header .meta{color:#d0d7de;font-size:13px}
main{padding:16px 24px;max-width:1400px}h2{font-size:16px;margin:20px 0 8px}
.headline{font-size:17px;font-weight:600;margin:4px 0 12px}.headline.bad{color:#cf222e}.headline.good{color:#1a7f37}
.bar{display:flex;gap:12px;flex-wrap:wrap;align-items:center;margin:12px 0}
.pill{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;color:#fff;white-space:nowrap}
.pass{background:#1a7f37}.fail{background:#cf222e}.error{background:#8250df}.warn{background:#9a6700}
.skip{background:#6e7781}.xfail{background:#0969da}.stale{background:#bf3989}.invalid{background:#8250df}
.h-funds{background:#a40e26}.h-access{background:#bc4c00}.h-availability{background:#7d4e00}.h-interop{background:#0550ae}
.h-hygiene{background:#57606a}.h-unclassified{background:#fff;color:#57606a;border:1px dashed #57606a}
table{border-collapse:collapse;background:#fff}td,th{padding:4px 10px;border-bottom:1px solid #d0d7de;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}td.z{color:#afb8c1}
tr.pick{cursor:pointer}tr.pick:hover{background:#f3f4f6}
.harmdesc{color:#57606a;font-size:13px}
.row{display:grid;grid-template-columns:92px 104px 64px minmax(240px,2fr) 28px 3fr;gap:10px;align-items:center}
.row>.pill{justify-self:start}
.thead{font-weight:600;color:#57606a;padding:4px 10px;border-bottom:2px solid #d0d7de}
details.case{background:#fff;border-bottom:1px solid #d0d7de}details.case>summary{list-style:none;cursor:pointer;padding:5px 10px}
details.case>summary::-webkit-details-marker{display:none}details.case[open]>summary{background:#f3f4f6}
details.case>summary code{font-weight:600;overflow-wrap:anywhere}
.body{padding:6px 12px 12px 24px;border-top:1px solid #eaeef2}
dl{display:grid;grid-template-columns:120px 1fr;gap:6px 12px;margin:8px 0}dt{font-weight:600;color:#57606a}dd{margin:0}
.clause{border-left:3px solid #0969da;padding-left:8px}.suite{border-left:3px solid #8250df;padding-left:8px}
pre{background:#f6f8fa;padding:8px;overflow:auto;max-height:420px;font-size:12px;margin:4px 0}
.muted{color:#6e7781}h4{margin:10px 0 2px;font-size:13px}`

export const script = `
const r = JSON.parse(document.getElementById('data').textContent);
const $ = (s) => document.querySelector(s);
const el = (t, a, ...k) => {
  const e = document.createElement(t); Object.assign(e, a || {}); for (const c of k) e.append(c); return e;
};
const pre = (v) => el('pre', { textContent: typeof v === 'string' ? v : JSON.stringify(v, null, 2) });
const statusRank = ['fail', 'error', 'stale', 'warn', 'xfail', 'pass', 'skip'];
const harmRank = ['funds', 'access', 'availability', 'interop', 'hygiene', 'unclassified'];
const statusLabel = (s) => (s === 'error' ? 'suite error' : s);
const pill = (cls, text) => el('span', { className: 'pill ' + cls, textContent: text });
// Clause sentences are Markdown: their \`code\` spans become <code>.
const md = (text) => text.split('\`').map((part, i) => (i % 2 ? el('code', { textContent: part }) : part));
const area = (id) => id.split('.').slice(0, 2).join('.');
for (const a of [...new Set(r.cases.map((c) => area(c.clause)))].sort()) {
  $('#area').append(el('option', { value: a, textContent: a }));
}
const cases = [...r.cases].sort((a, b) => statusRank.indexOf(a.status) - statusRank.indexOf(b.status)
  || harmRank.indexOf(a.harm) - harmRank.indexOf(b.harm) || a.id.localeCompare(b.id) || a.version - b.version);
function fill(d, c) {
  const body = el('div', { className: 'body' });
  const dl = el('dl');
  const row = (k, ...v) => dl.append(el('dt', { textContent: k }), el('dd', {}, ...v));
  row('requirement', el('div', { className: 'clause' }, el('code', { textContent: c.clause }), el('br'),
    ...md(c.clauseText || '(clause text not found in spec/)')));
  row('case', c.title + (c.control ? ' (control case: its failure invalidates the run)' : ''));
  row('harm', pill('h-' + c.harm, c.harm), ' ', c.harm === 'unclassified' ? 'this case does not declare its harm yet' : '');
  const seen = c.status === 'pass' ? 'as required'
    : c.status === 'skip' ? 'not run: ' + (c.message || 'not applicable') : c.message || c.status;
  if (c.status === 'error') row('result', el('div', { className: 'suite' },
    'suite error: the harness broke while running this case; this says nothing about the target. ', el('br'), seen));
  else row('result', pill(c.status, statusLabel(c.status)), ' ', seen);
  if (c.info.length) row('noted', el('ul', {}, ...c.info.map((i) => el('li', { textContent: i }))));
  body.append(dl);
  if (c.evidence) body.append(el('h4', { textContent: 'evidence' }), pre(c.evidence));
  if (c.ledger.length) {
    const tr = (tag, values) => el('tr', {}, ...values.map((v) => el(tag, { textContent: v })));
    const t = el('table', {}, tr('th', ['', 'address', 'before', 'after', 'delta']));
    for (const x of c.ledger) t.append(tr('td', [x.label, x.address, x.before, x.after, x.delta]));
    body.append(el('h4', { textContent: 'ledger' }), t);
  }
  for (const x of c.transcript) body.append(
    el('h4', { textContent: x.request.method + ' ' + x.request.url + ' → ' + (x.error || x.status)
      + ' (' + Math.round(x.ms) + ' ms)' }),
    pre({ request: { headers: x.request.headers, decoded: x.request.decoded, body: x.request.body },
      response: { headers: x.headers, decoded: x.decoded, body: x.body } }));
  d.append(body);
  if (location.hash === '#' + d.id) d.scrollIntoView();
}
function render() {
  const s = $('#status').value, h = $('#harm').value, l = $('#level').value, a = $('#area').value;
  const q = $('#q').value.toLowerCase();
  const list = $('#cases'); list.textContent = '';
  const shown = cases.filter((c) => (!s || c.status === s) && (!h || c.harm === h) && (!l || c.level === l)
    && (!a || area(c.clause) === a) && (!q || (c.id + ' ' + c.title + ' ' + c.clause).toLowerCase().includes(q)));
  $('#count').textContent = shown.length + ' of ' + r.cases.length + ' results';
  for (const c of shown) {
    const d = el('details', { className: 'case' }, el('summary', { className: 'row' }, pill(c.status, statusLabel(c.status)),
      el('span', {}, pill('h-' + c.harm, c.harm)), el('span', { textContent: c.level }), el('code', { textContent: c.id }),
      el('span', { className: 'muted', textContent: 'v' + c.version }), el('span', { textContent: c.title })));
    d.addEventListener('toggle', () => { if (d.open && !d.dataset.filled) { d.dataset.filled = '1'; fill(d, c); } });
    d.id = c.id + '@v' + c.version;
    if (location.hash === '#' + d.id) d.open = true;
    list.append(d);
  }
}
for (const tr of document.querySelectorAll('tr[data-harm]')) tr.addEventListener('click', () => {
  $('#harm').value = tr.dataset.harm; $('#status').value = tr.dataset.status || ''; render(); $('#filters').scrollIntoView();
});
for (const id of ['status', 'harm', 'level', 'area', 'q']) $('#' + id).addEventListener('input', render);
render();`
