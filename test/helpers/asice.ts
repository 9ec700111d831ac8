import { X509Certificate, createHash, createSign } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';

/**
 * Test-only ASiC-E builder, independent of the SDK (which is written concurrently) and of the simulator's verifier:
 * it writes the Java client's exact layout as strings and computes the canonical forms by hand (the layout has no
 * whitespace, so inclusive C14N only adds the in-scope namespace declarations and expands empty elements).
 */
export interface BundleFile {
  name: string;
  bytes: Buffer;
  mime: string;
}

const crcTable = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export function zip(entries: { name: string; data: Buffer }[], deflate = true): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const data = deflate ? deflateRawSync(e.data) : e.data;
    const crc = crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(deflate ? 8 : 0, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(deflate ? 8 : 0, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
const b64sha256 = (b: Buffer | string): string => createHash('sha256').update(b).digest('base64');

export interface SignOptions {
  /** PEM key and PEM chain (leaf first). */
  key: string;
  cert: string;
  /** Break the signature value after signing. */
  corruptSignatureValue?: boolean;
  /** Write a wrong digest for this file. */
  wrongDigestFor?: string;
  /** Change the SigningTime after the SignedProperties digest was computed. */
  tamperSignedProperties?: boolean;
  /** Leave out the DataObjectFormat of this reference index. */
  omitDataObjectFormat?: number;
  /** Canonicalisation named in SignedInfo and the SignedProperties transform (the bytes are the same here). */
  c14n?: '1.0' | '1.1';
  /** SigningTime to write instead of now. */
  signingTime?: string;
}

export function signaturesXml(files: BundleFile[], o: SignOptions): string {
  const pems = o.cert.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  const leaf = new X509Certificate(pems[0]!);
  const certsB64 = pems.map((p) => p.replace(/-----[^-]+-----|\s/g, ''));
  const issuer = leaf.issuer.split('\n').reverse().join(',');
  const serial = BigInt(`0x${leaf.serialNumber}`).toString();
  const certDigest = createHash('sha1').update(leaf.raw).digest('base64');
  const time = o.signingTime ?? new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const c14n = o.c14n === '1.1' ? 'http://www.w3.org/2006/12/xml-c14n11' : 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';
  const formats = files
    .map((f, i) => (i === o.omitDataObjectFormat ? '' : `<DataObjectFormat ObjectReference="#ID_${i}"><MimeType>${esc(f.mime)}</MimeType></DataObjectFormat>`))
    .join('');
  const spBody = (t: string): string =>
    `<SignedSignatureProperties><SigningTime>${t}</SigningTime><SigningCertificate><Cert><CertDigest>` +
    `<ns2:DigestMethod Algorithm="http://www.w3.org/2000/09/xmldsig#sha1"></ns2:DigestMethod><ns2:DigestValue>${certDigest}</ns2:DigestValue></CertDigest>` +
    `<IssuerSerial><ns2:X509IssuerName>${esc(issuer)}</ns2:X509IssuerName><ns2:X509SerialNumber>${serial}</ns2:X509SerialNumber></IssuerSerial></Cert></SigningCertificate></SignedSignatureProperties>` +
    `<SignedDataObjectProperties>${formats}</SignedDataObjectProperties>`;
  const spCanonical = `<SignedProperties xmlns="http://uri.etsi.org/01903/v1.3.2#" xmlns:ns2="http://www.w3.org/2000/09/xmldsig#" Id="SignedProperties">${spBody(time)}</SignedProperties>`;
  const refs = files
    .map(
      (f, i) =>
        `<Reference Id="ID_${i}" URI="${esc(encodeURIComponent(f.name))}"><DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"></DigestMethod>` +
        `<DigestValue>${f.name === o.wrongDigestFor ? b64sha256('wrong') : b64sha256(f.bytes)}</DigestValue></Reference>`,
    )
    .join('');
  const signedInfoInner =
    `<CanonicalizationMethod Algorithm="${c14n}"></CanonicalizationMethod>` +
    `<SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"></SignatureMethod>${refs}` +
    `<Reference Type="http://uri.etsi.org/01903#SignedProperties" URI="#SignedProperties"><Transforms><Transform Algorithm="${c14n}"></Transform></Transforms>` +
    `<DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"></DigestMethod><DigestValue>${b64sha256(spCanonical)}</DigestValue></Reference>`;
  const signedInfoCanonical = `<SignedInfo xmlns="http://www.w3.org/2000/09/xmldsig#">${signedInfoInner}</SignedInfo>`;
  let signature = createSign('RSA-SHA256').update(signedInfoCanonical).sign(o.key, 'base64');
  if (o.corruptSignatureValue) signature = (signature.startsWith('A') ? 'B' : 'A') + signature.slice(1);
  const written = o.tamperSignedProperties ? spBody('2001-01-01T00:00:00Z') : spBody(time);
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="no"?><XAdESSignatures xmlns="http://uri.etsi.org/2918/v1.2.1#">` +
    `<Signature xmlns="http://www.w3.org/2000/09/xmldsig#" Id="Signature"><SignedInfo>${signedInfoInner}</SignedInfo>` +
    `<SignatureValue>${signature}</SignatureValue><KeyInfo><X509Data>${certsB64.map((c) => `<X509Certificate>${c}</X509Certificate>`).join('')}</X509Data></KeyInfo>` +
    `<Object><QualifyingProperties xmlns="http://uri.etsi.org/01903/v1.3.2#" xmlns:ns2="http://www.w3.org/2000/09/xmldsig#" Target="#Signature">` +
    `<SignedProperties Id="SignedProperties">${written}</SignedProperties></QualifyingProperties></Object></Signature></XAdESSignatures>`
  );
}

export interface JobSpec {
  flow: 'direct' | 'portal';
  org: string;
  /** Direct: PIN (11 digits) or custom id. Portal: PIN, or { email } / { mobile } for contact-identified. */
  signers?: (string | { pin?: string; email?: string; mobile?: string; order?: number; lookup?: boolean; onBehalfOf?: 'SELF' | 'OTHER' })[];
  documents?: BundleFile[];
  title?: string;
  polling?: boolean;
  pollingQueue?: string;
  reference?: string;
  exitUrl?: string;
  activationTime?: string;
  availableSeconds?: number;
  legacy?: boolean;
}

export const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

export function defaultDocuments(): BundleFile[] {
  return [{ name: '0000_contract.pdf', bytes: PDF, mime: 'application/pdf' }];
}

const NS = 'http://signering.posten.no/schema/v1';

function signerXml(flow: 'direct' | 'portal', s: NonNullable<JobSpec['signers']>[number]): string {
  if (flow === 'direct') {
    const id = typeof s === 'string' ? s : (s.pin ?? '');
    const behalf = typeof s === 'object' && s.onBehalfOf ? `<on-behalf-of>${s.onBehalfOf}</on-behalf-of>` : '';
    return /^\d{11}$/.test(id)
      ? `<signer><personal-identification-number>${id}</personal-identification-number>${behalf}</signer>`
      : `<signer><signer-identifier>${esc(id)}</signer-identifier>${behalf}</signer>`;
  }
  const o = typeof s === 'string' ? { pin: s } : s;
  const ident = o.pin ? `<personal-identification-number>${o.pin}</personal-identification-number>` : '<identified-by-contact-information/>';
  const notif = o.lookup
    ? '<notifications-using-lookup><email/></notifications-using-lookup>'
    : `<notifications>${o.email || !o.mobile ? `<email address="${esc(o.email ?? 'signer@example.com')}"/>` : ''}${o.mobile ? `<sms number="${esc(o.mobile)}"/>` : ''}</notifications>`;
  return `<signer order="${o.order ?? 0}">${ident}${notif}${o.onBehalfOf ? `<on-behalf-of>${o.onBehalfOf}</on-behalf-of>` : ''}</signer>`;
}

export function manifestXml(spec: JobSpec): string {
  const docs = spec.documents ?? defaultDocuments();
  const signers = (spec.signers ?? ['01013300002']).map((s) => signerXml(spec.flow, s)).join('');
  const title = esc(spec.title ?? 'Employment contract');
  const body = spec.legacy
    ? `<document href="${esc(docs[0]!.name)}" mime="${docs[0]!.mime}"><title>${title}</title></document>`
    : `<title>${title}</title><documents>${docs.map((d) => `<document href="${esc(d.name)}" mime="${d.mime}"><title>${esc(d.name)}</title></document>`).join('')}</documents>`;
  const availability =
    spec.flow === 'portal' && (spec.activationTime || spec.availableSeconds !== undefined)
      ? `<availability>${spec.activationTime ? `<activation-time>${spec.activationTime}</activation-time>` : ''}${spec.availableSeconds !== undefined ? `<available-seconds>${spec.availableSeconds}</available-seconds>` : ''}</availability>`
      : '';
  const root = `${spec.flow}-signature-job-manifest`;
  const signerBlock = spec.flow === 'portal' ? `<signers>${signers}</signers>` : signers;
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><${root} xmlns="${NS}">${signerBlock}<sender><organization-number>${spec.org}</organization-number></sender>${body}${availability}</${root}>`;
}

export function requestXml(spec: JobSpec): string {
  const ref = spec.reference ? `<reference>${esc(spec.reference)}</reference>` : '';
  const queue = spec.pollingQueue ? `<polling-queue>${esc(spec.pollingQueue)}</polling-queue>` : '';
  if (spec.flow === 'portal') {
    return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><portal-signature-job-request xmlns="${NS}">${ref}${queue}</portal-signature-job-request>`;
  }
  const exit = esc(spec.exitUrl ?? 'https://sender.example/exit');
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><direct-signature-job-request xmlns="${NS}">${ref}` +
    `<exit-urls><completion-url>${exit}?result=completed</completion-url><rejection-url>${exit}?result=rejected</rejection-url><error-url>${exit}?result=error</error-url></exit-urls>` +
    `${spec.polling ? '<status-retrieval-method>POLLING</status-retrieval-method>' : ''}${queue}</direct-signature-job-request>`
  );
}

/** A complete signed bundle for a job spec (documents, manifest.xml, META-INF/signatures.xml). */
export function bundle(spec: JobSpec, sign: SignOptions, manifest = manifestXml(spec)): Buffer {
  const files: BundleFile[] = [...(spec.documents ?? defaultDocuments()), { name: 'manifest.xml', bytes: Buffer.from(manifest), mime: 'application/xml' }];
  const sig = signaturesXml(files, sign);
  return zip([...files.map((f) => ({ name: f.name, data: f.bytes })), { name: 'META-INF/signatures.xml', data: Buffer.from(sig) }]);
}

export function multipart(
  xml: string,
  zipBytes: Buffer,
  opts: { disposition?: boolean; quoted?: boolean; reverse?: boolean } = {},
): { body: Buffer; contentType: string } {
  const boundary = `sim-${Math.random().toString(36).slice(2)}_B`;
  const disp = opts.disposition ? 'Content-Disposition: attachment\r\n' : '';
  const xmlPart = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Type: application/xml\r\n${disp}\r\n`), Buffer.from(xml), Buffer.from('\r\n')]);
  const zipPart = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Type: application/octet-stream\r\n${disp}\r\n`), zipBytes, Buffer.from('\r\n')]);
  const parts = opts.reverse ? [zipPart, xmlPart] : [xmlPart, zipPart];
  return {
    body: Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]),
    contentType: `multipart/mixed; boundary=${opts.quoted ? `"${boundary}"` : boundary}; charset=ISO-8859-1`,
  };
}
