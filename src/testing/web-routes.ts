import type { IncomingMessage } from 'node:http';
import { dashboardRoute } from './dashboard.js';
import { HttpReply, documentReply, html, readBody } from './http-reply.js';
import type { SimulatorCore } from './simulator-core.js';
import { messagePage, signingPage } from './signing-page.js';
import { SimulatorError, findSigner, signerLabel, token } from './state/jobs.js';

/**
 * The simulated web front end (`/web`, no client certificate: a browser has none): the signing page a redirect
 * URL opens, its documents and its Sign/Reject actions, the dashboard, and the devmode control endpoints.
 */
export async function webRoute(core: SimulatorCore, req: IncomingMessage, method: string, path: string, url: URL): Promise<HttpReply> {
  if (path === '/web/dashboard' || path.startsWith('/web/dashboard/')) return dashboardRoute(core, req, method, path, url);
  const sessionDocument = /^\/web\/sessions\/([^/]+)\/documents\/(\d+)$/.exec(path);
  if (sessionDocument && method === 'GET') {
    const session = core.sessions.get(sessionDocument[1]!);
    const job = session ? core.job(session.jobId) : undefined;
    const s = job?.signers.find((x) => x.index === session?.index);
    const doc = job?.documents[Number(sessionDocument[2])];
    if (!job || !s || s.sessionId !== sessionDocument[1] || !doc) return html(404, messagePage('Not found', 'No such document in this signing session.'));
    return documentReply(doc);
  }
  const redirect = /^\/web\/redirect\/([^/]+)$/.exec(path);
  if (redirect && method === 'GET') {
    const t = redirect[1]!;
    const cookie = /(?:^|;\s*)simsession=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    let sessionId: string | undefined;
    const fresh = core.redirectTokens.get(t);
    if (fresh) {
      // Single use: the token is spent now; the cookie lets the same browser reload the page.
      core.redirectTokens.delete(t);
      sessionId = token();
      core.sessions.set(sessionId, fresh);
      core.consumedTokens.set(t, sessionId);
      const job = core.requireJob(fresh.jobId);
      const s = job.signers.find((x) => x.index === fresh.index)!;
      s.sessionId = sessionId;
    } else if (cookie && core.consumedTokens.get(t) === cookie && core.sessions.has(cookie)) {
      sessionId = cookie;
    }
    const session = sessionId ? core.sessions.get(sessionId) : undefined;
    const job = session ? core.job(session.jobId) : undefined;
    const s = job?.signers.find((x) => x.index === session?.index);
    if (!sessionId || !job || !s || s.sessionId !== sessionId || s.status !== 'WAITING') {
      return html(410, messagePage('Link no longer valid', 'This signing link has been used or replaced. Ask the sender for a new one.'));
    }
    return html(200, signingPage(job, s, sessionId), { 'Set-Cookie': `simsession=${sessionId}; Path=/web; HttpOnly; Secure; SameSite=Lax` });
  }
  const action = /^\/web\/sessions\/([^/]+)\/(sign|reject)$/.exec(path);
  if (action && method === 'POST') {
    await readBody(req);
    const session = core.sessions.get(action[1]!);
    const job = session ? core.job(session.jobId) : undefined;
    const s = job?.signers.find((x) => x.index === session?.index);
    if (!job || !s || s.sessionId !== action[1]) return html(410, messagePage('Session expired', 'This signing session is no longer valid.'));
    const result = core.act(job, s, action[2] as 'sign' | 'reject');
    core.sessions.delete(action[1]!);
    if (!result.exitUrl) return html(200, messagePage('Done', `Signer ${signerLabel(s)}: ${s.status}`));
    return new HttpReply(303, '', 'text/plain', { Location: result.exitUrl });
  }
  const dev = /^\/web\/(portal\/)?signature-jobs\/([^/]+)\/devmode(sign|reject)$/.exec(path);
  if (dev && method === 'POST') {
    await readBody(req);
    const job = core.requireJob(dev[2]!);
    if ((job.flow === 'portal') !== Boolean(dev[1]))
      throw new SimulatorError(404, 'SIGNATURE_JOB_NOT_FOUND', `No such ${dev[1] ? 'portal' : 'direct'} job ${dev[2]}`);
    const who = url.searchParams.get('signer') ?? '';
    const result = core.act(job, findSigner(job, who), dev[3] === 'sign' ? 'sign' : 'reject');
    return new HttpReply(200, result.exitUrl ?? '', 'text/plain; charset=utf-8');
  }
  return html(404, messagePage('Not found', path));
}
