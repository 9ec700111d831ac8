/**
 * The dashboard page: one self-contained HTML document (no external scripts, styles or fonts: the simulator works
 * offline) that renders `/web/dashboard/state` every second and posts the buttons' actions.
 */
const STYLE = `
:root { --ink:#1d1d1b; --muted:#6b6b6b; --line:#e3e0da; --bg:#f6f4f0; --card:#fff; --red:#e32d22; --green:#1f7a3a; --amber:#a66300; --blue:#1c5fa8; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; color:var(--ink); background:var(--bg); }
header { background:var(--red); color:#fff; padding:14px 24px; display:flex; flex-wrap:wrap; gap:8px 24px; align-items:center; }
header h1 { font-size:18px; margin:0; font-weight:650; }
.badge { display:inline-block; padding:1px 8px; border-radius:999px; font-size:12px; font-weight:600; background:#eee; color:var(--ink); white-space:nowrap; }
header .badge { background:#fff; color:var(--red); }
header .meta { font-size:13px; opacity:.95; }
main { padding:18px 24px 40px; display:grid; gap:18px; grid-template-columns: minmax(0,1fr) minmax(0,1fr); }
section { background:var(--card); border:1px solid var(--line); border-radius:10px; padding:14px 16px; min-width:0; }
section h2 { font-size:15px; margin:0 0 10px; display:flex; justify-content:space-between; align-items:baseline; gap:8px; }
section h2 small { font-weight:400; color:var(--muted); }
main { align-items:start; }
.side { display:flex; flex-direction:column; gap:18px; min-width:0; }
.job { border:1px solid var(--line); border-radius:8px; padding:10px 12px; margin-bottom:10px; }
.job-head { display:flex; flex-wrap:wrap; gap:6px 10px; align-items:center; }
.job-head strong { font-size:15px; }
.job-meta { color:var(--muted); font-size:12.5px; margin:4px 0 8px; }
.signer { display:flex; flex-wrap:wrap; align-items:center; gap:6px 10px; padding:5px 0; border-top:1px dashed var(--line); }
.signer .who { font-family:ui-monospace,Menlo,Consolas,monospace; min-width:140px; }
.st-WAITING,.st-IN_PROGRESS { background:#fff4d6; color:var(--amber); }
.st-SIGNED,.st-COMPLETED_SUCCESSFULLY { background:#dff3e5; color:var(--green); }
.st-REJECTED,.st-FAILED,.st-EXPIRED,.st-CANCELLED,.st-BLOCKED,.st-RESERVED { background:#fde3e1; color:var(--red); }
.st-direct { background:#e3edf8; color:var(--blue); } .st-portal { background:#ece6f6; color:#5b3a9a; }
button { font:inherit; font-size:12.5px; border:1px solid var(--line); background:#fff; border-radius:6px; padding:3px 10px; cursor:pointer; }
button:hover { border-color:var(--ink); }
button.sign { background:var(--green); border-color:var(--green); color:#fff; }
button.reject,button.cancel { color:var(--red); border-color:#f0b7b2; }
.docs { margin:6px 0 0; padding:0; list-style:none; display:flex; flex-wrap:wrap; gap:6px; }
.docs a { color:var(--blue); text-decoration:none; border:1px solid var(--line); border-radius:6px; padding:2px 8px; font-size:12.5px; }
table { width:100%; border-collapse:collapse; font-size:12.5px; }
th,td { text-align:left; padding:4px 6px; border-bottom:1px solid var(--line); vertical-align:top; }
th { color:var(--muted); font-weight:600; }
td.path { font-family:ui-monospace,Menlo,Consolas,monospace; overflow-wrap:anywhere; width:60%; }
td { white-space:nowrap; } td.path, td.pending, td.inflight { white-space:normal; }
.ok { color:var(--green); } .err { color:var(--red); font-weight:600; }
.controls { display:flex; flex-wrap:wrap; gap:6px; align-items:center; }
.controls input { width:80px; font:inherit; padding:2px 6px; border:1px solid var(--line); border-radius:6px; }
.empty { color:var(--muted); font-style:italic; }
#live { width:8px; height:8px; border-radius:50%; background:#fff; display:inline-block; margin-right:6px; }
#live.stale { background:#333; }
#message { min-height:1.2em; color:var(--red); font-size:12.5px; }
@media (max-width: 900px) { main { grid-template-columns: 1fr; } }
`;

const SCRIPT = `
const $ = (id) => document.getElementById(id);
const esc = (v) => String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&':'&amp;', '<':'&lt;', '>':'&gt;', '"':'&quot;', "'":'&#39;' }[c]));
const time = (iso) => iso ? new Date(iso).toLocaleString() : '';
const badge = (text, cls) => '<span class="badge st-' + esc(cls ?? text) + '">' + esc(text) + '</span>';
const bytes = (n) => n < 1024 ? n + ' B' : n < 1048576 ? (n / 1024).toFixed(1) + ' kB' : (n / 1048576).toFixed(1) + ' MB';

function renderJob(j) {
  const signers = j.signers.map((s) =>
    '<div class="signer" data-signer="' + s.index + '">' +
      '<span class="who">' + esc(s.label) + '</span>' + badge(s.status) +
      (j.flow === 'portal' ? '<span class="badge">order ' + s.order + '</span>' : '') +
      '<small class="muted">since ' + esc(time(s.since)) + '</small>' +
      (s.waiting ? '<span class="controls">' +
        '<button class="sign" data-action="sign" data-job="' + j.id + '" data-signer="' + s.index + '">Sign</button>' +
        '<button class="reject" data-action="reject" data-job="' + j.id + '" data-signer="' + s.index + '">Reject</button>' +
        '<button data-action="expire" data-job="' + j.id + '" data-signer="' + s.index + '">Expire</button></span>' : '') +
    '</div>').join('');
  const docs = j.documents.map((d) =>
    '<li><a target="_blank" rel="noopener" href="/web/dashboard/jobs/' + j.id + '/documents/' + d.index + '">' + esc(d.title) +
    ' <small>(' + esc(d.mime) + ', ' + bytes(d.size) + ')</small></a></li>').join('');
  return '<article class="job" data-job-id="' + j.id + '">' +
    '<div class="job-head"><strong>#' + j.id + '</strong>' + badge(j.flow) + '<span class="job-status">' + badge(j.status) + '</span>' +
      '<span>' + esc(j.title) + '</span>' +
      (j.cancellable ? '<button class="cancel" data-action="cancel" data-job="' + j.id + '">Cancel job</button>' : '') + '</div>' +
    '<div class="job-meta">org ' + esc(j.organizationNumber) + ' · reference ' + (j.reference === null ? '<i>none</i>' : esc(j.reference)) +
      ' · queue ' + (j.publishesToQueue ? esc(j.pollingQueue || 'default') : '<i>none (callback)</i>') +
      ' · created ' + esc(time(j.createdAt)) + (j.active ? '' : ' · activates ' + esc(time(j.activationTime))) +
      (j.confirmed ? ' · confirmed' : '') + (j.documentsDeleted ? ' · documents deleted' : '') + '</div>' +
    signers + (j.documentsDeleted ? '' : '<ul class="docs">' + docs + '</ul>') + '</article>';
}

function render(s) {
  $('now').textContent = time(s.now);
  $('orgs').textContent = s.organizations.map((o) => o.organizationNumber).join(', ');
  const rl = s.options.rateLimit;
  $('options').textContent = 'rate limit ' + (rl ? rl.maxRequestsPerSecond + '/s' : 'off') + ' · empty-queue delay ' + s.options.emptyQueueDelaySeconds +
    ' s · redeliver after ' + s.options.redeliverAfterSeconds + ' s · deletable after ' + s.options.deletableAfterSeconds + ' s' + (s.options.verifyUploads ? '' : ' · upload checks OFF');
  $('stats').textContent = s.jobCount + ' jobs · ' + s.stats.requests + ' requests · ' + s.stats.polls + ' polls (' + s.stats.pollsBeforePermittedTime + ' too early)';
  $('jobs').innerHTML = s.jobs.length ? s.jobs.map(renderJob).join('') : '<p class="empty">No jobs yet. Create one with the SDK and it appears here.</p>';
  $('queues').innerHTML = s.queues.length ? '<table><tr><th>Org</th><th>Flow</th><th>Queue</th><th>Pending</th><th>In flight (redelivered at)</th><th>Closed until</th></tr>' +
    s.queues.map((q) => '<tr><td>' + esc(q.organizationNumber) + '</td><td>' + esc(q.flow) + '</td><td>' + (q.queue === null ? '<i>default</i>' : esc(q.queue)) +
      '</td><td class="pending">' + (q.pending.map((id) => '#' + esc(id)).join(' ') || '–') + '</td><td class="inflight">' +
      (q.inFlight.map((f) => '#' + esc(f.jobId) + ' (' + esc(time(f.redeliverAt)) + ')').join('<br>') || '–') + '</td><td>' + esc(time(q.blockedUntil)) + '</td></tr>').join('') +
    '</table>' : '<p class="empty">No queue has been used yet.</p>';
  $('requests').innerHTML = s.requests.length ? '<table><tr><th>Time</th><th>Method</th><th>Path</th><th>Status</th><th>Error code</th></tr>' +
    s.requests.map((r) => '<tr><td>' + esc(new Date(r.at).toLocaleTimeString([], { hour12: false })) + '</td><td>' + esc(r.method) + '</td><td class="path">' + esc(r.path) +
      '</td><td class="' + (r.status < 400 ? 'ok' : 'err') + '">' + r.status + '</td><td class="err">' + esc(r.errorCode ?? '') + '</td></tr>').join('') +
    '</table>' : '<p class="empty">No requests yet.</p>';
}

async function refresh() {
  try {
    const res = await fetch('/web/dashboard/state', { cache: 'no-store' });
    render(await res.json());
    $('live').className = '';
  } catch {
    $('live').className = 'stale';
  }
}

async function post(path) {
  const res = await fetch(path, { method: 'POST', headers: { 'X-Simulator-Dashboard': '1' } });
  const body = await res.json().catch(() => ({}));
  $('message').textContent = res.ok ? '' : (body.error ?? res.status) + ': ' + (body.message ?? '');
  await refresh();
}

document.addEventListener('click', (e) => {
  const b = e.target.closest('button[data-action]');
  if (!b) return;
  const a = b.dataset.action;
  if (a === 'cancel') post('/web/dashboard/jobs/' + b.dataset.job + '/cancel');
  else if (a === 'advance') post('/web/dashboard/advance?seconds=' + b.dataset.seconds);
  else if (a === 'advance-custom') post('/web/dashboard/advance?seconds=' + Number($('advance-minutes').value) * 60);
  else post('/web/dashboard/jobs/' + b.dataset.job + '/signers/' + b.dataset.signer + '/' + a);
});
refresh();
setInterval(refresh, 1000);
`;

export function dashboardPage(): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><title>Posten signering simulator — dashboard</title><style>${STYLE}</style></head>
<body>
<header><h1><span id="live"></span>Posten signering simulator</h1><span class="badge">SIMULATOR · not the real service</span>
<span class="meta">Simulated time: <b id="now"></b></span><span class="meta">Organisations: <span id="orgs"></span></span>
<span class="meta" id="options"></span></header>
<main>
<section id="jobs-section"><h2>Jobs <small id="stats"></small></h2><div id="message" role="status"></div><div id="jobs"></div></section>
<div class="side">
<section><h2>Time</h2><div class="controls">Advance the simulator's clock:
<button data-action="advance" data-seconds="60">+1 min</button><button data-action="advance" data-seconds="600">+10 min</button>
<button data-action="advance" data-seconds="3600">+1 h</button><button data-action="advance" data-seconds="86400">+1 day</button>
<input id="advance-minutes" type="number" min="1" value="30" aria-label="minutes"> min <button data-action="advance-custom">Advance</button></div></section>
<section><h2>Queues <small>pending and in-flight status changes</small></h2><div id="queues"></div></section>
<section id="requests-section"><h2>Last requests <small>identity numbers masked, no bodies</small></h2><div id="requests"></div></section>
</div>
</main>
<script>${SCRIPT}</script>
</body></html>`;
}
