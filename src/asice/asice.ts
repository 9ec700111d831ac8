import { ValidationError } from '../errors/index.js';
import { webPrimitives, type BundlePrimitives } from './primitives.js';
import { signatureParts, type XadesSigner } from './xades.js';
import { concat } from '../util/bytes.js';
import { prepareZipEntry, zipChunks } from './zip.js';

export interface AsiceDocument {
  /** Name inside the container (see documentFileName); also the manifest's `href`. */
  fileName: string;
  mimeType: string;
  bytes: Uint8Array;
}

export interface AsiceInput {
  documents: AsiceDocument[];
  manifestXml: Uint8Array;
  signer: XadesSigner;
  signingTime: Date;
  /** IANA zone for SigningTime; default `Europe/Oslo`. */
  timeZone?: string;
  /** Native hashing/compression where the runtime has it; the web platform's otherwise. */
  primitives?: BundlePrimitives;
}

/**
 * PDF content is compressed inside the file already, so deflating it again costs most of the time of building a
 * job and saves next to nothing; such documents are stored. Text and the XML files are deflated.
 */
const ALREADY_COMPRESSED = new Set(['application/pdf']);

/**
 * Smaller files are stored too. Deflate sets up a large state per file whatever its size; for the manifest and
 * signatures.xml that costs more CPU and garbage per job than the few KB it saves on the wire (bench/README.md).
 * Stored entries are plain ZIP that every reader accepts.
 */
const DEFLATE_FROM_BYTES = 16 * 1024;

function worthDeflating(mimeType: string, bytes: Uint8Array): boolean {
  return !ALREADY_COMPRESSED.has(mimeType) && bytes.byteLength >= DEFLATE_FROM_BYTES;
}

const MANIFEST = 'manifest.xml';
const SIGNATURES = 'META-INF/signatures.xml';

/**
 * The signed document bundle (ASiC-E) in the Java client's layout: the documents in job order, `manifest.xml`,
 * `META-INF/signatures.xml`. Hashing and compressing of every file run concurrently, and compression does not
 * wait for the signature, so a large job costs about one pass of hashing plus one of compressing (PDFs, already
 * compressed, and small files are stored).
 */
export async function createAsice(input: AsiceInput): Promise<Uint8Array> {
  return concat(await createAsiceChunks(input), undefined, (input.primitives ?? webPrimitives).allocate);
}

/**
 * The same archive as consecutive byte ranges (see zipChunks): large stored documents are referenced, not copied,
 * so sending a job never holds its documents twice.
 */
export async function createAsiceChunks(input: AsiceInput): Promise<Uint8Array[]> {
  const names = new Set<string>();
  for (const d of input.documents) {
    if (d.fileName === MANIFEST || d.fileName.startsWith('META-INF/')) {
      throw new ValidationError('fileName', `"${d.fileName}" is reserved in the document bundle`);
    }
    if (names.has(d.fileName)) throw new ValidationError('fileName', `two documents are named "${d.fileName}"`);
    names.add(d.fileName);
  }
  if (input.documents.length === 0) throw new ValidationError('documents', 'a job needs at least one document');
  const files = [
    ...input.documents.map((d) => ({ name: d.fileName, mimeType: d.mimeType, bytes: d.bytes })),
    { name: MANIFEST, mimeType: 'application/xml', bytes: input.manifestXml },
  ];
  const primitives = input.primitives ?? webPrimitives;
  const prepared = files.map((f) => prepareZipEntry({ name: f.name, bytes: f.bytes, compress: worthDeflating(f.mimeType, f.bytes) }, primitives));
  const digested = files.map(async (f) => ({ name: f.name, mimeType: f.mimeType, sha256: await primitives.sha256(f.bytes) }));
  // Failures surface through the awaits below; this only keeps an early rejection from being reported as unhandled.
  for (const p of [...prepared, ...digested]) p.catch(() => undefined);
  try {
    // Sign as soon as the digests exist; compression keeps running meanwhile.
    const parts = await signatureParts({
      files: await Promise.all(digested),
      signer: input.signer,
      signingTime: input.signingTime,
      timeZone: input.timeZone,
      sha256: primitives.sha256,
      signRsaSha256: primitives.signRsaSha256?.bind(primitives),
    });
    const signaturesXml = new TextEncoder().encode(parts.xml);
    const signatures = prepareZipEntry({ name: SIGNATURES, bytes: signaturesXml, compress: worthDeflating('application/xml', signaturesXml) }, primitives);
    const entries = await Promise.all([...prepared, signatures]);
    return zipChunks(entries, { lastModified: input.signingTime }, primitives);
  } catch (error) {
    // Settle every started task so that no second rejection is left unhandled.
    await Promise.allSettled([...prepared, ...digested]);
    throw error;
  }
}
