import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { startSimulator, type SimulatorOptions } from '../testing/index.js';

/**
 * `posten-signering simulator [options]`: runs the simulator standalone so another process (or a developer with
 * curl, or the Java client) can use it. Writes the CA and sender credentials to DIR and stays up until SIGINT,
 * SIGTERM or SIGHUP, or until the process that started it is gone (npx, a test runner killed with SIGKILL).
 */
export const SIMULATOR_USAGE = `Usage: posten-signering simulator [options]

  --port <n>                        port on 127.0.0.1 (default 0: a free port)
  --out <dir>                       where the CA and sender credentials are written (default ./simulator-certificates)
  --json                            print one JSON line with the URL and file names instead of the text
  --rate-limit <n>|off              requests a second per organisation before 30 s of 429s
                                    (default 10: production's DoSFilter, protocol §9.1)
  --empty-queue-delay <s>           after an empty poll the queue is closed this long
                                    (default 600: production, protocol §9.6)
  --redeliver-after <s>             an unconfirmed status change comes back after this
                                    (default 600: production's 10 minutes, protocol §9.6)
  --documents-deletable-after <s>   delete-documents-url is offered this long after completion
                                    (default 86400: production's 24 h, protocol §9.4)
  --signing-time-tolerance <s>      how far XAdES SigningTime may be from real time
                                    (default 5: the documented ±5 s, protocol §3.3)
  --help                            this text

The simulator stops on SIGINT, SIGTERM and SIGHUP, and when its parent process exits.`;

function secondsArg(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (value === undefined || value.trim() === '' || !Number.isFinite(n) || n < 0)
    throw new Error(`${flag} needs a number of seconds ≥ 0, got ${value ?? 'nothing'}`);
  return n;
}

/** The options a command line asks for; throws with the flag's name on anything it does not understand. */
export function parseSimulatorArgs(args: readonly string[]): { port: number; out: string; json: boolean; help: boolean; options: SimulatorOptions } {
  const parsed = { port: 0, out: './simulator-certificates', json: false, help: false, options: {} as SimulatorOptions };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = (): string | undefined => args[++i];
    if (a === '--port') {
      const v = value();
      parsed.port = Number(v);
      if (v === undefined || !Number.isInteger(parsed.port) || parsed.port < 0 || parsed.port > 65535)
        throw new Error(`--port must be 0..65535, got ${v ?? 'nothing'}`);
    } else if (a === '--out') parsed.out = value() ?? parsed.out;
    else if (a === '--json') parsed.json = true;
    else if (a === '--rate-limit') {
      const v = value();
      if (v === 'off') parsed.options.rateLimit = false;
      else if (v !== undefined && /^[1-9]\d*$/.test(v)) parsed.options.rateLimit = Number(v);
      else throw new Error(`--rate-limit needs a positive whole number of requests a second or "off", got ${v ?? 'nothing'}`);
    } else if (a === '--empty-queue-delay') parsed.options.emptyQueueDelaySeconds = secondsArg(a, value());
    else if (a === '--redeliver-after') parsed.options.redeliverAfterSeconds = secondsArg(a, value());
    else if (a === '--documents-deletable-after') parsed.options.deletableAfterSeconds = secondsArg(a, value());
    else if (a === '--signing-time-tolerance') parsed.options.signingTimeToleranceSeconds = secondsArg(a, value());
    else if (a === '--help' || a === '-h') parsed.help = true;
    else throw new Error(`Unknown argument ${a ?? ''}\n\n${SIMULATOR_USAGE}`);
  }
  return parsed;
}

export async function runSimulatorCommand(args: string[]): Promise<void> {
  // Taken first: a parent that dies while the simulator starts must still count as gone.
  const parent = process.ppid;
  const { port, out, json, help, options } = parseSimulatorArgs(args);
  if (help) {
    console.log(SIMULATOR_USAGE);
    return;
  }
  const sim = await startSimulator({ port, ...options });
  // Listening for the end before anything is printed: a parent that reads the first line may signal at once.
  const stopped = new Promise<void>((done) => {
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
    // A parent killed with SIGKILL sends nothing: the orphan is re-parented, which shows as a new ppid.
    const watch = setInterval(() => {
      if (process.ppid !== parent) stop();
    }, 500);
    watch.unref();
    let stopping = false;
    function stop(): void {
      if (stopping) return;
      stopping = true;
      clearInterval(watch);
      for (const s of signals) process.off(s, stop);
      void sim.close().then(done);
    }
    for (const s of signals) process.on(s, stop);
  });
  const dir = resolve(out);
  await mkdir(dir, { recursive: true });
  const files = {
    ca: resolve(dir, 'simulator-ca.pem'),
    p12: resolve(dir, `sender-${sim.organizationNumber}.p12`),
    key: resolve(dir, `sender-${sim.organizationNumber}.key.pem`),
    cert: resolve(dir, `sender-${sim.organizationNumber}.cert.pem`),
  };
  await writeFile(files.ca, sim.caCertificatePem);
  await writeFile(files.p12, sim.senderCertificate.pkcs12, { mode: 0o600 });
  await writeFile(files.key, sim.senderCertificatePem.key, { mode: 0o600 });
  await writeFile(files.cert, sim.senderCertificatePem.cert);
  if (json) {
    // One line for programs that drive the simulator from another process (the demo under Bun does).
    console.log(
      JSON.stringify({
        url: sim.url,
        dashboardUrl: sim.dashboardUrl,
        organizationNumber: sim.organizationNumber,
        password: sim.senderCertificate.password,
        files,
      }),
    );
  } else
    console.log(`Posten signering simulator listening on ${sim.url}
Dashboard:           ${sim.dashboardUrl}
Organisation number: ${sim.organizationNumber}
CA certificate:      ${files.ca}
Sender PKCS#12:      ${files.p12} (password "${sim.senderCertificate.password}")
Sender PEM:          ${files.key}, ${files.cert}

Configure the SDK:
  environment: Environment.custom({ url: '${sim.url}', trustedCertificates: [readFileSync('${files.ca}', 'utf8')], name: 'simulator' })
  certificate: { pkcs12: readFileSync('${files.p12}'), password: '${sim.senderCertificate.password}' }
Sign from outside: curl -k -X POST '${sim.url}/web/signature-jobs/<id>/devmodesign?signer=<pin>'
Press Ctrl+C to stop.`);
  await stopped;
}
