import { createHash, createSign } from 'node:crypto';
import forge from 'node-forge';
import { canonicalize } from './c14n.js';
import { isoWithOffset } from './clock.js';
import { NS_DSIG, NS_XADES, descendants, parseXml } from './dom.js';
import type { IssuedCertificate } from './pki.js';
import { escapeXml } from './responses.js';
import { signerLabel, type Job, type SignerState } from './state/jobs.js';

/**
 * The per-signer XAdES artefact: a detached XML-DSig over the job's documents with XAdES SignedProperties, signed
 * by the simulator's signer CA leaf. Verifiable with any XML-DSig library (documents are referenced by file name).
 */
const C14N = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';

export function buildXades(job: Job, signer: SignerState, key: IssuedCertificate): string {
  const e = escapeXml;
  const id = `Signature-${signer.index}`;
  const spId = `SignedProperties-${signer.index}`;
  const certDer = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(key.cert)).getBytes(), 'binary');
  const refs = job.documents
    .map(
      (d, i) =>
        `<ds:Reference Id="ID_${i}" URI="${e(encodeURIComponent(d.href))}"><ds:DigestMethod Algorithm="${SHA256}"></ds:DigestMethod>` +
        `<ds:DigestValue>${createHash('sha256').update(d.bytes).digest('base64')}</ds:DigestValue></ds:Reference>`,
    )
    .join('');
  const formats = job.documents
    .map((d, i) => `<xades:DataObjectFormat ObjectReference="#ID_${i}"><xades:MimeType>${e(d.mime)}</xades:MimeType></xades:DataObjectFormat>`)
    .join('');
  const signedProperties =
    `<xades:SignedProperties Id="${spId}"><xades:SignedSignatureProperties>` +
    `<xades:SigningTime>${isoWithOffset(signer.signedAt ?? signer.since)}</xades:SigningTime>` +
    `<xades:SigningCertificate><xades:Cert><xades:CertDigest><ds:DigestMethod Algorithm="${SHA256}"></ds:DigestMethod>` +
    `<ds:DigestValue>${createHash('sha256').update(certDer).digest('base64')}</ds:DigestValue></xades:CertDigest>` +
    `<xades:IssuerSerial><ds:X509IssuerName>CN=Simulator Signer CA,O=Posten signering simulator,C=NO</ds:X509IssuerName>` +
    `<ds:X509SerialNumber>${BigInt(`0x${key.cert.serialNumber}`)}</ds:X509SerialNumber></xades:IssuerSerial></xades:Cert></xades:SigningCertificate>` +
    `<xades:SignerRole><xades:ClaimedRoles><xades:ClaimedRole>${e(signerLabel(signer))}</xades:ClaimedRole></xades:ClaimedRoles></xades:SignerRole>` +
    `</xades:SignedSignatureProperties><xades:SignedDataObjectProperties>${formats}</xades:SignedDataObjectProperties></xades:SignedProperties>`;
  const build = (spDigest: string, signatureValue: string): string =>
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
    `<XAdESSignatures xmlns="http://uri.etsi.org/2918/v1.2.1#"><ds:Signature xmlns:ds="${NS_DSIG}" Id="${id}">` +
    `<ds:SignedInfo><ds:CanonicalizationMethod Algorithm="${C14N}"></ds:CanonicalizationMethod><ds:SignatureMethod Algorithm="${RSA_SHA256}"></ds:SignatureMethod>` +
    refs +
    `<ds:Reference Type="http://uri.etsi.org/01903#SignedProperties" URI="#${spId}"><ds:Transforms><ds:Transform Algorithm="${C14N}"></ds:Transform></ds:Transforms>` +
    `<ds:DigestMethod Algorithm="${SHA256}"></ds:DigestMethod><ds:DigestValue>${spDigest}</ds:DigestValue></ds:Reference></ds:SignedInfo>` +
    `<ds:SignatureValue>${signatureValue}</ds:SignatureValue>` +
    `<ds:KeyInfo><ds:X509Data><ds:X509Certificate>${certDer.toString('base64')}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>` +
    `<ds:Object><xades:QualifyingProperties xmlns:xades="${NS_XADES}" Target="#${id}">${signedProperties}</xades:QualifyingProperties></ds:Object>` +
    `</ds:Signature></XAdESSignatures>`;

  const draft = parseXml(build('', ''), 'xades');
  const sp = descendants(draft, NS_XADES, 'SignedProperties')[0]!;
  const spDigest = createHash('sha256').update(canonicalize(sp), 'utf8').digest('base64');
  const withDigest = parseXml(build(spDigest, ''), 'xades');
  const signedInfo = descendants(withDigest, NS_DSIG, 'SignedInfo')[0]!;
  const signatureValue = createSign('RSA-SHA256').update(canonicalize(signedInfo), 'utf8').sign(key.keyPem, 'base64');
  return build(spDigest, signatureValue);
}
