import { X509Certificate, createHash, createVerify } from 'node:crypto';
import { BundleError, PREFIX, badDocumentContent, badSigningCertificate, badSigningTime, unlistedEntry } from './bundle-rules.js';
import { canonicalize } from './c14n.js';
import { NS_API, NS_DSIG, NS_XADES, XmlInputError, child, children, descendants, parseXml, text } from './dom.js';
import type { ZipEntry } from './zip-reader.js';

/**
 * Verifies an uploaded document bundle the way the real server does (protocol §3, §9.2). Every failure is a
 * BundleError whose code/message end up in the 400 error document, so a client can see exactly what was wrong.
 */
export { BundleError, readBundle } from './bundle-rules.js';

const C14N_10 = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';
/**
 * Documentation: SignedInfo C14N "should be xml-c14n11, can be REC-xml-c14n-20010315" (§3.3). For a whole element
 * the two differ only in how xml:* attributes of ancestors are inherited, and the ASiC-E layout has none there.
 */
const C14N_11 = 'http://www.w3.org/2006/12/xml-c14n11';
const C14N_ALLOWED = new Set([C14N_10, C14N_11]);
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
const SHA1 = 'http://www.w3.org/2000/09/xmldsig#sha1';
const SIGNED_PROPERTIES_TYPE = 'http://uri.etsi.org/01903#SignedProperties';

export const MAX_TOTAL_DOCUMENT_BYTES = 10 * 1024 * 1024;
export const MAX_AVAILABLE_SECONDS = 7_776_000;

export interface ManifestDocument {
  href: string;
  mime: string;
  title: string;
  bytes: Buffer;
}

export interface ManifestSigner {
  pin?: string;
  customId?: string;
  email?: string;
  mobile?: string;
  order: number;
  onBehalfOf?: string;
  usesLookup: boolean;
}

export interface VerifiedBundle {
  manifestXml: string;
  title: string;
  nonsensitiveTitle?: string;
  description?: string;
  documents: ManifestDocument[];
  signers: ManifestSigner[];
  activationTime?: Date;
  availableSeconds?: number;
  senderOrganizationNumber: string;
}

export interface VerifyContext {
  flow: 'direct' | 'portal';
  urlOrganization: string;
  clientCertificateDer: Buffer | undefined;
  /** The organisation of the TLS client certificate: the signing certificate must belong to it. */
  authenticatedOrganization: string | undefined;
  /** CAs that may issue a signing certificate other than the TLS certificate (the simulator's sender CA). */
  trustedIssuers: readonly X509Certificate[];
  publicSector: boolean;
  /** false: parse only (benchmarks); no XSD, digest or signature checks. */
  verify: boolean;
  /** The XSD validator's messages for manifest.xml (validated together with the request XML), or undefined. */
  manifestSchemaErrors: string | undefined;
  signingTimeToleranceSeconds: number;
}

function fail(message: string, code = 'ASICE_VALIDATION_FAILED'): never {
  throw new BundleError(code, message);
}

/** A bundle rule broken: the documented code with the documented prefix. */
function invalid(reason: string): never {
  fail(`${PREFIX}${reason}`);
}

function decodeUri(uri: string): string {
  // Java's URLEncoder is form encoding: '+' is a space.
  try {
    return decodeURIComponent(uri.replace(/\+/g, ' '));
  } catch {
    return uri;
  }
}

const sha256b64 = (data: Buffer | string): string => createHash('sha256').update(data).digest('base64');

export function verifyBundle(entries: ZipEntry[], ctx: VerifyContext): VerifiedBundle {
  const byName = new Map(entries.map((e) => [e.name, e]));
  const manifestEntry = byName.get('manifest.xml') ?? fail('Error when validating ASiCE: manifest.xml is missing');
  const signaturesEntry = byName.get('META-INF/signatures.xml') ?? fail('Error when validating ASiCE: META-INF/signatures.xml is missing');
  if (byName.has('META-INF/manifest.xml')) fail('Error when validating ASiCE: META-INF/manifest.xml must not be present');

  const manifestXml = manifestEntry.data.toString('utf8');
  const manifest = wrapXml(() => parseXml(manifestXml, 'manifest.xml'));
  const rootName = `${ctx.flow}-signature-job-manifest`;
  const root = manifest.documentElement;
  if (root.namespaceURI !== NS_API || root.localName !== rootName) {
    fail(`Error when validating ASiCE: Parse error: expected ${rootName} in manifest.xml, got ${root.localName}`);
  }
  if (ctx.verify && ctx.manifestSchemaErrors) invalid(`manifest.xml is not valid: ${ctx.manifestSchemaErrors}`);
  const parsed = readManifest(root, ctx.flow, byName);

  if (ctx.verify) {
    const unlisted = unlistedEntry(entries, new Set(parsed.documents.map((d) => d.href)));
    if (unlisted) invalid(unlisted);
    for (const d of parsed.documents) {
      const bad = badDocumentContent(d);
      if (bad) invalid(bad);
    }
    checkBusinessRules(parsed, ctx);
    verifySignature(signaturesEntry.data.toString('utf8'), entries, ctx);
  }
  return { ...parsed, manifestXml };
}

function wrapXml<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof XmlInputError) fail(`Error when validating ASiCE: ${e.message}`);
    throw e;
  }
}

function readManifest(root: Element, flow: 'direct' | 'portal', byName: Map<string, ZipEntry>): Omit<VerifiedBundle, 'manifestXml'> {
  const signerEls = flow === 'direct' ? children(root, NS_API, 'signer') : children(child(root, NS_API, 'signers') ?? root, NS_API, 'signer');
  const signers: ManifestSigner[] = signerEls.map((s) => {
    const notifications = child(s, NS_API, 'notifications');
    const order = Number(s.getAttribute('order') || '0');
    const signer: ManifestSigner = {
      order: Number.isFinite(order) ? order : 0,
      usesLookup: child(s, NS_API, 'notifications-using-lookup') !== undefined,
    };
    const pin = text(child(s, NS_API, 'personal-identification-number'));
    const custom = text(child(s, NS_API, 'signer-identifier'));
    const email = child(notifications ?? s, NS_API, 'email')?.getAttribute('address') ?? undefined;
    const mobile = child(notifications ?? s, NS_API, 'sms')?.getAttribute('number') ?? undefined;
    const onBehalfOf = text(child(s, NS_API, 'on-behalf-of'));
    if (pin) signer.pin = pin;
    if (custom) signer.customId = custom;
    if (notifications && email) signer.email = email;
    if (notifications && mobile) signer.mobile = mobile;
    if (onBehalfOf) signer.onBehalfOf = onBehalfOf;
    return signer;
  });
  const sender = text(child(child(root, NS_API, 'sender') ?? root, NS_API, 'organization-number')) ?? '';
  const legacy = child(root, NS_API, 'document');
  const docContainer = child(root, NS_API, 'documents');
  const docEls = legacy ? [legacy] : docContainer ? children(docContainer, NS_API, 'document') : [];
  const holder = legacy ?? root;
  const documents: ManifestDocument[] = docEls.map((d) => {
    const href = d.getAttribute('href') ?? '';
    const entry = byName.get(href) ?? fail(`Error when validating ASiCE: document ${href} named in manifest.xml is not in the container`);
    return { href, mime: d.getAttribute('mime') ?? '', title: text(child(d, NS_API, 'title')) ?? href, bytes: entry.data };
  });
  const availability = child(root, NS_API, 'availability');
  const activation = text(child(availability ?? root, NS_API, 'activation-time'));
  const seconds = text(child(availability ?? root, NS_API, 'available-seconds'));
  const out: Omit<VerifiedBundle, 'manifestXml'> = {
    title: text(child(holder, NS_API, 'title')) ?? '',
    documents,
    signers,
    senderOrganizationNumber: sender,
  };
  const nst = text(child(holder, NS_API, 'nonsensitive-title'));
  const desc = text(child(holder, NS_API, 'description'));
  if (nst) out.nonsensitiveTitle = nst;
  if (desc) out.description = desc;
  if (availability && activation) out.activationTime = new Date(activation);
  if (availability && seconds) out.availableSeconds = Number(seconds);
  return out;
}

function checkBusinessRules(m: Omit<VerifiedBundle, 'manifestXml'>, ctx: VerifyContext): void {
  if (m.senderOrganizationNumber !== ctx.urlOrganization) {
    invalid(`sender organization-number ${m.senderOrganizationNumber} in manifest.xml does not match ${ctx.urlOrganization} in the URL`);
  }
  if (m.signers.length < 1 || m.signers.length > 10) fail(`A job must have 1 to 10 signers, got ${m.signers.length}`, 'TOO_MANY_SIGNERS');
  if (m.documents.length < 1 || m.documents.length > 20) fail(`A job must have 1 to 20 documents, got ${m.documents.length}`, 'TOO_MANY_DOCUMENTS');
  const total = m.documents.reduce((n, d) => n + d.bytes.length, 0);
  if (total > MAX_TOTAL_DOCUMENT_BYTES) fail(`Documents total ${total} bytes, more than the ${MAX_TOTAL_DOCUMENT_BYTES} allowed`, 'DOCUMENTS_TOO_LARGE');
  if (m.availableSeconds !== undefined && m.availableSeconds > MAX_AVAILABLE_SECONDS) {
    fail(`available-seconds ${m.availableSeconds} exceeds the maximum ${MAX_AVAILABLE_SECONDS} (90 days)`, 'INVALID_AVAILABILITY');
  }
  for (const s of m.signers) {
    if (s.usesLookup && !ctx.publicSector) {
      fail('notifications-using-lookup is only available to public-sector organizations', 'NOTIFICATIONS_USING_LOOKUP_NOT_ALLOWED');
    }
    if (s.usesLookup && s.onBehalfOf === 'OTHER') {
      fail('notifications-using-lookup cannot be combined with on-behalf-of OTHER', 'NOTIFICATIONS_USING_LOOKUP_NOT_ALLOWED');
    }
  }
  const ids = m.signers.map((s) => s.pin ?? s.customId ?? `${s.email ?? ''}|${s.mobile ?? ''}`);
  if (new Set(ids).size !== ids.length) fail('Signers must be unique within a job', 'DUPLICATE_SIGNER');
}

function verifySignature(signaturesXml: string, entries: ZipEntry[], ctx: VerifyContext): void {
  const doc = wrapXml(() => parseXml(signaturesXml, 'META-INF/signatures.xml'));
  const signature = descendants(doc, NS_DSIG, 'Signature')[0] ?? fail('Error when validating ASiCE: no ds:Signature in signatures.xml');
  const signedInfo = child(signature, NS_DSIG, 'SignedInfo') ?? fail('Error when validating ASiCE: no SignedInfo');
  const c14nAlg = child(signedInfo, NS_DSIG, 'CanonicalizationMethod')?.getAttribute('Algorithm');
  if (!c14nAlg || !C14N_ALLOWED.has(c14nAlg)) fail(`Error when validating ASiCE: unsupported CanonicalizationMethod ${c14nAlg ?? '(none)'}`);
  const sigAlg = child(signedInfo, NS_DSIG, 'SignatureMethod')?.getAttribute('Algorithm');
  if (sigAlg !== RSA_SHA256) fail(`Error when validating ASiCE: unsupported SignatureMethod ${sigAlg ?? '(none)'}`);

  const fileRefs = new Map<string, number>();
  const fileRefIds: string[] = [];
  let signedPropertiesChecked = false;
  for (const ref of children(signedInfo, NS_DSIG, 'Reference')) {
    const uri = ref.getAttribute('URI') ?? '';
    const digestAlg = child(ref, NS_DSIG, 'DigestMethod')?.getAttribute('Algorithm');
    if (digestAlg !== SHA256) fail(`Error when validating ASiCE: reference ${uri} uses digest ${digestAlg ?? '(none)'}, not SHA-256`);
    const expected = text(child(ref, NS_DSIG, 'DigestValue')) ?? '';
    if (uri.startsWith('#')) {
      if (ref.getAttribute('Type') !== SIGNED_PROPERTIES_TYPE) fail(`Error when validating ASiCE: unexpected same-document reference ${uri}`);
      const transforms = children(child(ref, NS_DSIG, 'Transforms') ?? ref, NS_DSIG, 'Transform').map((t) => t.getAttribute('Algorithm'));
      if (transforms.some((t) => !t || !C14N_ALLOWED.has(t))) fail('Error when validating ASiCE: SignedProperties transform must be inclusive C14N 1.0 or 1.1');
      const target = findById(doc, uri.slice(1)) ?? fail(`Error when validating ASiCE: ${uri} not found`);
      if (target.namespaceURI !== NS_XADES || target.localName !== 'SignedProperties') fail(`Error when validating ASiCE: ${uri} is not SignedProperties`);
      if (sha256b64(canonicalize(target)) !== expected) fail('Error when validating ASiCE: digest of SignedProperties does not match');
      signedPropertiesChecked = true;
      continue;
    }
    const name = decodeUri(uri);
    if (name.startsWith('META-INF/')) fail(`Error when validating ASiCE: reference to ${name} inside META-INF`);
    const entry = entries.find((e) => e.name === name) ?? fail(`Error when validating ASiCE: referenced file ${name} is not in the container`);
    if (fileRefs.has(name)) fail(`Error when validating ASiCE: ${name} is referenced more than once`);
    fileRefs.set(name, 1);
    if (sha256b64(entry.data) !== expected) fail(`Error when validating ASiCE: digest of ${name} does not match`);
    fileRefIds.push(ref.getAttribute('Id') ?? '');
  }
  if (!signedPropertiesChecked) fail('Error when validating ASiCE: no reference to SignedProperties');
  for (const e of entries) {
    if (!e.name.startsWith('META-INF/') && !fileRefs.has(e.name)) fail(`Error when validating ASiCE: ${e.name} is not covered by the signature`);
  }

  const certB64 = text(descendants(signature, NS_DSIG, 'X509Certificate')[0]) ?? fail('Error when validating ASiCE: no X509Certificate in KeyInfo');
  const certDer = Buffer.from(certB64.replace(/\s+/g, ''), 'base64');
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certDer);
  } catch {
    fail('Error when validating ASiCE: X509Certificate cannot be parsed');
  }
  const sigValue = Buffer.from((text(child(signature, NS_DSIG, 'SignatureValue')) ?? '').replace(/\s+/g, ''), 'base64');
  const ok = createVerify('RSA-SHA256').update(canonicalize(signedInfo), 'utf8').verify(cert.publicKey, sigValue);
  if (!ok) fail('Error when validating ASiCE: SignatureValue does not verify');

  // XAdES properties: SignedProperties content, SigningCertificate digest, one DataObjectFormat per file.
  const signedProps = descendants(signature, NS_XADES, 'SignedProperties')[0] ?? fail('Error when validating ASiCE: no SignedProperties');
  const signingTime = text(descendants(signedProps, NS_XADES, 'SigningTime')[0]);
  if (!signingTime) invalid('SigningTime missing');
  const badTime = badSigningTime(signingTime, ctx.signingTimeToleranceSeconds);
  if (badTime) invalid(badTime);
  const certDigest = descendants(signedProps, NS_XADES, 'CertDigest')[0] ?? fail('Error when validating ASiCE: no SigningCertificate/CertDigest');
  const certDigestAlg = child(certDigest, NS_DSIG, 'DigestMethod')?.getAttribute('Algorithm');
  const certDigestValue = text(child(certDigest, NS_DSIG, 'DigestValue'));
  const algName =
    certDigestAlg === SHA1
      ? 'sha1'
      : certDigestAlg === SHA256
        ? 'sha256'
        : fail(`Error when validating ASiCE: CertDigest algorithm ${certDigestAlg ?? '(none)'}`);
  if (createHash(algName).update(certDer).digest('base64') !== certDigestValue)
    fail('Error when validating ASiCE: CertDigest does not match the signing certificate');
  const formats = new Set(descendants(signedProps, NS_XADES, 'DataObjectFormat').map((d) => d.getAttribute('ObjectReference')));
  for (const id of fileRefIds) {
    if (!formats.has(`#${id}`)) fail(`Error when validating ASiCE: no DataObjectFormat for reference ${id}`);
  }
  const badCert = badSigningCertificate(cert, certDer, ctx);
  if (badCert) invalid(badCert);
}

function findById(doc: Document, id: string): Element | undefined {
  const all = doc.getElementsByTagName('*') as unknown as ArrayLike<Element>;
  for (let i = 0; i < all.length; i++) {
    const el = all[i]!;
    if (el.getAttribute('Id') === id) return el;
  }
  return undefined;
}
