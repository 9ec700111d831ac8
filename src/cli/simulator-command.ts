import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { startSimulator } from '../testing/index.js';

/**
 * `posten-signering simulator [--port N] [--out DIR]`: runs the simulator standalone so another process (or a
 * developer with curl) can use it. Writes the CA and sender credentials to DIR and stays up until SIGINT/SIGTERM.
 */
export async function runSimulatorCommand(args: string[]): Promise<void> {
  let port = 0;
  let out = './simulator-certificates';
  let json = false;
  const options: { emptyQueueDelaySeconds?: number; redeliverAfterSeconds?: number } = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--port') port = Number(args[++i]);
    else if (a === '--out') out = args[++i] ?? out;
    else if (a === '--json') json = true;
    else if (a === '--empty-queue-delay') options.emptyQueueDelaySeconds = Number(args[++i]);
    else if (a === '--redeliver-after') options.redeliverAfterSeconds = Number(args[++i]);
    else if (a === '--help' || a === '-h') {
      console.log('Usage: simulator [--port <port>] [--out <dir>] [--json] [--empty-queue-delay <s>] [--redeliver-after <s>]');
      return;
    } else throw new Error(`Unknown argument ${a ?? ''}`);
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port must be 0..65535');
  const sim = await startSimulator({ port, ...options });
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
    console.log(JSON.stringify({ url: sim.url, organizationNumber: sim.organizationNumber, password: sim.senderCertificate.password, files }));
  } else console.log(`Posten signering simulator listening on ${sim.url}
Organisation number: ${sim.organizationNumber}
CA certificate:      ${files.ca}
Sender PKCS#12:      ${files.p12} (password "${sim.senderCertificate.password}")
Sender PEM:          ${files.key}, ${files.cert}

Configure the SDK:
  environment: Environment.custom({ url: '${sim.url}', trustedCertificates: [readFileSync('${files.ca}', 'utf8')], name: 'simulator' })
  certificate: { pkcs12: readFileSync('${files.p12}'), password: '${sim.senderCertificate.password}' }
Sign from outside: curl -k -X POST '${sim.url}/web/signature-jobs/<id>/devmodesign?signer=<pin>'
Press Ctrl+C to stop.`);
  await new Promise<void>((done) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void sim.close().then(done);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
