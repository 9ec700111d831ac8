/*
 * Figure 1: building a 20-document, 10 MB job into signed ASiC-E bytes, through the same packing `create()` uses,
 * against the floor of the work that cannot be avoided with the same compression setting as the SDK: SHA-256 of
 * every file, a CRC-32 of every file, raw DEFLATE (zlib's default level) of the files the SDK deflates — none
 * here: PDFs are stored, since their content is compressed already, and so is the manifest, being under 16 KB —
 * and one copy into the output buffer. The floor uses node:zlib and node:crypto, i.e. the fastest Node offers.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import { MB, report, timePair } from './stats.js';
import { directJob, documents, PackingDirectClient, configurationFor } from './fixtures.js';
import type { BenchServer } from './fixtures.js';
import { Sender } from '../src/index.js';
import { documentFileName } from '../src/asice/index.js';
import { concat } from '../src/util/bytes.js';
import { nodePrimitives } from '../src/client/node-primitives.js';
import { directManifestXml } from '../src/xml/index.js';

const deflateRaw = promisify(zlib.deflateRaw);
// zlib.crc32 exists from Node 20.15; the fallback keeps the floor honest (never slower than the SDK's own CRC) on older 20.x.
const crc32: (b: Uint8Array) => number = (zlib as unknown as { crc32?: (b: Uint8Array) => number }).crc32 ?? (() => 0);

async function floor(pdfs: Uint8Array[], manifest: Uint8Array): Promise<Uint8Array> {
  const files = [...pdfs, manifest];
  // PDFs stored; other files deflated only from 16 KB, as the SDK does (see src/asice/asice.ts).
  const deflated = Promise.all([...pdfs.map(async (f) => f), manifest.byteLength >= 16 * 1024 ? deflateRaw(manifest) : manifest]);
  const digests = files.map((f) => createHash('sha256').update(f).digest());
  const crcs = files.map((f) => crc32(f));
  const data = await deflated;
  // Local headers and the central directory are ~100 bytes per entry; the copy of the data is what costs.
  if (digests.length !== crcs.length) throw new Error('unreachable');
  return Buffer.concat(data);
}

export async function jobBuilding(simulator: BenchServer, runs: number): Promise<void> {
  const docs = documents(20, 10 * MB);
  const job = directJob(docs);
  const client = new PackingDirectClient(configurationFor(simulator));
  const bytes = docs.map((d) => d.content as Uint8Array);
  // The floor hashes and zips the manifest as the SDK does; signatures.xml is a few KB and left out (it favours the floor).
  const sender = new Sender(simulator.organizationNumber);
  const manifest = directManifestXml(
    job,
    sender,
    docs.map((d, i) => ({ href: documentFileName(i, d.title, 'pdf'), mimeType: 'application/pdf', title: d.title })),
  );
  let asiceSize = 0;
  const [sdk, base] = await timePair(
    async () => {
      // create() sends the archive's ranges without joining them; joined here, the figure is of finished bytes.
      asiceSize = concat((await client.pack(job)).asice, undefined, nodePrimitives.allocate).byteLength;
    },
    () => floor(bytes, manifest),
    runs,
    2,
  );
  report('job building (20 PDFs, 10 MB → ASiC-E)', sdk.ms, base.ms, 'ms', `[ASiC-E ${(asiceSize / MB).toFixed(2)} MB]`);
  await client.close();
}
