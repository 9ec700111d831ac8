import { escapeXml } from './responses.js';
import type { Job, SignerState } from './state/jobs.js';

/** The stand-in for Posten's signing web page: enough for a browser test to click Sign or Reject. */
export function signingPage(job: Job, signer: SignerState, sessionId: string): string {
  const e = escapeXml;
  const docs = job.documents.map((d) => `<li>${e(d.title)} <small>(${e(d.href)}, ${d.bytes.length} bytes)</small></li>`).join('');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Sign: ${e(job.title)}</title></head>
<body>
<h1>${e(job.title)}</h1>
${job.description ? `<p>${e(job.description)}</p>` : ''}
<p>Signer: <span id="signer">${e(signer.pin ?? signer.customId ?? String(signer.index))}</span></p>
<ul id="documents">${docs}</ul>
<form method="post" action="/web/sessions/${e(sessionId)}/sign"><button id="sign" type="submit">Sign</button></form>
<form method="post" action="/web/sessions/${e(sessionId)}/reject"><button id="reject" type="submit">Reject</button></form>
</body></html>`;
}

export function messagePage(title: string, message: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeXml(title)}</title></head><body><h1>${escapeXml(title)}</h1><p>${escapeXml(message)}</p></body></html>`;
}
