import { randomBytes } from 'node:crypto';
import type { ManifestDocument, ManifestSigner } from '../verify-asice.js';

/**
 * Signature job state and its transitions. Time-based transitions (activation, group deadlines, 30-day direct
 * expiry) are evaluated lazily by tick(now), so advanceTime() needs no timers.
 */
export type Flow = 'direct' | 'portal';
export type JobStatus = 'IN_PROGRESS' | 'COMPLETED_SUCCESSFULLY' | 'FAILED';

export const DEFAULT_AVAILABLE_SECONDS = 30 * 24 * 3600;

/** Signer statuses after which the job can no longer complete successfully. */
const FAILING = new Set(['REJECTED', 'EXPIRED', 'FAILED', 'CANCELLED', 'RESERVED', 'BLOCKED', 'CONTACT_INFORMATION_MISSING', 'SIGNERS_NAME_NOT_AVAILABLE']);

export interface SignerState {
  /** 1-based, used in the signer and xades URLs. */
  index: number;
  pin?: string;
  customId?: string;
  email?: string;
  mobile?: string;
  order: number;
  status: string;
  since: Date;
  signedAt?: Date;
  /** Current single-use redirect token (direct). */
  redirectToken?: string;
  /** Browser session opened from the redirect token, so a page refresh keeps working. */
  sessionId?: string;
}

export interface Job {
  id: bigint;
  flow: Flow;
  organizationNumber: string;
  reference?: string;
  pollingQueue: string;
  polling: boolean;
  exitUrls?: { completion: string; rejection: string; error: string };
  title: string;
  description?: string;
  documents: ManifestDocument[];
  manifestXml: string;
  requestXml: string;
  signers: SignerState[];
  status: JobStatus;
  createdAt: Date;
  completedAt?: Date;
  activationTime: Date;
  availableSeconds: number;
  statusQueryTokens: Set<string>;
  documentsDeleted: boolean;
  confirmed: boolean;
}

export class SimulatorError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function token(): string {
  return randomBytes(24).toString('hex');
}

export function signerFromManifest(s: ManifestSigner, index: number, now: Date): SignerState {
  const state: SignerState = { index, order: s.order, status: 'WAITING', since: now };
  if (s.pin) state.pin = s.pin;
  if (s.customId) state.customId = s.customId;
  if (s.email) state.email = s.email;
  if (s.mobile) state.mobile = s.mobile;
  return state;
}

/** The name a test (or devmodesign caller) uses for a signer: PIN, custom id, e-mail, mobile, or the index. */
export function findSigner(job: Job, who: string): SignerState {
  const s =
    job.signers.find((x) => x.pin === who || x.customId === who || x.email === who || x.mobile === who) ??
    (/^\d{1,2}$/.test(who) ? job.signers.find((x) => String(x.index) === who) : undefined);
  if (!s) throw new SimulatorError(404, 'SIGNER_NOT_FOUND', `Job ${job.id} has no signer ${who}`);
  return s;
}

export function signerLabel(s: SignerState): string {
  return s.pin ?? s.customId ?? s.email ?? s.mobile ?? String(s.index);
}

export function isTerminal(job: Job): boolean {
  return job.status !== 'IN_PROGRESS';
}

/** Orders of the signers still to act, lowest first; the first is the active group. */
function activeGroupOrder(job: Job): number | undefined {
  const waiting = job.signers.filter((s) => s.status !== 'SIGNED').map((s) => s.order);
  return waiting.length ? Math.min(...waiting) : undefined;
}

/** When the group of `order` became active: activation time for the first, else when the previous group finished. */
function groupActiveSince(job: Job, order: number): number {
  const earlier = job.signers.filter((s) => s.order < order);
  const lastSigned = Math.max(job.activationTime.getTime(), ...earlier.map((s) => s.signedAt?.getTime() ?? 0));
  return lastSigned;
}

export function isActive(job: Job, now: number): boolean {
  return job.flow === 'direct' || now >= job.activationTime.getTime();
}

/** Whether this signer may act right now (job active, its group reached, still waiting). */
export function assertCanAct(job: Job, s: SignerState, now: number): void {
  if (isTerminal(job)) throw new SimulatorError(409, 'JOB_NOT_IN_PROGRESS', `Job ${job.id} is ${job.status}`);
  if (s.status !== 'WAITING') throw new SimulatorError(409, 'SIGNER_ALREADY_FINISHED', `Signer ${signerLabel(s)} is ${s.status}`);
  if (!isActive(job, now)) throw new SimulatorError(409, 'JOB_NOT_ACTIVE', `Job ${job.id} is not active until ${job.activationTime.toISOString()}`);
  if (job.flow === 'portal' && s.order !== activeGroupOrder(job)) {
    throw new SimulatorError(409, 'SIGNER_NOT_ACTIVE', `Signer ${signerLabel(s)} (order ${s.order}) must wait for earlier signers`);
  }
}

/**
 * Applies a signer status and derives the job status. Returns true when anything changed (the caller publishes).
 * A failing status ends the job: everyone still waiting becomes `othersBecome`.
 */
export function setStatus(job: Job, s: SignerState, status: string, at: Date, othersBecome = 'NOT_APPLICABLE'): boolean {
  if (s.status === status) return false;
  s.status = status;
  s.since = at;
  if (status === 'SIGNED') s.signedAt = at;
  if (FAILING.has(status)) {
    for (const o of job.signers) {
      if (o !== s && o.status === 'WAITING') {
        o.status = othersBecome;
        o.since = at;
      }
    }
    job.status = 'FAILED';
    job.completedAt = at;
  } else if (job.signers.every((o) => o.status === 'SIGNED')) {
    job.status = 'COMPLETED_SUCCESSFULLY';
    job.completedAt = at;
  }
  // Direct ceremonies end with the signer: revoke their browser access.
  if (status !== 'WAITING') {
    delete s.redirectToken;
    delete s.sessionId;
  }
  return true;
}

/** Time-based transitions up to `now`. Returns the jobs that changed. */
/** When `tickJob` will next change this job (an expiry), or Infinity: lets the simulator skip idle ticks. */
export function nextDeadline(job: Job): number {
  if (isTerminal(job)) return Infinity;
  if (job.flow === 'direct') return job.createdAt.getTime() + DEFAULT_AVAILABLE_SECONDS * 1000;
  const order = activeGroupOrder(job);
  if (order === undefined) return Infinity;
  return Math.max(job.activationTime.getTime(), groupActiveSince(job, order) + job.availableSeconds * 1000);
}

export function tickJob(job: Job, now: number): boolean {
  if (isTerminal(job)) return false;
  if (job.flow === 'direct') {
    const deadline = job.createdAt.getTime() + DEFAULT_AVAILABLE_SECONDS * 1000;
    if (now < deadline) return false;
    return expire(job, new Date(deadline));
  }
  if (now < job.activationTime.getTime()) return false;
  const order = activeGroupOrder(job);
  if (order === undefined) return false;
  const deadline = groupActiveSince(job, order) + job.availableSeconds * 1000;
  if (now < deadline) return false;
  return expire(job, new Date(deadline));
}

export function expire(job: Job, at: Date): boolean {
  if (isTerminal(job)) return false;
  let changed = false;
  for (const s of job.signers) {
    if (s.status === 'WAITING') {
      s.status = 'EXPIRED';
      s.since = at;
      delete s.redirectToken;
      delete s.sessionId;
      changed = true;
    }
  }
  job.status = 'FAILED';
  job.completedAt = at;
  return changed || true;
}

export function cancel(job: Job, at: Date): void {
  for (const s of job.signers) {
    if (s.status === 'WAITING') {
      s.status = 'CANCELLED';
      s.since = at;
    }
  }
  job.status = 'FAILED';
  job.completedAt = at;
}
