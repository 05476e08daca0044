// The dashboard's one stylesheet, served as /assets/app.css (the bundle carries no static files).
// Colours meet WCAG AA contrast on their backgrounds (axe-core checks the pages).
export const APP_CSS = `
:root{--ink:#1c2430;--muted:#4d5866;--line:#d9dee5;--bg:#f5f7fa;--card:#fff;--accent:#1f4fbf;--accent-ink:#fff;
--ok:#1d6b3a;--ok-bg:#e3f4e8;--bad:#a12222;--bad-bg:#fbe7e7;--warn:#7a4a00;--warn-bg:#fff1d6;--info-bg:#e8eefc}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
a{color:var(--accent)}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible,summary:focus-visible{outline:3px solid #f2a900;outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:var(--card);padding:.5rem 1rem;z-index:10}
.skip:focus{left:1rem}
header.top{display:flex;align-items:center;gap:1.5rem;padding:.6rem 1.5rem;background:#142033;color:#fff}
header.top .brand{font-weight:700;font-size:1.1rem;color:#fff;text-decoration:none;letter-spacing:.02em}
header.top nav ul{display:flex;gap:.25rem;list-style:none;margin:0;padding:0}
header.top nav a{color:#dfe6f2;text-decoration:none;padding:.4rem .75rem;border-radius:6px;display:block}
header.top nav a[aria-current=page]{background:#2c3e5c;color:#fff;font-weight:600}
header.top .who{margin-left:auto;display:flex;gap:.75rem;align-items:center;color:#dfe6f2}
header.top .who form{margin:0}
header.top .who button{background:transparent;color:#fff;border:1px solid #6b7c99;border-radius:6px;padding:.25rem .6rem;cursor:pointer}
main{padding:1.25rem 1.5rem 3rem;max-width:1400px}
h1{font-size:1.45rem;margin:.2rem 0 1rem}
h2{font-size:1.1rem;margin:1.5rem 0 .6rem}
.crumbs{color:var(--muted);margin:0 0 .25rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:1rem 1.1rem;margin-bottom:1rem}
.grid{display:grid;gap:1rem;grid-template-columns:repeat(auto-fit,minmax(260px,1fr))}
.figure{font-size:1.5rem;font-weight:650;font-variant-numeric:tabular-nums}
.label{color:var(--muted);font-size:.85rem}
table{border-collapse:collapse;width:100%;background:var(--card)}
th,td{padding:.45rem .6rem;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
th{font-size:.8rem;text-transform:uppercase;letter-spacing:.03em;color:var(--muted);background:#eef1f5}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tbody tr:hover{background:#f8fafc}
.mono{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.85rem;word-break:break-all}
.badge{display:inline-block;padding:.1rem .5rem;border-radius:999px;font-size:.78rem;font-weight:600;white-space:nowrap}
.badge.completed,.badge.resolved,.badge.ok{background:var(--ok-bg);color:var(--ok)}
.badge.failed,.badge.bad{background:var(--bad-bg);color:var(--bad)}
.badge.running,.badge.open,.badge.warn{background:var(--warn-bg);color:var(--warn)}
.badge.none,.badge.cancelled{background:#eceff3;color:var(--muted)}
.banner{padding:.6rem 1rem;border-radius:8px;margin-bottom:1rem;font-weight:600}
.banner.sandbox{border:2px solid #b26a00;background:var(--warn-bg);color:var(--warn)}
.banner.done{background:var(--ok-bg);color:var(--ok)}
.banner.error{background:var(--bad-bg);color:var(--bad)}
form.filters{display:flex;flex-wrap:wrap;gap:.6rem 1rem;align-items:flex-end;margin-bottom:.8rem}
form.filters label{display:flex;flex-direction:column;font-size:.8rem;color:var(--muted);gap:.2rem}
input,select,textarea{font:inherit;padding:.35rem .5rem;border:1px solid #8a95a5;border-radius:6px;background:#fff;color:var(--ink)}
button,.button{font:inherit;padding:.4rem .9rem;border-radius:6px;border:1px solid var(--accent);background:var(--accent);color:var(--accent-ink);cursor:pointer;text-decoration:none;display:inline-block}
button.secondary,.button.secondary{background:#fff;color:var(--accent)}
button.danger{background:var(--bad);border-color:var(--bad)}
.actions{display:flex;gap:.6rem;align-items:center;flex-wrap:wrap;margin:.6rem 0}
.pager{display:flex;gap:1rem;align-items:center;margin:.8rem 0;color:var(--muted)}
.diff{background:#fff3c4}
.muted{color:var(--muted)}
.side-by-side{display:grid;grid-template-columns:1fr 1fr;gap:1rem}
pre{background:#0f1724;color:#e6edf7;padding:.8rem;border-radius:8px;overflow:auto;font-size:.8rem;max-height:28rem}
.calendar{display:grid;grid-template-columns:repeat(30,minmax(18px,1fr));gap:3px}
.calendar a,.calendar span{display:block;height:26px;border-radius:4px}
.day-completed{background:#2e8b57}.day-completed.breaks{background:#e0a526}.day-failed{background:#c0392b}.day-running{background:#5b8def}.day-none{background:#e3e7ed}
.legend{display:flex;gap:1rem;font-size:.8rem;color:var(--muted);margin-top:.4rem}
.legend i{display:inline-block;width:.8rem;height:.8rem;border-radius:3px;margin-right:.3rem;vertical-align:-1px}
svg.chart{width:100%;height:auto;background:var(--card)}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.buckets{margin-bottom:1rem}
.buckets a.card{display:flex;flex-direction:column;text-decoration:none;color:var(--ink);margin:0}
.buckets a.card[aria-current]{border:2px solid var(--accent);box-shadow:inset 0 -3px 0 var(--accent)}
tr.diff th{font-weight:700}
form.bulk textarea,section textarea{width:100%;max-width:40rem}
.side-by-side{margin-top:1rem}
ol.calendar,ul.legend{list-style:none;padding:0;margin:0}
td.sandbox,span.sandbox{color:var(--warn);background:var(--warn-bg);font-weight:700}
figure.card{margin:0 0 1rem}
.legend svg{margin-right:.3rem;vertical-align:-1px}
.nowrap{white-space:nowrap}
/* A card never pushes the page sideways: wide tables scroll inside it. */
.card{overflow-x:auto}
.attention{display:grid;gap:1rem;grid-template-columns:minmax(200px,1fr) minmax(0,3fr)}
.attention>.card:last-child{grid-column:1/-1}
.per-currency h4{margin:1rem 0 .4rem}
@media (max-width:1100px){.attention{grid-template-columns:1fr}}
`;
