import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Environment } from '../core/environment.js';
import { SimulatorClock } from './clock.js';
import { Faults } from './faults.js';
import { DEFAULT_SIGNING_TIME_TOLERANCE_SECONDS } from './bundle-rules.js';
import { POSTEN_ORG, createPki } from './pki.js';
import { Router } from './router.js';
import { SimulatorCore, type OrganizationConfig } from './simulator-core.js';
import { signerLabel } from './state/jobs.js';
import { queueKey } from './state/queues.js';
import type { EnqueuedStatusChange, SimulatedJobView, Simulator, SimulatorOptions } from './types.js';

/** Production's DoSFilter (protocol §9.1): 10 requests a second per organisation, then 30 s of 429. */
const DEFAULT_RATE_LIMIT = { maxRequestsPerSecond: 10, blockSeconds: 30 };

/** Options are checked when the simulator starts, not on the first request that needs them. */
function seconds(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a non-negative number of seconds, got ${value}`);
  return value;
}

function resolveRateLimit(value: SimulatorOptions['rateLimit']): { maxRequestsPerSecond: number; blockSeconds: number } | false {
  if (value === undefined) return DEFAULT_RATE_LIMIT;
  if (value === false) return false;
  const limit = typeof value === 'number' ? { ...DEFAULT_RATE_LIMIT, maxRequestsPerSecond: value } : value;
  if (!Number.isInteger(limit.maxRequestsPerSecond) || limit.maxRequestsPerSecond < 1) {
    throw new RangeError(`rateLimit.maxRequestsPerSecond must be a positive integer, got ${limit.maxRequestsPerSecond}`);
  }
  seconds('rateLimit.blockSeconds', limit.blockSeconds, 0);
  return limit;
}

/** Starts the simulator on 127.0.0.1 with mutual TLS and returns its control handle. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const orgList = options.organizations?.length
    ? options.organizations
    : [{ organizationNumber: '123456789', name: 'Simulated public sender', publicSector: true }];
  const organizations = new Map<string, OrganizationConfig>();
  for (const o of orgList) {
    if (!/^\d{9}$/.test(o.organizationNumber)) throw new RangeError(`organizationNumber must be 9 digits, got ${o.organizationNumber}`);
    organizations.set(o.organizationNumber, {
      organizationNumber: o.organizationNumber,
      name: o.name ?? `Organization ${o.organizationNumber}`,
      publicSector: o.publicSector ?? true,
      brokerFor: new Set(o.brokerFor ?? []),
    });
  }
  const firstOrg = orgList[0]!.organizationNumber;
  const serverOrg = options.serverOrganizationNumber ?? POSTEN_ORG;
  const pki = createPki([...organizations.keys()], serverOrg);
  const clock = new SimulatorClock(options.now);

  // Assigned once below; the fault injector's callback, made before it, reads it.
  // eslint-disable-next-line prefer-const
  let server: Server | undefined;
  const faults = new Faults((org) => {
    // Swapping the secure context affects new connections only, like a redeploy with another certificate.
    const c = org ? pki.serverCertificateFor(org) : { key: pki.server.keyPem, cert: pki.serverChainPem };
    server?.setSecureContext({ ...tlsOptions, key: c.key, cert: c.cert });
  });
  const tlsOptions = {
    key: pki.server.keyPem,
    cert: pki.serverChainPem,
    ca: [pki.ca.certPem, pki.senderCa.certPem],
    // The certificate is requested but checked per route: the API needs it, the signing page (a browser) has none.
    requestCert: true,
    rejectUnauthorized: false,
    minVersion: 'TLSv1.2' as const,
  };
  const core = new SimulatorCore(
    clock,
    pki,
    organizations,
    {
      emptyQueueDelaySeconds: seconds('emptyQueueDelaySeconds', options.emptyQueueDelaySeconds, 600),
      redeliverAfterSeconds: seconds('redeliverAfterSeconds', options.redeliverAfterSeconds, 600),
      deletableAfterSeconds: seconds('deletableAfterSeconds', options.deletableAfterSeconds, 86_400),
      rateLimit: resolveRateLimit(options.rateLimit),
      signingTimeToleranceSeconds: seconds('signingTimeToleranceSeconds', options.signingTimeToleranceSeconds, DEFAULT_SIGNING_TIME_TOLERANCE_SECONDS),
      verifyUploads: options.verifyUploads ?? true,
      confirmStatus: options.confirmStatus ?? 204,
    },
    faults,
    options.firstJobId ?? 1n,
  );
  const router = new Router(core);
  server = createServer(tlsOptions, (req, res) => {
    router.handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) {
        res.statusCode = 500;
        res.end(String(e));
      } else res.destroy();
    });
  });
  // Sockets can be left hanging on purpose (stall fault); close() must not wait for them.
  await new Promise<void>((resolve, reject) => {
    server!.once('error', reject);
    server!.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `https://127.0.0.1:${port}`;
  core.url = url;
  const environment = Environment.custom({ url, trustedCertificates: [pki.ca.certPem], name: 'simulator' });
  const first = pki.senderFor(firstOrg);

  const view = (id: string | bigint): SimulatedJobView | undefined => {
    core.tick();
    const job = core.job(id);
    if (!job) return undefined;
    return {
      id: String(job.id),
      flow: job.flow,
      organizationNumber: job.organizationNumber,
      status: job.status,
      ...(job.reference !== undefined ? { reference: job.reference } : {}),
      pollingQueue: job.pollingQueue,
      title: job.title,
      activationTime: job.activationTime,
      signers: job.signers.map((s) => ({
        identifier: signerLabel(s),
        ...(s.pin !== undefined ? { personalIdentificationNumber: s.pin } : {}),
        ...(s.customId !== undefined ? { customIdentifier: s.customId } : {}),
        ...(s.email !== undefined ? { email: s.email } : {}),
        ...(s.mobile !== undefined ? { mobile: s.mobile } : {}),
        order: s.order,
        status: s.status,
        since: s.since,
      })),
      documents: job.documents.map((d) => ({ href: d.href, mime: d.mime, title: d.title, bytes: new Uint8Array(d.bytes) })),
      manifestXml: job.manifestXml,
      requestXml: job.requestXml,
      documentsDeleted: job.documentsDeleted,
      confirmed: job.confirmed,
    };
  };

  const simulator: Simulator = {
    url,
    dashboardUrl: `${url}/web/dashboard`,
    environment,
    organizationNumber: firstOrg,
    senderCertificate: { pkcs12: first.pkcs12, password: first.password },
    senderCertificatePem: { key: first.key, cert: first.cert },
    certificateFor(org: string, o?: { renewal?: boolean }) {
      const c = pki.senderFor(org, o?.renewal ?? false);
      return { pkcs12: c.pkcs12, password: c.password, key: c.key, cert: c.cert };
    },
    caCertificatePem: pki.ca.certPem,
    async sign(jobId, signer) {
      return core.actBy(jobId, signer, 'sign');
    },
    async reject(jobId, signer) {
      return core.actBy(jobId, signer, 'reject');
    },
    async setSignerStatus(jobId, signer, status) {
      core.setSignerStatus(jobId, signer, status);
    },
    async expire(jobId) {
      core.expireJob(jobId);
    },
    advanceTime(ms: number) {
      clock.advance(ms);
      core.tick();
    },
    now: () => clock.now(),
    faults,
    stats: core.stats,
    job: view,
    enqueueStatusChange(xml, options = {}): EnqueuedStatusChange {
      const org = options.organizationNumber ?? firstOrg;
      if (!organizations.has(org)) throw new RangeError(`No simulated organisation ${org}`);
      const render = (confirmationUrl: string): string => (typeof xml === 'string' ? xml : xml({ confirmationUrl }));
      const flow = options.flow ?? /^(?:\uFEFF)?(?:<\?[\s\S]*?\?>|<!--[\s\S]*?-->|\s)*<(?:[^\s>:]+:)?(direct|portal)-/.exec(render(''))?.[1];
      if (flow !== 'direct' && flow !== 'portal') throw new RangeError('enqueueStatusChange: say the flow ({ flow: "direct" | "portal" }); the XML does not');
      const queue = options.queue ?? '';
      const urlOf = (id: string): string => `${url}/api/${org}/${flow}/signature-jobs/${id}/complete`;
      const change = core.rawChanges.add(org, flow, queue, (id) => render(urlOf(id)));
      core.queues.publish(queueKey(org, flow, queue), change.id);
      return {
        id: change.id,
        confirmationUrl: urlOf(change.id),
        get deliveries() {
          return change.deliveries;
        },
        get confirmed() {
          return change.confirmed;
        },
      };
    },
    async close() {
      await new Promise<void>((resolve) => {
        server!.close(() => resolve());
        server!.closeAllConnections();
      });
    },
  };
  return simulator;
}
