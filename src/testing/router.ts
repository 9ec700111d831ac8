import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { isoWithOffset } from './clock.js';
import { NS_API, XmlInputError, child, parseXml, text } from './dom.js';
import { boundaryOf, parseMultipart } from './multipart.js';
import { buildPades } from './pades.js';
import { organizationNumberOf } from './pki.js';
import { HttpReply, XML, error, readBody, xml } from './http-reply.js';
import { displayPath } from './request-log.js';
import { directCreateResponse, directSignerResponse, portalCreateResponse, renderXml } from './responses.js';
import { validateAgainst, validateAll } from './schema-validator.js';
import type { CreateRequest, SimulatorCore } from './simulator-core.js';
import { queueKey } from './state/queues.js';
import { SimulatorError, cancel, isTerminal, signerLabel, token, type Flow, type Job } from './state/jobs.js';
import { BundleError, readBundle, verifyBundle } from './verify-asice.js';
import type { ZipEntry } from './zip-reader.js';
import { webRoute } from './web-routes.js';
import { buildXades } from './xades-artifact.js';

/**
 * HTTP routing for the API (/api, mutual TLS) and the simulated web front end and test hooks (/web, no client
 * certificate: a browser has none). URLs handed out are treated as opaque by clients, but they are shaped like
 * production's so logs look familiar.
 */
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class Router {
  private readonly dos = new Map<string, { windowStart: number; count: number; blockedUntil: number }>();
  /** Per organisation, arrival times within the last second (for stats.peakRequestsPerSecond). */
  private readonly recent = new Map<string, number[]>();

  constructor(private readonly core: SimulatorCore) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const core = this.core;
    core.stats.requests++;
    const faults = core.faults;
    if (faults.dropRemaining > 0) {
      faults.dropRemaining--;
      req.socket.destroy();
      return;
    }
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    let reply: HttpReply;
    try {
      core.tick();
      reply = await this.route(req);
    } catch (e) {
      if (e instanceof SimulatorError) reply = error(e.httpStatus, e.code, e.message);
      else reply = error(500, 'INTERNAL_SERVER_ERROR', (e as Error).message ?? String(e), 'SERVER');
    }
    // The dashboard's own traffic would drown what it is there to show.
    if (!(req.url ?? '').startsWith('/web/dashboard')) {
      core.requestLog.add({
        at: core.clock.now().toISOString(),
        method: req.method ?? 'GET',
        path: displayPath(req.url ?? '/'),
        status: reply.status,
        ...(reply.errorCode ? { errorCode: reply.errorCode } : {}),
      });
    }
    this.send(res, reply);
  }

  private send(res: ServerResponse, reply: HttpReply): void {
    if (res.destroyed) return;
    res.statusCode = reply.status;
    res.setHeader('Date', this.core.clock.now().toUTCString());
    for (const [k, v] of Object.entries(reply.headers)) res.setHeader(k, v);
    if (reply.body === undefined) {
      res.end();
      return;
    }
    const body = typeof reply.body === 'string' ? Buffer.from(reply.body, 'utf8') : reply.body;
    if (reply.contentType) res.setHeader('Content-Type', reply.contentType);
    res.setHeader('Content-Length', String(body.length));
    const stall = this.core.faults.stallAfterBytes;
    if (reply.download && stall !== undefined && stall < body.length) {
      // Part of the body, then nothing: the client's read timeout must fire.
      res.write(body.subarray(0, stall));
      return;
    }
    res.end(body);
  }

  private async route(req: IncomingMessage): Promise<HttpReply> {
    const url = new URL(req.url ?? '/', 'https://simulator.invalid');
    const path = url.pathname.replace(/\/+$/, '');
    const method = req.method ?? 'GET';
    if (path.startsWith('/web/')) return webRoute(this.core, req, method, path, url);
    const api = /^\/api\/([^/]+)(\/.*)?$/.exec(path);
    if (!api) return error(404, 'NOT_FOUND', `No resource at ${path}`);
    const org = decodeURIComponent(api[1]!);
    const rest = api[2] ?? '';

    const auth = this.authorize(req, org);
    if (auth instanceof HttpReply) return auth;
    const limited = this.rateLimit(auth);
    if (limited) return limited;
    const faults = this.core.faults;
    if (faults.failRemaining > 0) {
      faults.failRemaining--;
      return error(faults.failStatus, 'SIMULATED_FAILURE', `Simulated failure (HTTP ${faults.failStatus})`, 'SERVER');
    }

    if (rest === '') {
      if (method !== 'GET') return error(405, 'METHOD_NOT_ALLOWED', `${method} not allowed`);
      const body = auth === org ? `You are ${auth}` : `You are ${auth}, operating on behalf of ${org}`;
      return new HttpReply(200, body, 'text/plain; charset=utf-8');
    }
    const archive = /^\/archive\/documents\/([^/]+)\/pades$/.exec(rest);
    if (archive && method === 'GET') {
      const job = this.core.job(decodeURIComponent(archive[1]!));
      if (!job || job.organizationNumber !== org || job.status !== 'COMPLETED_SUCCESSFULLY' || job.documentsDeleted) {
        return error(404, 'DOCUMENT_NOT_FOUND', `No archived document ${archive[1]}`);
      }
      return new HttpReply(200, buildPades(job), 'application/octet-stream', {}, true);
    }
    const jobs = /^\/(direct|portal)\/signature-jobs(?:\/([^/]+)(\/.*)?)?$/.exec(rest);
    if (!jobs) return error(404, 'NOT_FOUND', `No resource at ${path}`);
    const flow = jobs[1] as Flow;
    if (jobs[2] === undefined) {
      if (method === 'POST') return this.create(req, flow, org, auth);
      if (method === 'GET') return this.poll(flow, org, url);
      return error(405, 'METHOD_NOT_ALLOWED', `${method} not allowed`);
    }
    const raw = this.core.rawChanges.get(jobs[2]);
    if (raw !== undefined && raw.organizationNumber === org && raw.flow === flow && jobs[3] === '/complete' && method === 'POST') {
      await readBody(req);
      this.core.queues.confirm(queueKey(org, flow, raw.queue), raw.id);
      raw.confirmed = true;
      return new HttpReply(this.core.options.confirmStatus, undefined);
    }
    const job = this.core.job(jobs[2]);
    if (!job || job.organizationNumber !== org || job.flow !== flow) {
      return error(404, 'SIGNATURE_JOB_NOT_FOUND', `No ${flow} signature job ${jobs[2]} for ${org}`);
    }
    return this.jobResource(req, method, job, jobs[3] ?? '', url);
  }

  private authorize(req: IncomingMessage, org: string): string | HttpReply {
    const socket = req.socket as TLSSocket;
    const peer = socket.authorized ? socket.getPeerCertificate(false) : undefined;
    if (!peer?.raw) return error(403, 'NOT_AUTHORIZED', 'A client certificate issued by a trusted CA is required');
    const certOrg = organizationNumberOf(peer.raw);
    const config = certOrg ? this.core.organizations.get(certOrg) : undefined;
    if (!certOrg || !config) {
      return error(403, 'NOT_AUTHORIZED', `Organization ${certOrg ?? '(none in certificate)'} does not have access to the API`);
    }
    if (certOrg !== org && !config.brokerFor.has(org)) {
      return error(403, 'BROKER_NOT_AUTHORIZED', `Organization ${certOrg} is not authorized to act on behalf of ${org}`);
    }
    return certOrg;
  }

  /** Jetty's DoSFilter as configured in production: per organisation, N requests a second, then a block. */
  private rateLimit(certOrg: string): HttpReply | undefined {
    this.countArrival(certOrg);
    const limit = this.core.options.rateLimit;
    if (!limit) return undefined;
    const now = this.core.clock.nowMs();
    let s = this.dos.get(certOrg);
    if (!s) {
      s = { windowStart: now, count: 0, blockedUntil: 0 };
      this.dos.set(certOrg, s);
    }
    if (now < s.blockedUntil) return new HttpReply(429, undefined, undefined, { DoSFilter: 'unavailable' });
    if (now - s.windowStart >= 1000) {
      s.windowStart = now;
      s.count = 0;
    }
    s.count++;
    if (s.count > limit.maxRequestsPerSecond) {
      s.blockedUntil = now + limit.blockSeconds * 1000;
      return new HttpReply(429, undefined, undefined, { DoSFilter: 'unavailable' });
    }
    return undefined;
  }

  /** A sliding window, unlike the DoS filter's fixed one: the peak over any 1000 ms. */
  private countArrival(certOrg: string): void {
    const now = this.core.clock.nowMs();
    let times = this.recent.get(certOrg);
    if (!times) this.recent.set(certOrg, (times = []));
    while (times.length > 0 && (times[0] as number) <= now - 1000) times.shift();
    times.push(now);
    const peaks = this.core.stats.peakRequestsPerSecond;
    peaks[certOrg] = Math.max(peaks[certOrg] ?? 0, times.length);
  }

  private async create(req: IncomingMessage, flow: Flow, org: string, certOrg: string): Promise<HttpReply> {
    const boundary = boundaryOf(req.headers['content-type']);
    if (!boundary) return error(415, 'UNSUPPORTED_MEDIA_TYPE', 'Expected multipart/mixed with a boundary');
    const body = await readBody(req);
    let parts;
    try {
      parts = parseMultipart(body, boundary);
    } catch (e) {
      return error(400, 'INVALID_MULTIPART', (e as Error).message);
    }
    // Exactly two parts (§2.1): one job request XML and one document bundle.
    const xmlPart = parts.find((p) => p.contentType === 'application/xml');
    const zipPart = parts.find((p) => p.contentType === 'application/octet-stream');
    if (parts.length !== 2 || !xmlPart || !zipPart) {
      return error(400, 'INVALID_MULTIPART', `Expected exactly two parts, application/xml and application/octet-stream; got ${parts.map((p) => p.contentType).join(', ') || 'none'}`);
    }
    const requestXml = xmlPart.body.toString('utf8');
    const rootName = `${flow}-signature-job-request`;
    // The container is read once; a broken one is reported after the request XML's own errors.
    let entries: ZipEntry[] | BundleError;
    try {
      entries = readBundle(zipPart.body);
    } catch (e) {
      if (!(e instanceof BundleError)) throw e;
      entries = e;
    }
    let manifestSchemaErrors: string | undefined;
    let request: CreateRequest;
    try {
      const doc = parseXml(requestXml, rootName);
      if (this.core.options.verifyUploads) {
        // The request and manifest.xml go to the long-lived validator together (its schema is already compiled).
        const docs = [{ fileName: 'request.xml', xml: requestXml }];
        const manifest = Array.isArray(entries) ? entries.find((e) => e.name === 'manifest.xml')?.data.toString('utf8') : undefined;
        // A DOCTYPE is refused by the manifest's own parse; it never reaches libxml2.
        if (manifest !== undefined && !/<!DOCTYPE/i.test(manifest)) docs.push({ fileName: 'manifest.xml', xml: manifest });
        const results = await validateAll(flow === 'direct' ? 'direct.xsd' : 'portal.xsd', docs);
        const invalid = results.get('request.xml');
        if (invalid) return error(400, 'SCHEMA_VALIDATION_ERROR', invalid);
        manifestSchemaErrors = results.get('manifest.xml');
      }
      const root = doc.documentElement;
      if (root.namespaceURI !== NS_API || root.localName !== rootName) {
        return error(400, 'SCHEMA_VALIDATION_ERROR', `Expected ${rootName} in ${NS_API}, got ${root.localName}`);
      }
      request = { pollingQueue: text(child(root, NS_API, 'polling-queue')) ?? '', polling: false };
      const reference = text(child(root, NS_API, 'reference'));
      if (reference !== undefined) request.reference = reference;
      const exits = child(root, NS_API, 'exit-urls');
      if (exits) {
        request.exitUrls = {
          completion: text(child(exits, NS_API, 'completion-url')) ?? '',
          rejection: text(child(exits, NS_API, 'rejection-url')) ?? '',
          error: text(child(exits, NS_API, 'error-url')) ?? '',
        };
      }
      request.polling = text(child(root, NS_API, 'status-retrieval-method')) === 'POLLING';
    } catch (e) {
      if (e instanceof XmlInputError) return error(400, 'SCHEMA_VALIDATION_ERROR', e.message);
      throw e;
    }
    const socket = req.socket as TLSSocket;
    try {
      if (entries instanceof BundleError) throw entries;
      const bundle = verifyBundle(entries, {
        flow,
        urlOrganization: org,
        clientCertificateDer: socket.getPeerCertificate(false)?.raw,
        authenticatedOrganization: certOrg,
        trustedIssuers: this.core.trustedSenderIssuers,
        publicSector: this.core.organizations.get(org)?.publicSector ?? this.core.organizations.get(certOrg)?.publicSector ?? false,
        verify: this.core.options.verifyUploads,
        manifestSchemaErrors,
        signingTimeToleranceSeconds: this.core.options.signingTimeToleranceSeconds,
      });
      const job = this.core.createJob(flow, org, request, bundle, requestXml);
      const doc = flow === 'direct' ? directCreateResponse(this.core.url, job) : portalCreateResponse(this.core.url, job);
      return xml(200, renderXml(doc, this.core.faults.exotic));
    } catch (e) {
      if (e instanceof BundleError) return error(400, e.code, e.message);
      throw e;
    }
  }

  private poll(flow: Flow, org: string, url: URL): HttpReply {
    const core = this.core;
    core.stats.polls++;
    // Absent, bare (`?polling_queue`) and empty all mean the default queue.
    const queue = url.searchParams.get('polling_queue') ?? '';
    const result = core.queues.poll(`${org}|${flow}|${queue}`, core.clock.nowMs());
    const header = { 'X-Next-permitted-poll-time': isoWithOffset(new Date(result.nextPermitted)) };
    if (result.kind === 'too-early') {
      core.stats.pollsBeforePermittedTime++;
      return new HttpReply(429, undefined, undefined, header);
    }
    if (result.kind === 'empty') return new HttpReply(204, undefined, undefined, header);
    if (typeof result.jobId === 'string') return xml(200, core.rawChanges.deliver(result.jobId), header);
    const job = core.requireJob(result.jobId);
    return xml(200, core.renderStatus(job), header);
  }

  private async jobResource(req: IncomingMessage, method: string, job: Job, rest: string, url: URL): Promise<HttpReply> {
    const core = this.core;
    if (rest === '/status' && method === 'GET' && job.flow === 'direct') {
      const t = url.searchParams.get('status_query_token') ?? '';
      if (job.statusQueryTokens.has(t)) return xml(200, core.renderStatus(job));
      // A token is minted when a ceremony ends, so a wrong one is wrong whatever the signers have done; only a
      // request without any token is told that no ceremony has completed yet (sim choice, see the README).
      if (t === '' && job.statusQueryTokens.size === 0) {
        return error(404, 'SIGNING_CEREMONY_NOT_COMPLETED', `No signer of job ${job.id} has completed the signing ceremony yet`);
      }
      return error(403, 'INVALID_STATUS_QUERY_TOKEN', 'The status query token is not valid for this job');
    }
    if (rest === '/complete' && method === 'POST') {
      await readBody(req);
      core.queues.confirm(core.queueKeyOf(job), job.id);
      job.confirmed = true;
      return new HttpReply(core.options.confirmStatus, undefined);
    }
    if (rest === '/pades' && method === 'GET') {
      const ready = job.flow === 'portal' ? job.signers.some((s) => s.status === 'SIGNED') : job.status === 'COMPLETED_SUCCESSFULLY';
      if (job.documentsDeleted) return error(404, 'DOCUMENTS_DELETED', `The documents of job ${job.id} have been deleted`);
      if (!ready) return error(404, 'PADES_NOT_AVAILABLE', `No PAdES for job ${job.id} yet`);
      return new HttpReply(200, buildPades(job), 'application/octet-stream', {}, true);
    }
    const xades = /^\/xades\/(\d+)$/.exec(rest);
    if (xades && method === 'GET') {
      if (job.documentsDeleted) return error(404, 'DOCUMENTS_DELETED', `The documents of job ${job.id} have been deleted`);
      const s = job.signers.find((x) => String(x.index) === xades[1]);
      if (!s || s.status !== 'SIGNED') return error(404, 'XADES_NOT_AVAILABLE', `No XAdES for signer ${xades[1]} of job ${job.id}`);
      const key = `${job.id}/${s.index}`;
      let doc = core.xadesCache.get(key);
      if (!doc) {
        doc = buildXades(job, s, core.pki.signerLeaf);
        core.xadesCache.set(key, doc);
      }
      return new HttpReply(200, doc, XML, {}, true);
    }
    if (rest === '/delete-documents' && method === 'DELETE') {
      if (!core.deletable(job)) {
        return error(409, 'DOCUMENTS_NOT_DELETABLE', `The documents of job ${job.id} cannot be deleted (not completed, already deleted, or too soon)`);
      }
      job.documentsDeleted = true;
      for (const d of job.documents) d.bytes = Buffer.alloc(0);
      return new HttpReply(204, undefined);
    }
    if (rest === '/cancel' && method === 'POST' && job.flow === 'portal') {
      await readBody(req);
      if (isTerminal(job)) return error(409, 'JOB_CANNOT_BE_CANCELLED', `Job ${job.id} is ${job.status} and cannot be cancelled`);
      cancel(job, core.clock.now());
      core.publish(job);
      return new HttpReply(204, undefined);
    }
    const signer = /^\/signers\/(\d+)$/.exec(rest);
    if (signer && method === 'POST' && job.flow === 'direct') {
      const body = await readBody(req);
      const s = job.signers.find((x) => String(x.index) === signer[1]);
      if (!s) return error(404, 'SIGNER_NOT_FOUND', `No signer ${signer[1]} in job ${job.id}`);
      if (body.toString('utf8').trim().length > 0) {
        const requestXml = body.toString('utf8');
        try {
          const doc = parseXml(requestXml, 'direct-signer-update-request');
          if (doc.documentElement.localName !== 'direct-signer-update-request' || doc.documentElement.namespaceURI !== NS_API) {
            return error(400, 'SCHEMA_VALIDATION_ERROR', `Expected direct-signer-update-request, got ${doc.documentElement.localName}`);
          }
          if (core.options.verifyUploads) {
            const invalid = await validateAgainst('direct.xsd', requestXml, 'signer-update.xml');
            if (invalid) return error(400, 'SCHEMA_VALIDATION_ERROR', invalid);
          }
        } catch (e) {
          if (e instanceof XmlInputError) return error(400, 'SCHEMA_VALIDATION_ERROR', e.message);
          throw e;
        }
      }
      if (s.status !== 'WAITING' || isTerminal(job)) {
        return error(409, 'SIGNER_ALREADY_FINISHED', `Signer ${signerLabel(s)} is ${s.status}; no new redirect URL can be issued`);
      }
      core.newRedirectToken(job, s);
      return xml(200, renderXml(directSignerResponse(core.url, job, s, true), core.faults.exotic));
    }
    return error(404, 'NOT_FOUND', `No resource ${method} ${rest} on job ${job.id}`);
  }
}
