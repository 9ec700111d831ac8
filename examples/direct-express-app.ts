/**
 * The direct flow in an Express web application:
 *
 * 1. `POST /sign` (a form with the signer's national identity number) creates a direct job with one document and
 *    redirects the browser to the signer's redirect URL at Posten signering.
 * 2. The signer signs (or rejects) and Posten sends the browser back to one of the job's exit URLs, with
 *    `?status_query_token=…` added.
 * 3. `GET /exit/:outcome` fetches the job status with that token, downloads the signed PAdES when the job is
 *    complete, confirms the job and shows the result; `GET /documents/:reference.pdf` serves the PAdES.
 *
 * Run it against the local simulator: `npx tsx examples/direct-express-app.ts` (it starts one when
 * POSTEN_SIGNERING_ENVIRONMENT is not set), then open http://localhost:3000/.
 * Jobs are kept in memory here; a real application stores the status URL with its own case.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express, { type Express, type Request, type Response } from 'express';
import {
  ClientConfiguration,
  DirectClient,
  DirectJob,
  DirectSigner,
  Document,
  Environment,
  ExitUrls,
  FileType,
  InvalidStatusQueryTokenError,
  JobStatus,
  PersonalIdentificationNumber,
  Sender,
  SignatureError,
  StatusReference,
  StatusRetrievalMethod,
  ValidationError,
  type CertificateInput,
} from '../src/index.js'; // in an application: from 'posten-signering'

interface PendingJob {
  statusUrl: string | undefined;
  signatureJobId: string;
  pades?: Uint8Array;
  status?: JobStatus;
}

export interface AppOptions {
  /** The URL the browser reaches this app on; the exit URLs are built from it. */
  publicUrl: string;
  /** The PDF to sign. */
  pdf: Uint8Array;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;

export function createApp(client: DirectClient, options: AppOptions): Express {
  const jobs = new Map<string, PendingJob>();
  const app = express();
  app.use(express.urlencoded({ extended: false }));

  app.get('/', (_req: Request, res: Response) => {
    res.send(
      page(
        'Sign the agreement',
        `<form method="post" action="/sign"><label>National identity number <input name="pin" required pattern="[0-9]{11}"></label> <button>Sign</button></form>`,
      ),
    );
  });

  app.post('/sign', async (req: Request, res: Response) => {
    const reference = randomUUID();
    const exit = (outcome: string) => `${options.publicUrl}/exit/${outcome}?reference=${reference}`;
    try {
      const job = new DirectJob(
        new Document('Agreement', 'Please read and sign', FileType.Pdf, options.pdf),
        [new DirectSigner(new PersonalIdentificationNumber(String(req.body?.pin ?? '')))],
        reference,
        new ExitUrls(exit('completed'), exit('rejected'), exit('error')),
        { statusRetrievalMethod: StatusRetrievalMethod.WaitForCallback },
      );
      const created = await client.create(job);
      jobs.set(reference, { statusUrl: created.statusUrl, signatureJobId: created.signatureJobId });
      // 303: the browser follows with a GET to the signing page.
      res.redirect(303, created.signers[0]!.redirectUrl);
    } catch (error) {
      if (error instanceof ValidationError) res.status(400).send(page('Invalid input', `<p>${escapeHtml(error.message)}</p>`));
      else throw error;
    }
  });

  app.get('/exit/:outcome', async (req: Request, res: Response) => {
    const reference = String(req.query.reference ?? '');
    const token = req.query.status_query_token;
    const pending = jobs.get(reference);
    if (!pending || typeof token !== 'string' || !pending.statusUrl) {
      res.status(404).send(page('Unknown signing', '<p>This signing is not known here.</p>'));
      return;
    }
    try {
      const status = await client.getStatus(StatusReference.of(pending.statusUrl, token));
      pending.status = status.status;
      if (status.status === JobStatus.CompletedSuccessfully && status.references.pades) {
        const download = await client.getPades(status.references.pades);
        pending.pades = await download.bytes();
      }
      // Confirm only after everything the application needs is stored: until then Posten keeps the job.
      await client.confirm(status.references.confirmation);
      const signatures = status.signatures.map((s) => `<li>${escapeHtml(s.signatureStatus)} since ${s.since.toISOString()}</li>`).join('');
      res.send(
        page(
          `Signing ${req.params.outcome}`,
          `<p>Job ${escapeHtml(pending.signatureJobId)}: ${escapeHtml(status.status)}</p><ul>${signatures}</ul>` +
            (pending.pades ? `<p><a href="/documents/${reference}.pdf">Download the signed document (PAdES)</a></p>` : ''),
        ),
      );
    } catch (error) {
      if (error instanceof InvalidStatusQueryTokenError) res.status(400).send(page('Invalid link', '<p>The status link is not valid.</p>'));
      else throw error;
    }
  });

  app.get('/documents/:file', (req: Request, res: Response) => {
    const pades = jobs.get(String(req.params.file).replace(/\.pdf$/, ''))?.pades;
    if (!pades) {
      res.sendStatus(404);
      return;
    }
    res.type('application/pdf').attachment('signed.pdf').send(Buffer.from(pades));
  });

  // Express 5 passes rejected promises from async handlers here.
  app.use((error: unknown, _req: Request, res: Response, _next: (e?: unknown) => void) => {
    console.error(error instanceof SignatureError ? `${error.name}: ${error.message}` : error);
    res.status(502).send(page('Posten signering is not available', '<p>Please try again later.</p>'));
  });
  return app;
}

function certificateFrom(env: NodeJS.ProcessEnv): CertificateInput {
  if (env.POSTEN_SIGNERING_P12_FILE) return { pkcs12: env.POSTEN_SIGNERING_P12_FILE, password: env.POSTEN_SIGNERING_P12_PASSWORD ?? '' };
  return { key: env.POSTEN_SIGNERING_KEY_PEM ?? '', cert: env.POSTEN_SIGNERING_CERT_PEM ?? '' };
}

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  let configuration: ClientConfiguration;
  let close = async () => {};
  if (process.env.POSTEN_SIGNERING_ENVIRONMENT) {
    const env = process.env.POSTEN_SIGNERING_ENVIRONMENT;
    configuration = new ClientConfiguration({
      environment: env === 'production' ? Environment.production : Environment.test,
      certificate: certificateFrom(process.env),
      globalSender: new Sender(process.env.POSTEN_SIGNERING_ORGANIZATION_NUMBER ?? ''),
    });
  } else {
    // In an application: await import('posten-signering/testing').
    const { startSimulator } = await import('../src/testing/index.js');
    const simulator = await startSimulator();
    console.log(`simulator at ${simulator.url} (its signing page uses a private CA: accept the warning)`);
    configuration = new ClientConfiguration({
      environment: simulator.environment,
      certificate: simulator.senderCertificate,
      globalSender: new Sender(simulator.organizationNumber),
    });
    close = () => simulator.close();
  }
  const client = new DirectClient(configuration);
  const pdf = new TextEncoder().encode(
    '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  );
  const server = createApp(client, { publicUrl: process.env.PUBLIC_URL ?? `http://localhost:${port}`, pdf }).listen(port, () => {
    console.log(`listening on http://localhost:${(server.address() as AddressInfo).port}/`);
  });
  process.once('SIGTERM', () => server.close(() => void client.close().then(close)));
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
