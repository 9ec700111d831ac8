import { connect as netConnect, type Socket } from 'node:net';
import { ClientConfiguration } from '../core/client-configuration.js';
import type { Environment } from '../core/environment.js';
import { openTunnel } from '../core/http/connector.js';
import { probeServerIdentity } from '../core/http/server-probe.js';
import { redactedUrl } from '../core/safe-view.js';
import type { CertificateInput } from '../crypto/certificate-input.js';
import { DirectClient } from '../direct/direct-client.js';
import { BrokerNotAuthorizedError, NotAuthorizedError } from '../errors/index.js';
import { Sender } from '../model/index.js';
import type { CertificateFindings, DoctorCheck } from './doctor-certificate.js';

/** How long each network step may take. */
const TIMEOUT_MS = 10_000;

/**
 * The checks that talk to the server: it is reachable (through `HTTPS_PROXY` when set), it is who it must be
 * (chain to the environment's anchors and organisation number, judged without presenting our certificate), and
 * the who-am-I call, which shows the organisation the server sees.
 */
export async function liveChecks(
  environment: Environment,
  findings: CertificateFindings,
  env: Readonly<Record<string, string | undefined>>,
): Promise<DoctorCheck[]> {
  const url = new URL(environment.url);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || 443);
  const proxy = proxyFor(url, env);
  const via = proxy === undefined ? '' : ` through the proxy ${redactedUrl(proxy)}`;
  const checks: DoctorCheck[] = [];

  const started = Date.now();
  let reached: Socket;
  try {
    reached = await open(host, port, proxy);
    reached.destroy();
    checks.push({ name: 'server-reachable', ok: true, detail: `${host}:${port} answered${via} in ${Date.now() - started} ms` });
  } catch (e) {
    checks.push({ name: 'server-reachable', ok: false, detail: `${host}:${port} cannot be reached${via}: ${unreachableHint(e as NodeJS.ErrnoException)}` });
    checks.push({ name: 'server-identity', ok: false, detail: 'not checked: the server is not reachable' });
    checks.push({ name: 'who-am-i', ok: false, detail: 'not checked: the server is not reachable' });
    return checks;
  }

  const probe = await probeServerIdentity(
    { host, port, ...(proxy === undefined ? {} : { socket: await open(host, port, proxy) }) },
    { trustedCertificates: environment.trustedCertificates, serverOrganizationNumber: environment.serverOrganizationNumber, environmentName: environment.name },
    TIMEOUT_MS,
  );
  if (probe.problem !== undefined) {
    checks.push({ name: 'server-identity', ok: false, detail: probe.problem.message });
    checks.push({ name: 'who-am-i', ok: false, detail: 'not checked: the server failed its identity check, so the certificate is not presented to it' });
    return checks;
  }
  checks.push({
    name: 'server-identity',
    ok: true,
    detail: `organisation ${probe.organizationNumber ?? '?'}, chain ends in a CA trusted for "${environment.name}": ${probe.certificate ?? ''}`,
  });

  checks.push(await whoAmI(environment, findings.input, findings.organizationNumber, proxy));
  return checks;
}

async function whoAmI(
  environment: Environment,
  input: CertificateInput | undefined,
  organizationNumber: string | undefined,
  proxy: URL | undefined,
): Promise<DoctorCheck> {
  if (input === undefined || organizationNumber === undefined) {
    return { name: 'who-am-i', ok: false, detail: 'not checked: needs a certificate that opens and names an organisation' };
  }
  const client = new DirectClient(
    new ClientConfiguration({
      environment,
      certificate: input,
      maxRetries: 0,
      timeouts: { connectMs: TIMEOUT_MS, responseMs: TIMEOUT_MS },
      ...(proxy === undefined ? {} : { proxy }),
    }),
  );
  try {
    const answer = await client.whoAmI(new Sender(organizationNumber));
    const seen = /\b(\d{9})\b/.exec(answer)?.[1];
    if (seen !== organizationNumber) {
      return {
        name: 'who-am-i',
        ok: false,
        detail: `the server answered "${answer}", not naming ${organizationNumber}: check that this is the certificate you think it is`,
      };
    }
    return { name: 'who-am-i', ok: true, detail: `the server sees organisation ${seen}: "${answer}"` };
  } catch (e) {
    const hint =
      e instanceof NotAuthorizedError || e instanceof BrokerNotAuthorizedError
        ? ': the certificate is fine, but the organisation has no access to the signature API yet; ask Posten to enable it'
        : '';
    return { name: 'who-am-i', ok: false, detail: `${(e as Error).message}${hint}` };
  } finally {
    await client.close();
  }
}

/** A TCP connection to host:port, directly or as a CONNECT tunnel through the proxy. */
function open(host: string, port: number, proxy: URL | undefined): Promise<Socket> {
  if (proxy !== undefined) return openTunnel(proxy, host, String(port), TIMEOUT_MS);
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(Object.assign(new Error(`no answer within ${TIMEOUT_MS} ms`), { code: 'ETIMEDOUT' }));
    }, TIMEOUT_MS);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

function unreachableHint(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'ECONNREFUSED':
      return 'connection refused, nothing listens there: check the URL and its port';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name does not resolve: check the URL and DNS';
    case 'ETIMEDOUT':
      return `${e.message}: a firewall may drop outgoing HTTPS; open it, or set HTTPS_PROXY to your proxy`;
    default:
      return e.message;
  }
}

/** `HTTPS_PROXY` (or `https_proxy`) unless `NO_PROXY` names the host (exactly, as a domain suffix, or `*`). */
export function proxyFor(url: URL, env: Readonly<Record<string, string | undefined>>): URL | undefined {
  const value = env.HTTPS_PROXY ?? env.https_proxy;
  if (value === undefined || value === '') return undefined;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const exempt = (env.NO_PROXY ?? env.no_proxy ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase().replace(/:\d+$/, ''))
    .filter((s) => s !== '');
  if (exempt.some((e) => e === '*' || host === e.replace(/^\./, '') || host.endsWith(e.startsWith('.') ? e : `.${e}`))) return undefined;
  return new URL(value);
}
