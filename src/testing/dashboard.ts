import type { IncomingMessage } from 'node:http';
import { dashboardPage } from './dashboard-page.js';
import { type HttpReply, documentReply, html, json, readBody } from './http-reply.js';
import { maskIdentityNumbers } from './request-log.js';
import type { SimulatorCore } from './simulator-core.js';
import { SimulatorError, cancel, isTerminal, signerLabel, type Job } from './state/jobs.js';

/**
 * The dashboard on the simulator's own port (`/web/dashboard`): what it holds (jobs, signers, queues, the last
 * requests) and buttons for what a test would otherwise script (sign, reject, expire, cancel, advance time). The
 * page polls `/web/dashboard/state`; actions are POSTs that must carry `X-Simulator-Dashboard: 1`, which a form on
 * another site cannot send (and a cross-site fetch would need a CORS preflight the simulator never grants).
 */
const MAX_JOBS = 200;

function jobState(core: SimulatorCore, job: Job): object {
  const now = core.clock.nowMs();
  return {
    id: String(job.id),
    flow: job.flow,
    organizationNumber: job.organizationNumber,
    reference: job.reference ?? null,
    title: job.title,
    status: job.status,
    pollingQueue: job.pollingQueue,
    publishesToQueue: job.polling,
    createdAt: job.createdAt.toISOString(),
    activationTime: job.activationTime.toISOString(),
    active: job.flow === 'direct' || now >= job.activationTime.getTime(),
    confirmed: job.confirmed,
    documentsDeleted: job.documentsDeleted,
    cancellable: job.flow === 'portal' && !isTerminal(job),
    signers: job.signers.map((s) => ({
      index: s.index,
      label: maskIdentityNumbers(signerLabel(s)),
      order: s.order,
      status: s.status,
      since: s.since.toISOString(),
      waiting: s.status === 'WAITING' && !isTerminal(job),
    })),
    documents: job.documents.map((d, i) => ({ index: i, href: d.href, title: d.title, mime: d.mime, size: d.bytes.length })),
  };
}

/** Everything the page shows, as JSON (also handy for a test or a curl). */
export function dashboardState(core: SimulatorCore): object {
  core.tick();
  const now = core.clock.nowMs();
  const jobs = [...core.jobs.values()].slice(-MAX_JOBS).reverse();
  return {
    now: new Date(now).toISOString(),
    url: core.url,
    organizations: [...core.organizations.values()].map((o) => ({ organizationNumber: o.organizationNumber, name: o.name, publicSector: o.publicSector })),
    options: {
      rateLimit: core.options.rateLimit,
      emptyQueueDelaySeconds: core.options.emptyQueueDelaySeconds,
      redeliverAfterSeconds: core.options.redeliverAfterSeconds,
      deletableAfterSeconds: core.options.deletableAfterSeconds,
      signingTimeToleranceSeconds: core.options.signingTimeToleranceSeconds,
      verifyUploads: core.options.verifyUploads,
    },
    stats: { ...core.stats },
    jobCount: core.jobs.size,
    jobs: jobs.map((j) => jobState(core, j)),
    queues: core.queues.snapshot(now).map((q) => {
      const [organizationNumber, flow, queue] = q.key.split('|');
      return {
        organizationNumber,
        flow,
        queue: queue || null,
        pending: q.pending.map(String),
        inFlight: q.inFlight.map((f) => ({ jobId: String(f.jobId), redeliverAt: new Date(f.redeliverAt).toISOString() })),
        blockedUntil: q.blockedUntil === undefined ? null : new Date(q.blockedUntil).toISOString(),
      };
    }),
    requests: core.requestLog.latest(50),
  };
}

async function act(core: SimulatorCore, req: IncomingMessage, path: string, url: URL): Promise<HttpReply | undefined> {
  const signer = /^\/web\/dashboard\/jobs\/(\d+)\/signers\/(\d+)\/(sign|reject|expire)$/.exec(path);
  if (signer) {
    const [, jobId, index, action] = signer as unknown as [string, string, string, 'sign' | 'reject' | 'expire'];
    if (action === 'expire') core.setSignerStatus(jobId, index, 'EXPIRED');
    else core.actBy(jobId, index, action);
    return json(200, { ok: true });
  }
  const cancelJob = /^\/web\/dashboard\/jobs\/(\d+)\/cancel$/.exec(path);
  if (cancelJob) {
    const job = core.requireJob(cancelJob[1]!);
    if (job.flow !== 'portal' || isTerminal(job)) throw new SimulatorError(409, 'JOB_CANNOT_BE_CANCELLED', `Job ${job.id} cannot be cancelled`);
    cancel(job, core.clock.now());
    core.publish(job);
    return json(200, { ok: true });
  }
  if (path === '/web/dashboard/advance') {
    const seconds = Number(url.searchParams.get('seconds'));
    if (!Number.isFinite(seconds) || seconds <= 0) throw new SimulatorError(400, 'INVALID_SECONDS', 'seconds must be a positive number');
    core.clock.advance(seconds * 1000);
    core.tick();
    return json(200, { ok: true, now: core.clock.now().toISOString() });
  }
  await readBody(req);
  return undefined;
}

export async function dashboardRoute(core: SimulatorCore, req: IncomingMessage, method: string, path: string, url: URL): Promise<HttpReply> {
  if (method === 'GET' && path === '/web/dashboard') return html(200, dashboardPage());
  if (method === 'GET' && path === '/web/dashboard/state') return json(200, dashboardState(core));
  const doc = /^\/web\/dashboard\/jobs\/(\d+)\/documents\/(\d+)$/.exec(path);
  if (method === 'GET' && doc) {
    const d = core.job(doc[1]!)?.documents[Number(doc[2])];
    if (!d || d.bytes.length === 0) return json(404, { error: 'DOCUMENT_NOT_FOUND', message: 'No such document (or it was deleted)' });
    return documentReply(d);
  }
  if (method === 'POST') {
    if (req.headers['x-simulator-dashboard'] !== '1')
      return json(403, { error: 'FORBIDDEN', message: 'Dashboard actions need the X-Simulator-Dashboard: 1 header' });
    try {
      const reply = await act(core, req, path, url);
      if (reply) return reply;
    } catch (e) {
      if (e instanceof SimulatorError) return json(e.httpStatus, { error: e.code, message: e.message });
      throw e;
    }
  }
  return json(404, { error: 'NOT_FOUND', message: `${method} ${path}` });
}
