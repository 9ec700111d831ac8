import { maskIdentityNumbers } from './request-log.js';
import { escapeXml } from './responses.js';
import type { Job, SignerState } from './state/jobs.js';

/**
 * The stand-in for Posten's signing web page. It says plainly that it is the simulator, lets the signer open each
 * document (a PDF one click away, in the browser's viewer), never shows the full identity number, and has one
 * Sign and one Reject button (ids `sign` and `reject`, for browser tests).
 */
const STYLE = `
* { box-sizing: border-box; }
body { margin:0; font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; color:#1d1d1b; background:#f6f4f0; }
.banner { background:#e32d22; color:#fff; padding:10px 20px; font-weight:600; display:flex; justify-content:space-between; flex-wrap:wrap; gap:8px; }
.banner small { font-weight:400; opacity:.95; }
main { max-width:720px; margin:28px auto; background:#fff; border:1px solid #e3e0da; border-radius:12px; padding:24px 28px; }
h1 { font-size:22px; margin:0 0 6px; }
.signer { color:#6b6b6b; margin:0 0 18px; }
.signer b { font-family:ui-monospace,Menlo,Consolas,monospace; color:#1d1d1b; }
ul { list-style:none; padding:0; margin:0 0 22px; }
li { border:1px solid #e3e0da; border-radius:8px; padding:10px 14px; margin-bottom:8px; display:flex; justify-content:space-between; align-items:center; gap:12px; }
li a { color:#1c5fa8; font-weight:600; text-decoration:none; white-space:nowrap; }
li small { color:#6b6b6b; }
.actions { display:flex; gap:12px; flex-wrap:wrap; }
.actions form { margin:0; }
button { font:inherit; font-size:16px; font-weight:600; border-radius:8px; padding:10px 28px; cursor:pointer; }
#sign { background:#1f7a3a; color:#fff; border:1px solid #1f7a3a; }
#reject { background:#fff; color:#e32d22; border:1px solid #e32d22; }
`;

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,"><title>${escapeXml(title)}</title><style>${STYLE}</style></head>
<body><div class="banner">Posten signering simulator <small>A local test double: nothing here is really signed.</small></div>
<main>${body}</main></body></html>`;
}

/** What the signer is told about who they are: the identity number with its last five digits hidden. */
function signerName(s: SignerState): string {
  return maskIdentityNumbers(s.pin ?? s.customId ?? s.email ?? s.mobile ?? `signer ${s.index}`);
}

export function signingPage(job: Job, signer: SignerState, sessionId: string): string {
  const e = escapeXml;
  const docs = job.documents
    .map(
      (d, i) =>
        `<li><span>${e(d.title)}<br><small>${e(d.href)} · ${e(d.mime)} · ${d.bytes.length} bytes</small></span>` +
        `<a href="/web/sessions/${e(sessionId)}/documents/${i}" target="_blank" rel="noopener">Open ${d.mime === 'application/pdf' ? 'PDF' : 'document'}</a></li>`,
    )
    .join('');
  return page(
    `Sign: ${job.title}`,
    `<h1>${e(job.title)}</h1>
${job.description ? `<p>${e(job.description)}</p>` : ''}
<p class="signer">Signing as <b id="signer">${e(signerName(signer))}</b></p>
<ul id="documents">${docs}</ul>
<div class="actions">
<form method="post" action="/web/sessions/${e(sessionId)}/sign"><button id="sign" type="submit">Sign</button></form>
<form method="post" action="/web/sessions/${e(sessionId)}/reject"><button id="reject" type="submit">Reject</button></form>
</div>`,
  );
}

export function messagePage(title: string, message: string): string {
  return page(title, `<h1>${escapeXml(title)}</h1><p>${escapeXml(message)}</p>`);
}
