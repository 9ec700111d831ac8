import { ValidationError } from '../errors/index.js';
import { base64 } from '../util/base64.js';
import { escapeAttribute, escapeText } from '../util/xml-escape.js';
import { formatSigningTime } from './signing-time.js';
import { formUrlEncode } from './url-encode.js';
import { API_TIME_ZONE } from '../protocol/facts.js';

export { formatSigningTime } from './signing-time.js';

/*
 * META-INF/signatures.xml exactly as the Java client writes it (XAdES-B, detached references to the container's
 * files). The XML is built as strings; the canonical forms of SignedInfo and SignedProperties (inclusive C14N 1.0)
 * are built by construction alongside, because with this fixed layout their only variable parts are escaped text
 * and attribute values. The golden test pins the canonical bytes to the Java client's output.
 */

const NS_ASIC = 'http://uri.etsi.org/2918/v1.2.1#';
const NS_DS = 'http://www.w3.org/2000/09/xmldsig#';
const NS_XADES = 'http://uri.etsi.org/01903/v1.3.2#';
const C14N = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
const SHA1 = 'http://www.w3.org/2000/09/xmldsig#sha1';
const SIGNED_PROPERTIES_TYPE = 'http://uri.etsi.org/01903#SignedProperties';

/** The signing key and the certificate facts XAdES needs (see loadOrganizationCertificate in the crypto module). */
export interface XadesSigner {
  /** Unencrypted PKCS#8 DER of an RSA key. */
  privateKeyPkcs8: Uint8Array;
  /** DER certificates, leaf first; all go into KeyInfo. */
  chain: Uint8Array[];
  /** RFC 2253 issuer of the leaf (Java `X500Principal.getName()`). */
  issuerName: string;
  /** Decimal serial number of the leaf. */
  serialNumber: string;
}

/** A file to sign: the documents, then manifest.xml. */
export interface XadesFile {
  name: string;
  mimeType: string;
  bytes: Uint8Array;
}

export interface SignaturesXmlInput {
  files: XadesFile[];
  signer: XadesSigner;
  signingTime: Date;
  /** IANA zone SigningTime is written in; default `Europe/Oslo`, as the Java client's default clock in Norway. */
  timeZone?: string;
}

/** A file whose SHA-256 is already known (the container builder hashes each file once). */
export interface DigestedFile {
  name: string;
  mimeType: string;
  sha256: Uint8Array;
}

/** Every intermediate product, for tests that compare against the Java client byte for byte. */
export interface SignatureParts {
  /** Canonical (C14N 1.0) SignedInfo: the bytes that are signed. */
  canonicalSignedInfo: string;
  /** Canonical (C14N 1.0) SignedProperties: the bytes the `#SignedProperties` reference digests. */
  canonicalSignedProperties: string;
  signatureValue: string;
  /** The whole signatures.xml document. */
  xml: string;
}

/** Builds and signs META-INF/signatures.xml (UTF-8). */
export async function createSignaturesXml(input: SignaturesXmlInput): Promise<Uint8Array> {
  const files = await Promise.all(input.files.map(async (f) => ({ name: f.name, mimeType: f.mimeType, sha256: await sha256(f.bytes) })));
  const parts = await signatureParts({ ...input, files });
  return new TextEncoder().encode(parts.xml);
}

/** Internal: builds the signature from pre-computed file digests and returns every intermediate product. */
export async function signatureParts(input: {
  files: DigestedFile[];
  signer: XadesSigner;
  signingTime: Date;
  timeZone?: string | undefined;
  /** A native SHA-256 where the runtime has one; WebCrypto's otherwise. */
  sha256?: ((bytes: Uint8Array) => Promise<Uint8Array>) | undefined;
  /** A native RSA-SHA256 signature where the runtime has one; WebCrypto's otherwise. */
  signRsaSha256?: ((pkcs8: Uint8Array, data: Uint8Array) => Promise<Uint8Array>) | undefined;
}): Promise<SignatureParts> {
  const { files, signer } = input;
  if (files.length === 0) throw new ValidationError('documents', 'there must be at least one file to sign');
  for (const f of files) {
    if (f.name.length === 0) throw new ValidationError('fileName', 'a file name must not be empty');
    if (f.mimeType.length === 0) throw new ValidationError('mimeType', `${f.name} has no media type`);
  }
  const leaf = signer.chain[0];
  if (leaf === undefined) throw new ValidationError('signer', 'the certificate chain is empty');
  if (!/^-?\d+$/.test(signer.serialNumber)) throw new ValidationError('signer', 'the serial number must be a decimal integer');

  const signingTime = formatSigningTime(input.signingTime, input.timeZone ?? API_TIME_ZONE);
  const certificate = await certificateParts(signer.chain, leaf);
  const digest = input.sha256 ?? sha256;
  const sign = input.signRsaSha256 ?? webSignRsaSha256;

  // SignedProperties: as an element it holds no namespace declarations (they sit on QualifyingProperties); the
  // canonical form renders both in-scope declarations on it, default namespace first.
  const signedPropertiesBody =
    '<SignedSignatureProperties>' +
    `<SigningTime>${escapeText(signingTime)}</SigningTime>` +
    '<SigningCertificate><Cert><CertDigest>' +
    `<ns2:DigestMethod Algorithm="${SHA1}"></ns2:DigestMethod>` +
    `<ns2:DigestValue>${certificate.sha1}</ns2:DigestValue>` +
    '</CertDigest><IssuerSerial>' +
    `<ns2:X509IssuerName>${escapeText(signer.issuerName)}</ns2:X509IssuerName>` +
    `<ns2:X509SerialNumber>${escapeText(signer.serialNumber)}</ns2:X509SerialNumber>` +
    '</IssuerSerial></Cert></SigningCertificate></SignedSignatureProperties>' +
    '<SignedDataObjectProperties>' +
    files.map((f, i) => `<DataObjectFormat ObjectReference="#ID_${i}"><MimeType>${escapeText(f.mimeType)}</MimeType></DataObjectFormat>`).join('') +
    '</SignedDataObjectProperties></SignedProperties>';
  const canonicalSignedProperties = `<SignedProperties xmlns="${NS_XADES}" xmlns:ns2="${NS_DS}" Id="SignedProperties">` + signedPropertiesBody;
  const signedPropertiesDigest = await digest(new TextEncoder().encode(canonicalSignedProperties));

  // SignedInfo: inherits the xmldsig default namespace from Signature; the canonical form declares it.
  const signedInfoBody =
    `<CanonicalizationMethod Algorithm="${C14N}"></CanonicalizationMethod>` +
    `<SignatureMethod Algorithm="${RSA_SHA256}"></SignatureMethod>` +
    files
      .map(
        (f, i) =>
          `<Reference Id="ID_${i}" URI="${escapeAttribute(formUrlEncode(f.name))}">` +
          `<DigestMethod Algorithm="${SHA256}"></DigestMethod>` +
          `<DigestValue>${base64(f.sha256)}</DigestValue></Reference>`,
      )
      .join('') +
    `<Reference Type="${SIGNED_PROPERTIES_TYPE}" URI="#SignedProperties">` +
    `<Transforms><Transform Algorithm="${C14N}"></Transform></Transforms>` +
    `<DigestMethod Algorithm="${SHA256}"></DigestMethod>` +
    `<DigestValue>${base64(signedPropertiesDigest)}</DigestValue></Reference>` +
    '</SignedInfo>';
  const canonicalSignedInfo = `<SignedInfo xmlns="${NS_DS}">` + signedInfoBody;
  const signatureValue = base64(await sign(signer.privateKeyPkcs8, new TextEncoder().encode(canonicalSignedInfo)));

  const xml =
    '<?xml version="1.0" encoding="UTF-8" standalone="no"?>' +
    `<XAdESSignatures xmlns="${NS_ASIC}">` +
    `<Signature xmlns="${NS_DS}" Id="Signature">` +
    '<SignedInfo>' +
    signedInfoBody +
    `<SignatureValue>${signatureValue}</SignatureValue>` +
    certificate.keyInfo +
    `<Object><QualifyingProperties xmlns="${NS_XADES}" xmlns:ns2="${NS_DS}" Target="#Signature">` +
    '<SignedProperties Id="SignedProperties">' +
    signedPropertiesBody +
    '</QualifyingProperties></Object>' +
    '</Signature></XAdESSignatures>';
  return { canonicalSignedInfo, canonicalSignedProperties, signatureValue, xml };
}

/**
 * What depends only on the certificate chain (its KeyInfo and the leaf's SHA-1), computed once per chain: a
 * client signs every job with the same certificate, and base64 of the chain cost more than the XML around it.
 */
const certificateCache = new WeakMap<readonly Uint8Array[], Promise<{ sha1: string; keyInfo: string }>>();

function certificateParts(chain: readonly Uint8Array[], leaf: Uint8Array): Promise<{ sha1: string; keyInfo: string }> {
  let parts = certificateCache.get(chain);
  if (parts === undefined) {
    const keyInfo = '<KeyInfo><X509Data>' + chain.map((c) => `<X509Certificate>${base64(c)}</X509Certificate>`).join('') + '</X509Data></KeyInfo>';
    parts = sha1(leaf).then((digest) => ({ sha1: base64(digest), keyInfo }));
    certificateCache.set(chain, parts);
  }
  return parts;
}

/** Imported keys per PKCS#8 byte array: importing costs more than signing, and a client signs with one key. */
const importedKeys = new WeakMap<Uint8Array, Promise<CryptoKey>>();

function importSigningKey(pkcs8: Uint8Array): Promise<CryptoKey> {
  let key = importedKeys.get(pkcs8);
  if (key === undefined) {
    key = crypto.subtle
      .importKey('pkcs8', pkcs8 as Uint8Array<ArrayBuffer>, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign'])
      .catch((cause: unknown) => {
        importedKeys.delete(pkcs8);
        throw new ValidationError('signer', `the private key is not an RSA PKCS#8 key: ${(cause as Error).message}`);
      });
    importedKeys.set(pkcs8, key);
  }
  return key;
}

async function webSignRsaSha256(pkcs8: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  const key = await importSigningKey(pkcs8);
  return new Uint8Array(await crypto.subtle.sign('RSASSA-PKCS1-v1_5', key, data as Uint8Array<ArrayBuffer>));
}

export async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
}

async function sha1(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-1', bytes as Uint8Array<ArrayBuffer>));
}
