/**
 * A long-running worker for the portal flow: it polls Posten signering's status queue, handles each change
 * (here: stores the signed PAdES when a job completes) and stops gracefully on SIGTERM/SIGINT, as a container
 * orchestrator expects. A change is confirmed only after the handler has resolved, so a crash or a failed
 * handler means the change is delivered again (at least once): make the handler idempotent.
 *
 *   POSTEN_SIGNERING_ENVIRONMENT=test POSTEN_SIGNERING_P12_FILE=./virksomhet.p12 POSTEN_SIGNERING_P12_PASSWORD=… \
 *   POSTEN_SIGNERING_ORGANIZATION_NUMBER=123456789 npx tsx examples/portal-worker.ts
 *
 * The client honours the queue's next permitted poll time by itself (Posten blocks senders that poll too eagerly),
 * so the loop does not sleep on its own.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  AbortError,
  ClientConfiguration,
  Environment,
  JobStatus,
  PortalClient,
  Sender,
  SignatureError,
  type ConfirmableChange,
  type PortalJobStatusChanged,
} from '../src/index.js'; // in an application: from 'posten-signering'

export interface WorkerOptions {
  outputDir: string;
  signal: AbortSignal;
  log?: (line: string) => void;
}

/** Processes status changes until `signal` aborts; resolves with the number of changes handled. */
export async function runPortalWorker(client: PortalClient, options: WorkerOptions): Promise<number> {
  const log = options.log ?? ((line: string) => console.log(line));
  await mkdir(options.outputDir, { recursive: true });

  let handled = 0;
  const handle = async (change: ConfirmableChange<PortalJobStatusChanged>): Promise<void> => {
    handled++;
    log(`job ${change.signatureJobId} (${change.reference ?? 'no reference'}): ${change.status}`);
    for (const s of change.signatures) log(`  ${String(s.signer)}: ${s.signatureStatus}`);
    if (change.status === JobStatus.CompletedSuccessfully && change.padesReference) {
      const pades = await (await client.getPades(change.padesReference)).bytes();
      await writeFile(join(options.outputDir, `portal-${change.signatureJobId}.pdf`), pades);
    }
    // Returning confirms the change; throwing leaves it in the queue for a later delivery.
  };

  try {
    await client.processStatusChanges(handle, { signal: options.signal });
  } catch (error) {
    if (!(error instanceof AbortError) && !options.signal.aborted) throw error;
  }
  return handled;
}

async function main(): Promise<void> {
  const env = process.env;
  const client = new PortalClient(
    new ClientConfiguration({
      environment: env.POSTEN_SIGNERING_ENVIRONMENT === 'production' ? Environment.production : Environment.test,
      certificate: { pkcs12: env.POSTEN_SIGNERING_P12_FILE ?? 'virksomhet.p12', password: env.POSTEN_SIGNERING_P12_PASSWORD ?? '' },
      globalSender: new Sender(env.POSTEN_SIGNERING_ORGANIZATION_NUMBER ?? ''),
    }),
  );
  const controller = new AbortController();
  const stop = (signal: NodeJS.Signals) => {
    console.log(`${signal}: finishing the change in hand, then stopping`);
    controller.abort();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  try {
    const handled = await runPortalWorker(client, { outputDir: env.OUTPUT_DIR ?? 'signed-documents', signal: controller.signal });
    console.log(`stopped after ${handled} changes`);
  } catch (error) {
    console.error(error instanceof SignatureError ? `${error.name}: ${error.message}` : error);
    process.exitCode = 1;
  } finally {
    await client.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
