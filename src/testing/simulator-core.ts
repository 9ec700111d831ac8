import { X509Certificate } from 'node:crypto';
import { type SimulatorClock } from './clock.js';
import { type Faults } from './faults.js';
import type { SimulatorPki } from './pki.js';
import { directStatusResponse, jobBase, portalStatusResponse, renderXml, type RenderContext } from './responses.js';
import {
  DEFAULT_AVAILABLE_SECONDS,
  SimulatorError,
  assertCanAct,
  expire,
  findSigner,
  isTerminal,
  setStatus,
  signerFromManifest,
  tickJob,
  nextDeadline,
  token,
  type Flow,
  type Job,
  type SignerState,
} from './state/jobs.js';
import { RequestLog } from './request-log.js';
import { Queues, queueKey } from './state/queues.js';
import { RawChanges } from './state/raw-changes.js';
import type { VerifiedBundle } from './verify-asice.js';

/** Everything the simulator knows, shared by the HTTP router and the programmatic control API. */
export interface OrganizationConfig {
  organizationNumber: string;
  name: string;
  publicSector: boolean;
  brokerFor: Set<string>;
}

export interface ResolvedOptions {
  emptyQueueDelaySeconds: number;
  redeliverAfterSeconds: number;
  deletableAfterSeconds: number;
  rateLimit: { maxRequestsPerSecond: number; blockSeconds: number } | false;
  signingTimeToleranceSeconds: number;
  verifyUploads: boolean;
  confirmStatus: 200 | 204;
}

export interface SimulatorStats {
  requests: number;
  polls: number;
  pollsBeforePermittedTime: number;
  creates: number;
  /** Per organisation (of the client certificate): the most API requests that arrived within any 1000 ms. */
  peakRequestsPerSecond: Record<string, number>;
}

export interface CreateRequest {
  reference?: string;
  pollingQueue: string;
  polling: boolean;
  exitUrls?: { completion: string; rejection: string; error: string };
}

/** Appends status_query_token to an exit URL, keeping any query and fragment it already has. */
export function withStatusQueryToken(exitUrl: string, tokenValue: string): string {
  const hash = exitUrl.indexOf('#');
  const base = hash >= 0 ? exitUrl.slice(0, hash) : exitUrl;
  const fragment = hash >= 0 ? exitUrl.slice(hash) : '';
  const sep = base.includes('?') ? (base.endsWith('?') || base.endsWith('&') ? '' : '&') : '?';
  return `${base}${sep}status_query_token=${encodeURIComponent(tokenValue)}${fragment}`;
}

export class SimulatorCore {
  url = '';
  readonly jobs = new Map<bigint, Job>();
  readonly queues: Queues;
  readonly stats: SimulatorStats = { requests: 0, polls: 0, pollsBeforePermittedTime: 0, creates: 0, peakRequestsPerSecond: {} };
  readonly redirectTokens = new Map<string, { jobId: bigint; index: number }>();
  /** Redirect tokens already opened, mapped to the browser session they opened (refresh with the cookie works). */
  readonly consumedTokens = new Map<string, string>();
  readonly sessions = new Map<string, { jobId: bigint; index: number }>();
  readonly xadesCache = new Map<string, string>();
  readonly rawChanges = new RawChanges();
  readonly requestLog = new RequestLog();
  /** Issuers of signing certificates other than the TLS certificate itself. */
  readonly trustedSenderIssuers: X509Certificate[];
  private nextId: bigint;

  constructor(
    readonly clock: SimulatorClock,
    readonly pki: SimulatorPki,
    readonly organizations: Map<string, OrganizationConfig>,
    readonly options: ResolvedOptions,
    readonly faults: Faults,
    firstJobId: bigint,
  ) {
    this.nextId = firstJobId;
    this.trustedSenderIssuers = [new X509Certificate(pki.senderCa.certPem)];
    this.queues = new Queues(options.emptyQueueDelaySeconds * 1000, options.redeliverAfterSeconds * 1000);
  }

  /** The earliest time a tick can change anything, valid until a job changes (`scheduleStale`). */
  private nextDeadlineAt = -Infinity;
  private scheduleStale = true;

  /**
   * Catch up with the clock: group deadlines and expiry, publishing what changed. Runs on every request, so it
   * only walks the jobs when a deadline has come or a job has changed since the last walk: with thousands of
   * jobs a walk per request made draining a queue quadratic.
   */
  tick(): void {
    const now = this.clock.nowMs();
    if (!this.scheduleStale && now < this.nextDeadlineAt) return;
    let next = Infinity;
    for (const job of this.jobs.values()) {
      if (tickJob(job, now)) this.publish(job);
      next = Math.min(next, nextDeadline(job));
    }
    this.nextDeadlineAt = next;
    this.scheduleStale = false;
  }

  publish(job: Job): void {
    this.scheduleStale = true;
    if (job.flow === 'portal' || job.polling) {
      this.queues.publish(queueKey(job.organizationNumber, job.flow, job.pollingQueue), job.id);
    }
  }

  queueKeyOf(job: Job): string {
    return queueKey(job.organizationNumber, job.flow, job.pollingQueue);
  }

  deletable(job: Job): boolean {
    return (
      job.status === 'COMPLETED_SUCCESSFULLY' &&
      !job.documentsDeleted &&
      job.completedAt !== undefined &&
      this.clock.nowMs() >= job.completedAt.getTime() + this.options.deletableAfterSeconds * 1000
    );
  }

  renderContext(job: Job): RenderContext {
    return { url: this.url, exotic: this.faults.exotic, unknownStatus: this.faults.unknownStatus, deletable: this.deletable(job) };
  }

  renderStatus(job: Job): string {
    const ctx = this.renderContext(job);
    return renderXml(job.flow === 'direct' ? directStatusResponse(job, ctx) : portalStatusResponse(job, ctx), ctx.exotic);
  }

  createJob(flow: Flow, org: string, req: CreateRequest, bundle: VerifiedBundle, requestXml: string): Job {
    const now = this.clock.now();
    const id = this.nextId;
    this.nextId += 1n;
    const job: Job = {
      id,
      flow,
      organizationNumber: org,
      pollingQueue: req.pollingQueue,
      polling: flow === 'portal' || req.polling,
      title: bundle.title,
      documents: bundle.documents,
      manifestXml: bundle.manifestXml,
      requestXml,
      signers: bundle.signers.map((s, i) => signerFromManifest(s, i + 1, now)),
      status: 'IN_PROGRESS',
      createdAt: now,
      activationTime: flow === 'portal' && bundle.activationTime && bundle.activationTime > now ? bundle.activationTime : now,
      availableSeconds: bundle.availableSeconds ?? DEFAULT_AVAILABLE_SECONDS,
      statusQueryTokens: new Set(),
      documentsDeleted: false,
      confirmed: false,
    };
    if (req.reference !== undefined) job.reference = req.reference;
    if (req.exitUrls) job.exitUrls = req.exitUrls;
    if (bundle.description) job.description = bundle.description;
    if (flow === 'direct') for (const s of job.signers) this.newRedirectToken(job, s);
    this.jobs.set(id, job);
    this.scheduleStale = true;
    this.stats.creates++;
    return job;
  }

  newRedirectToken(job: Job, s: SignerState): string {
    if (s.redirectToken) this.redirectTokens.delete(s.redirectToken);
    if (s.sessionId) this.sessions.delete(s.sessionId);
    delete s.sessionId;
    const t = token();
    s.redirectToken = t;
    this.redirectTokens.set(t, { jobId: job.id, index: s.index });
    return t;
  }

  job(id: string | bigint): Job | undefined {
    try {
      return this.jobs.get(typeof id === 'bigint' ? id : BigInt(id));
    } catch {
      return undefined;
    }
  }

  requireJob(id: string | bigint): Job {
    const job = this.job(id);
    if (!job) throw new SimulatorError(404, 'SIGNATURE_JOB_NOT_FOUND', `No signature job ${String(id)}`);
    return job;
  }

  /** Sign or reject as the signer would in the browser; direct jobs yield the exit URL with a status query token. */
  act(job: Job, s: SignerState, action: 'sign' | 'reject'): { exitUrl?: string; statusQueryToken?: string } {
    this.tick();
    assertCanAct(job, s, this.clock.nowMs());
    setStatus(job, s, action === 'sign' ? 'SIGNED' : 'REJECTED', this.clock.now());
    this.publish(job);
    if (job.flow !== 'direct' || !job.exitUrls) return {};
    const t = token();
    job.statusQueryTokens.add(t);
    const exit = action === 'sign' ? job.exitUrls.completion : job.exitUrls.rejection;
    return { exitUrl: withStatusQueryToken(exit, t), statusQueryToken: t };
  }

  actBy(jobId: string | bigint, signer: string, action: 'sign' | 'reject'): { exitUrl?: string; statusQueryToken?: string } {
    const job = this.requireJob(jobId);
    return this.act(job, findSigner(job, signer), action);
  }

  setSignerStatus(jobId: string | bigint, signer: string, status: string): void {
    this.tick();
    const job = this.requireJob(jobId);
    const s = findSigner(job, signer);
    if (status === 'SIGNED' || status === 'REJECTED') {
      this.act(job, s, status === 'SIGNED' ? 'sign' : 'reject');
      return;
    }
    if (isTerminal(job)) throw new SimulatorError(409, 'JOB_NOT_IN_PROGRESS', `Job ${job.id} is ${job.status}`);
    if (setStatus(job, s, status, this.clock.now())) this.publish(job);
  }

  expireJob(jobId: string | bigint): void {
    this.tick();
    const job = this.requireJob(jobId);
    if (isTerminal(job)) throw new SimulatorError(409, 'JOB_NOT_IN_PROGRESS', `Job ${job.id} is ${job.status}`);
    expire(job, this.clock.now());
    this.publish(job);
  }

  jobUrl(job: Job): string {
    return jobBase(this.url, job);
  }
}
