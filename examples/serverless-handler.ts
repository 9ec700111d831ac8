/**
 * A serverless function (AWS Lambda style, Node 20, one bundled ESM file) for the direct flow, in two calls:
 *
 * - `{ "action": "create", "pin": "…", "exitUrl": "https://…", "reference": "…" }` creates a direct job and
 *   answers with the URL to send the signer's browser to, and the job's status URL.
 * - `{ "action": "status", "statusUrl": "…", "statusQueryToken": "…" }` (what the exit URL brings back)
 *   fetches the job status, and with `confirm: true` confirms it.
 *
 * Configuration comes from the environment, so that the bundle holds no secrets and no files are read:
 *   POSTEN_SIGNERING_ENVIRONMENT  `production`, `test`, or a URL for a custom deployment (e.g. the simulator)
 *   POSTEN_SIGNERING_CA_PEM       the CA certificates (PEM) trusted for a custom URL
 *   POSTEN_SIGNERING_KEY_PEM / POSTEN_SIGNERING_CERT_PEM  the organisation's key and certificate chain (PEM), or
 *   POSTEN_SIGNERING_P12_BASE64 / POSTEN_SIGNERING_P12_PASSWORD  the same as a PKCS#12 file
 *   POSTEN_SIGNERING_ORGANIZATION_NUMBER  the sender
 *
 * The client is created once per container and reused by warm invocations (connection pooling, one TLS handshake).
 */
import {
  ClientConfiguration,
  DirectClient,
  DirectJob,
  DirectSigner,
  Document,
  Environment,
  ExitUrls,
  FileType,
  PersonalIdentificationNumber,
  SignatureError,
  Sender,
  StatusReference,
  StatusRetrievalMethod,
  type CertificateInput,
} from '../src/index.js'; // in an application: from 'posten-signering'

export type HandlerEvent =
  | { action: 'create'; pin: string; exitUrl: string; reference?: string; title?: string; pdfBase64?: string }
  | { action: 'status'; statusUrl: string; statusQueryToken: string; confirm?: boolean };

export interface HandlerResult {
  statusCode: number;
  body: Record<string, unknown>;
}

function environmentFrom(env: NodeJS.ProcessEnv): Environment {
  const name = env.POSTEN_SIGNERING_ENVIRONMENT ?? 'test';
  if (name === 'production') return Environment.production;
  if (name === 'test') return Environment.test;
  const ca = env.POSTEN_SIGNERING_CA_PEM;
  if (!ca) throw new Error('POSTEN_SIGNERING_CA_PEM is needed with a custom POSTEN_SIGNERING_ENVIRONMENT url');
  return Environment.custom({ url: name, trustedCertificates: [ca], name: 'custom' });
}

function certificateFrom(env: NodeJS.ProcessEnv): CertificateInput {
  if (env.POSTEN_SIGNERING_P12_BASE64) {
    return { pkcs12: new Uint8Array(Buffer.from(env.POSTEN_SIGNERING_P12_BASE64, 'base64')), password: env.POSTEN_SIGNERING_P12_PASSWORD ?? '' };
  }
  const key = env.POSTEN_SIGNERING_KEY_PEM;
  const cert = env.POSTEN_SIGNERING_CERT_PEM;
  if (!key || !cert) throw new Error('Set POSTEN_SIGNERING_P12_BASE64 or POSTEN_SIGNERING_KEY_PEM and POSTEN_SIGNERING_CERT_PEM');
  return { key, cert };
}

let client: DirectClient | undefined;
function directClient(): DirectClient {
  client ??= new DirectClient(
    new ClientConfiguration({
      environment: environmentFrom(process.env),
      certificate: certificateFrom(process.env),
      globalSender: new Sender(process.env.POSTEN_SIGNERING_ORGANIZATION_NUMBER ?? ''),
    }),
  );
  return client;
}

// A one-page PDF, so that the example runs without any input file.
const SAMPLE_PDF =
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj ' +
  '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n';

export async function handler(event: HandlerEvent): Promise<HandlerResult> {
  try {
    const api = directClient();
    if (event.action === 'create') {
      const pdf = event.pdfBase64 ? new Uint8Array(Buffer.from(event.pdfBase64, 'base64')) : new TextEncoder().encode(SAMPLE_PDF);
      const job = new DirectJob(
        new Document(event.title ?? 'Avtale', undefined, FileType.Pdf, pdf),
        [new DirectSigner(new PersonalIdentificationNumber(event.pin))],
        event.reference,
        ExitUrls.single(event.exitUrl),
        { statusRetrievalMethod: StatusRetrievalMethod.WaitForCallback },
      );
      const created = await api.create(job);
      return {
        statusCode: 201,
        body: {
          signatureJobId: created.signatureJobId,
          reference: created.reference,
          statusUrl: created.statusUrl,
          redirectUrl: created.signers[0]?.redirectUrl,
        },
      };
    }
    if (event.action === 'status') {
      const status = await api.getStatus(StatusReference.of(event.statusUrl, event.statusQueryToken));
      if (event.confirm) await api.confirm(status.references.confirmation);
      return {
        statusCode: 200,
        body: {
          signatureJobId: status.signatureJobId,
          status: status.status,
          signatures: status.signatures.map((s) => ({ status: s.signatureStatus, since: s.since.toISOString() })),
          hasPades: status.references.pades !== undefined,
          confirmed: event.confirm === true,
        },
      };
    }
    return { statusCode: 400, body: { error: 'unknown action' } };
  } catch (error) {
    // SignatureError messages carry no personal data (identity numbers are masked), so they can be logged.
    const known = error instanceof SignatureError;
    console.error(known ? `${error.name}: ${error.message}` : error);
    return { statusCode: known ? 502 : 500, body: { error: known ? error.name : 'internal error' } };
  }
}
