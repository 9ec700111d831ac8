import { readFile } from 'node:fs/promises';
import { Environment } from '../core/environment.js';
import { ConfigurationError } from '../errors/index.js';
import { certificateChecks, type DoctorCheck } from './doctor-certificate.js';
import { liveChecks } from './doctor-live.js';
import { promptPassword, type PromptInput } from './password-prompt.js';

/** The environment variable the doctor reads the certificate password from. */
export const PASSWORD_VARIABLE = 'POSTEN_SIGNERING_CERTIFICATE_PASSWORD';

/** The doctor's help text (`posten-signering doctor --help`). */
export const DOCTOR_USAGE = `Usage: posten-signering doctor --certificate FILE [--environment test|production] [--url URL --ca FILE...]
                               [--server-org NUMBER] [--json]

Checks an organisation certificate and the connection to Posten signering, one line per check.
  --certificate FILE   the organisation certificate: PKCS#12 (.p12/.pfx), or PEM with key and certificate
  --environment ENV    test (default) or production: its URL, CAs and Posten's organisation number
  --url URL            another API root (the part before /api), e.g. the simulator's
  --ca FILE            with --url: PEM CA certificate(s) to trust instead of the environment's (repeatable)
  --server-org NUMBER  the organisation number the server's certificate must carry (default 984661185)
  --json               print { ok, checks: [{ name, ok, detail }] } instead of lines
The password is read from ${PASSWORD_VARIABLE}, or asked for without echo on a terminal; never from the
command line. Exit status 0 only when every check passes.`;

/** What the doctor reads and writes; the real process by default, replaced in tests. */
export interface DoctorIo {
  env: Readonly<Record<string, string | undefined>>;
  stdin: PromptInput;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  now: () => Date;
}

interface DoctorOptions {
  certificate: string;
  environment: 'test' | 'production';
  url: string | undefined;
  ca: string[];
  serverOrg: string | undefined;
  json: boolean;
}

class UsageError extends Error {}

/**
 * `posten-signering doctor`: diagnoses an organisation certificate and the way to the API, the first command a
 * new integrator runs. Resolves to the exit status: 0 when every check passes, 1 when one fails, 2 on wrong usage.
 */
export async function runDoctor(args: readonly string[], io: DoctorIo = processIo()): Promise<number> {
  let options: DoctorOptions | undefined;
  let environment: Environment;
  try {
    options = parse(args);
    if (options === undefined) {
      io.stdout(`${DOCTOR_USAGE}\n`);
      return 0;
    }
    environment = await environmentFor(options);
  } catch (e) {
    if (!(e instanceof UsageError) && !(e instanceof ConfigurationError)) throw e;
    io.stderr(`${e.message}\n\n${DOCTOR_USAGE}\n`);
    return 2;
  }
  const password = await passwordFrom(io);
  const findings = await certificateChecks(options.certificate, password, environment, io.now());
  const checks: DoctorCheck[] = [...findings.checks, ...(await liveChecks(environment, findings, io.env))];
  const ok = checks.every((c) => c.ok);
  if (options.json) {
    io.stdout(`${JSON.stringify({ ok, checks })}\n`);
  } else {
    const width = Math.max(...checks.map((c) => c.name.length));
    io.stdout(`posten-signering doctor: ${options.certificate} against ${environment.name} (${environment.url})\n`);
    for (const c of checks) io.stdout(`${c.ok ? 'ok  ' : 'FAIL'}  ${c.name.padEnd(width)}  ${c.detail.replace(/\s*\n\s*/g, ' ')}\n`);
    const failed = checks.filter((c) => !c.ok).length;
    io.stdout(failed === 0 ? `All ${checks.length} checks passed.\n` : `${failed} of ${checks.length} checks failed.\n`);
  }
  return ok ? 0 : 1;
}

function parse(args: readonly string[]): DoctorOptions | undefined {
  const options: Partial<DoctorOptions> & { ca: string[]; json: boolean } = { ca: [], json: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const value = (): string => {
      const v = args[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === '--help' || arg === '-h') return undefined;
    else if (arg === '--certificate') options.certificate = value();
    else if (arg === '--environment') {
      const v = value();
      if (v !== 'test' && v !== 'production') throw new UsageError(`--environment must be test or production, got "${v}"`);
      options.environment = v;
    } else if (arg === '--url') options.url = value();
    else if (arg === '--ca') options.ca.push(value());
    else if (arg === '--server-org') options.serverOrg = value();
    else if (arg === '--json') options.json = true;
    else if (/^--?(password|passphrase|pass|p)(=|$)/.test(arg)) {
      throw new UsageError(
        `The password is never taken from the command line (other users see it in the process list, and it stays in your shell history). Set ${PASSWORD_VARIABLE}, or run on a terminal to be asked.`,
      );
    } else throw new UsageError(`Unknown argument "${arg}"`);
  }
  if (options.certificate === undefined) throw new UsageError('--certificate FILE is required');
  if (options.ca.length > 0 && options.url === undefined) throw new UsageError('--ca needs --url: the built-in environments trust only their own CAs');
  return { environment: 'test', url: undefined, serverOrg: undefined, ...options, certificate: options.certificate };
}

async function environmentFor(options: DoctorOptions): Promise<Environment> {
  const base = options.environment === 'production' ? Environment.production : Environment.test;
  if (options.url === undefined && options.serverOrg === undefined) return base;
  let anchors: string[] | undefined;
  if (options.ca.length > 0) {
    anchors = [];
    for (const file of options.ca) {
      const text = await readFile(file, 'utf8').catch((e: Error) => {
        throw new UsageError(`Cannot read --ca ${file}: ${e.message}`);
      });
      const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
      if (blocks === null) throw new UsageError(`--ca ${file} holds no PEM certificate`);
      anchors.push(...blocks.map((b) => `${b}\n`));
    }
  }
  return Environment.custom({
    url: options.url ?? base.url,
    trustedCertificates: anchors ?? base.trustedCertificates,
    // With its own CAs the environment is custom all through; otherwise it is the named one at another address.
    ...(anchors === undefined ? { trustedSenderCertificates: base.trustedSenderCertificates } : {}),
    ...(options.serverOrg === undefined ? {} : { serverOrganizationNumber: options.serverOrg }),
    name: anchors === undefined ? base.name : 'custom',
  });
}

async function passwordFrom(io: DoctorIo): Promise<string | undefined> {
  const fromEnv = io.env[PASSWORD_VARIABLE];
  if (fromEnv !== undefined) return fromEnv;
  if (io.stdin.isTTY !== true) return undefined;
  try {
    return await promptPassword('Certificate password (not shown): ', io.stdin, io.stderr);
  } catch {
    return undefined;
  }
}

function processIo(): DoctorIo {
  return {
    env: process.env,
    stdin: process.stdin,
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    now: () => new Date(),
  };
}
