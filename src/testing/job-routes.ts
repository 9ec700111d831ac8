import type { IncomingMessage } from 'node:http';
import { NS_API, XmlInputError, parseXml } from './dom.js';
import { HttpReply, XML, error, readBody, xml } from './http-reply.js';
import { buildPades } from './pades.js';
import { directSignerResponse, renderXml } from './responses.js';
import { validateAgainst } from './schema-validator.js';
import type { SimulatorCore } from './simulator-core.js';
import { cancel, isTerminal, signerLabel, type Job } from './state/jobs.js';
import { buildXades } from './xades-artifact.js';

/**
 * The routes under a job's URL (`/api/{org}/{flow}/signature-jobs/{id}/…`): status, confirm, PAdES, XAdES, delete
 * documents, cancel and a signer's new redirect URL. The job is already found and checked to belong to the caller.
 */
export async function jobRoute(core: SimulatorCore, req: IncomingMessage, method: string, job: Job, rest: string, url: URL): Promise<HttpReply> {
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
