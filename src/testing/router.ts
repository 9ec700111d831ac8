import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { isoWithOffset } from './clock.js';
import { NS_API, XmlInputError, child, parseXml, text } from './dom.js';
import { boundaryOf, parseMultipart } from './multipart.js';
import { buildPades } from './pades.js';
import { organizationNumberOf } from './pki.js';
import { HttpReply, error, readBody, xml } from './http-reply.js';
import { displayPath } from './request-log.js';
import { directCreateResponse, portalCreateResponse, renderXml } from './responses.js';
import { validateAll } from './schema-validator.js';
import type { CreateRequest, SimulatorCore } from './simulator-core.js';
import { queueKey } from './state/queues.js';
import { SimulatorError, type Flow } from './state/jobs.js';
import { BundleError, readBundle, verifyBundle } from './verify-asice.js';
import type { ZipEntry } from './zip-reader.js';
import { webRoute } from './web-routes.js';
import { DosFilter } from './dos-filter.js';
import { jobRoute } from './job-routes.js';

/**
 * HTTP routing for the API (/api, mutual TLS) and the simulated web front end and test hooks (/web, no client
 * certificate: a browser has none). URLs handed out are treated as opaque by clients, but they are shaped like
 * production's so logs look familiar.
 */
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class Router {
  private readonly dos: DosFilter;

  constructor(private readonly core: SimulatorCore) {
    this.dos = new DosFilter(core);
  }

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
    const limited = this.dos.check(auth);
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
    return jobRoute(this.core, req, method, job, jobs[3] ?? '', url);
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
      return error(
        400,
        'INVALID_MULTIPART',
        `Expected exactly two parts, application/xml and application/octet-stream; got ${parts.map((p) => p.contentType).join(', ') || 'none'}`,
      );
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
}
