import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, createVerify, X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { C14nCanonicalization, findAncestorNs } from 'xml-crypto';
import { validateXML } from 'xmllint-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { createAsice } from '../../../src/asice/asice.js';
import { webPrimitives } from '../../../src/asice/primitives.js';
import { nodePrimitives } from '../../../src/client/node-primitives.js';
import { ValidationError } from '../../../src/errors/index.js';
import { formUrlEncode } from '../../../src/asice/url-encode.js';
import { createSignaturesXml, type XadesFile, type XadesSigner } from '../../../src/asice/xades.js';
import { loadOrganizationCertificate, type OrganizationCertificate } from '../../../src/crypto/index.js';
import { forgeP12, makeIdentity, tempDir, type TestIdentity } from '../../helpers/pki.js';

/*
 * The signature is checked by implementations that share nothing with ours: xml-crypto's C14N and node:crypto for
 * the XMLDSig core rules, xmlsec1 (libxmlsec/libxml2) end to end, and libxml2's schema validator (xmllint-wasm).
 */

const DS = 'http://www.w3.org/2000/09/xmldsig#';
const XADES = 'http://uri.etsi.org/01903/v1.3.2#';

const FILES: XadesFile[] = [
  { name: 'Dokument 1 æøå &<>".pdf', mimeType: 'application/pdf', bytes: new TextEncoder().encode('%PDF-1.4 første dokument') },
  { name: '0001_kontrakt_vilkaar.txt', mimeType: 'text/plain', bytes: new TextEncoder().encode('Vilkår & betingelser <ingen>') },
  { name: 'manifest.xml', mimeType: 'application/xml', bytes: new TextEncoder().encode('<manifest>æ</manifest>') },
];

function textOf(parent: Element | Document, ns: string, localName: string): string {
  const el = parent.getElementsByTagNameNS(ns, localName)[0];
  if (el === undefined) throw new Error(`no ${localName}`);
  return el.textContent ?? '';
}

function canonical(doc: Document, el: Element): string {
  const ancestorNamespaces = findAncestorNs(doc, `//*[local-name()='${el.localName}']`);
  return new C14nCanonicalization().process(el, { ancestorNamespaces }) as string;
}

/**
 * Core XMLDSig validation with an independent canonicaliser: every Reference digest (detached files resolved by
 * their URI-decoded names, `#SignedProperties` by Id) and the SignatureValue over the canonical SignedInfo, with
 * the public key of the first KeyInfo certificate. Returns the problems found; empty means valid.
 */
function verify(xml: string, files: Map<string, Uint8Array>): string[] {
  const problems: string[] = [];
  const doc = new DOMParser().parseFromString(xml, 'application/xml') as unknown as Document;
  const signedInfo = doc.getElementsByTagNameNS(DS, 'SignedInfo')[0]!;
  for (const ref of Array.from(signedInfo.getElementsByTagNameNS(DS, 'Reference'))) {
    const uri = ref.getAttribute('URI') ?? '';
    let bytes: Uint8Array | string;
    if (uri.startsWith('#')) {
      const target = Array.from(doc.getElementsByTagNameNS(XADES, 'SignedProperties')).find((e) => e.getAttribute('Id') === uri.slice(1));
      if (target === undefined) {
        problems.push(`no element ${uri}`);
        continue;
      }
      bytes = canonical(doc, target);
    } else {
      const file = files.get(decodeURIComponent(uri.replace(/\+/g, ' ')));
      if (file === undefined) {
        problems.push(`no file for ${uri}`);
        continue;
      }
      bytes = file;
    }
    if (createHash('sha256').update(bytes).digest('base64') !== textOf(ref, DS, 'DigestValue')) problems.push(`digest of ${uri}`);
  }
  const cert = new X509Certificate(Buffer.from(textOf(doc, DS, 'X509Certificate'), 'base64'));
  const ok = createVerify('RSA-SHA256')
    .update(canonical(doc, signedInfo))
    .verify(cert.publicKey, textOf(doc, DS, 'SignatureValue'), 'base64');
  if (!ok) problems.push('SignatureValue');
  // The signed properties must describe that same certificate.
  if (textOf(doc, DS, 'DigestValue') === '') problems.push('empty digest');
  const certDigest = doc.getElementsByTagNameNS(XADES, 'CertDigest')[0]!;
  if (textOf(certDigest, DS, 'DigestValue') !== createHash('sha1').update(cert.raw).digest('base64')) problems.push('CertDigest');
  if (textOf(doc, DS, 'X509SerialNumber') !== BigInt(`0x${cert.serialNumber}`).toString()) problems.push('X509SerialNumber');
  return problems;
}

function hasXmlsec(): boolean {
  try {
    execFileSync('xmlsec1', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs xmlsec1 on the signature with the detached files mapped by their unescaped names. xmlsec unescapes URIs by
 * RFC 3986, where `+` is a plain plus, whereas the Java client writes form encoding (space → `+`); so the map key
 * is the URI %-decoded only, which for sanitised names (the normal case) is the file name itself.
 */
function xmlsec(xml: string, files: Map<string, Uint8Array>): { ok: boolean; output: string } {
  const dir = tempDir();
  const args = ['--verify', '--insecure'];
  [...files].forEach(([name, bytes], i) => {
    const path = join(dir, `file-${i}`);
    writeFileSync(path, bytes);
    const uri = name === 'manifest.xml' || /^[0-9a-z._-]+$/.test(name) ? name : formUrlEncode(name);
    args.push(`--url-map:${decodeURIComponent(uri)}`, path);
  });
  const sigPath = join(dir, 'signatures.xml');
  writeFileSync(sigPath, xml);
  // xmlsec1 reports on stderr, also on success.
  const r = spawnSync('xmlsec1', [...args, sigPath], { encoding: 'utf8' });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

describe('signatures.xml checked by independent implementations', () => {
  let intermediate: TestIdentity;
  let cert: OrganizationCertificate;
  let signer: XadesSigner;
  let xml: string;
  const files = new Map(FILES.map((f) => [f.name, f.bytes]));

  beforeAll(async () => {
    const root = makeIdentity({
      subject: [
        { shortName: 'C', value: 'NO' },
        { shortName: 'CN', value: 'Root' },
      ],
      ca: true,
      serial: 1,
    });
    intermediate = makeIdentity({
      subject: [
        { shortName: 'C', value: 'NO' },
        { type: '2.5.4.97', value: 'NTRNO-123456789' },
        { shortName: 'O', value: 'Acme, "Ltd" <&>' },
        { shortName: 'CN', value: ' Acme CA #1 ' },
      ],
      issuer: root,
      ca: true,
      serial: 2,
    });
    const leaf = makeIdentity({
      subject: [
        { shortName: 'C', value: 'NO' },
        { shortName: 'CN', value: '123456789 Acme AS' },
      ],
      issuer: intermediate,
      serial: 589725471,
    });
    cert = await loadOrganizationCertificate({ pkcs12: forgeP12(leaf.key, [leaf.cert, intermediate.cert, root.cert], 'pw', 'aes256'), password: 'pw' });
    signer = { privateKeyPkcs8: cert.privateKeyPkcs8, chain: cert.chain, issuerName: cert.leaf.issuer, serialNumber: cert.leaf.serialNumber };
    xml = new TextDecoder().decode(
      await createSignaturesXml({ files: FILES, signer, signingTime: new Date('2024-06-30T22:00:00.123Z'), timeZone: 'Europe/Oslo' }),
    );
  });

  it('uses an issuer name and file names that need escaping', () => {
    expect(cert.leaf.issuer).toBe('CN=\\ Acme CA \\#1\\ ,O=Acme\\, \\"Ltd\\" \\<&\\>,2.5.4.97=#0c0f4e54524e4f2d313233343536373839,C=NO');
    expect(xml).toContain('<ns2:X509IssuerName>CN=\\ Acme CA \\#1\\ ,O=Acme\\, \\"Ltd\\" \\&lt;&amp;\\&gt;,2.5.4.97=');
    expect(xml).toContain('URI="Dokument+1+%C3%A6%C3%B8%C3%A5+%26%3C%3E%22.pdf"');
    expect(xml).toContain('<SigningTime>2024-07-01T00:00:00.123+02:00</SigningTime>');
    expect(xml.match(/<X509Certificate>/g)).toHaveLength(2);
  });

  it('verifies with xml-crypto C14N and node:crypto', () => {
    expect(verify(xml, files)).toEqual([]);
  });

  it('fails when one byte of a document changes', () => {
    const tampered = new Map(files);
    const bytes = new Uint8Array(FILES[1]!.bytes);
    bytes[3]! ^= 1;
    tampered.set(FILES[1]!.name, bytes);
    expect(verify(xml, tampered)).toEqual(['digest of 0001_kontrakt_vilkaar.txt']);
  });

  it('fails when SigningTime changes', () => {
    const tampered = xml.replace('2024-07-01T00:00:00.123+02:00', '2024-07-01T00:00:01.123+02:00');
    expect(tampered).not.toBe(xml);
    expect(verify(tampered, files)).toEqual(['digest of #SignedProperties']);
  });

  it('fails when the SignatureValue does not belong to SignedInfo', () => {
    const tampered = xml.replace('URI="manifest.xml"', 'URI="manifest.xml" ');
    expect(verify(tampered, files)).toEqual([]); // whitespace inside a tag is not in the canonical form
    const swapped = xml.replace(/(<DigestValue>)([^<]+)(<\/DigestValue><\/Reference><Reference Id="ID_1")/, '$1AAAA$3');
    expect(verify(swapped, files)).toContain('SignatureValue');
  });

  it.skipIf(!hasXmlsec())('verifies with xmlsec1, and xmlsec1 rejects tampering', () => {
    const good = xmlsec(xml, files);
    expect(good.output).toContain('OK');
    expect(good.output).toMatch(/SignedInfo References \(ok\/all\): 4\/4/);
    expect(good.ok).toBe(true);

    const tamperedFiles = new Map(files);
    tamperedFiles.set(FILES[0]!.name, new Uint8Array([...FILES[0]!.bytes, 0x20]));
    expect(xmlsec(xml, tamperedFiles).ok).toBe(false);
    expect(xmlsec(xml.replace('00:00:00.123+02:00', '00:00:00.124+02:00'), files).ok).toBe(false);
  });

  it('is valid against the ASiC + XAdES schemas (libxml2 via xmllint-wasm)', async () => {
    const dir = new URL('../../../resources/signature-api-spec/schema/xsd/thirdparty/', import.meta.url);
    const xsd = (name: string) => ({ fileName: name, contents: readFileSync(new URL(name, dir), 'utf8') });
    const run = (contents: string) =>
      validateXML({
        xml: [{ fileName: 'signatures.xml', contents }],
        schema: [xsd('signatures-with-xades.xsd')],
        preload: [xsd('xmldsig-core-schema.xsd'), xsd('ts_102918v010201.xsd'), xsd('XAdES.xsd')],
      });
    const result = await run(xml);
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    // The schema check has teeth: an element XAdES does not define is refused.
    const bogus = await run(xml.replace('<SignedDataObjectProperties>', '<Bogus></Bogus><SignedDataObjectProperties>'));
    expect(bogus.valid).toBe(false);
  });

  it('createAsice: the container holds the files in Java order and its signature verifies', async () => {
    const documents = FILES.slice(0, 2).map((f) => ({ fileName: f.name, mimeType: f.mimeType, bytes: f.bytes }));
    const zip = await createAsice({ documents, manifestXml: FILES[2]!.bytes, signer, signingTime: new Date('2024-01-15T12:00:00Z') });
    const dir = tempDir();
    const zipPath = join(dir, 'job.asice');
    writeFileSync(zipPath, zip);
    const out = join(dir, 'out');
    mkdirSync(out);
    const names = execFileSync(
      'python3',
      [
        '-c',
        'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; z.extractall(sys.argv[2]); print("\\n".join(z.namelist()))',
        zipPath,
        out,
      ],
      { encoding: 'utf8' },
    )
      .trim()
      .split('\n');
    expect(names).toEqual([FILES[0]!.name, FILES[1]!.name, 'manifest.xml', 'META-INF/signatures.xml']);
    const extracted = new Map(names.slice(0, 3).map((n) => [n, new Uint8Array(readFileSync(join(out, n)))]));
    const signatures = readFileSync(join(out, 'META-INF/signatures.xml'), 'utf8');
    expect(signatures).toContain('<SigningTime>2024-01-15T13:00:00+01:00</SigningTime>');
    expect(verify(signatures, extracted)).toEqual([]);
    if (hasXmlsec()) expect(xmlsec(signatures, extracted).ok).toBe(true);
  });

  it("Node's native primitives (hashing, deflate, RSA on this thread) build the same bytes as the web platform's", async () => {
    const documents = FILES.slice(0, 2).map((f) => ({ fileName: f.name, mimeType: f.mimeType, bytes: f.bytes }));
    const input = { documents, manifestXml: FILES[2]!.bytes, signer, signingTime: new Date('2024-01-15T12:00:00Z') };
    const native = await createAsice({ ...input, primitives: nodePrimitives });
    const web = await createAsice({ ...input, primitives: webPrimitives });
    // RSASSA-PKCS1-v1_5 is deterministic, so the same key and SignedInfo give the same SignatureValue.
    expect(Buffer.from(native).equals(Buffer.from(web))).toBe(true);
  });

  it.each([
    ['native', nodePrimitives],
    ['web', webPrimitives],
  ])('refuses a key that is not RSA with ValidationError naming the signer (%s)', async (_, primitives) => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'der', type: 'pkcs8' });
    const documents = FILES.slice(0, 1).map((f) => ({ fileName: f.name, mimeType: f.mimeType, bytes: f.bytes }));
    const error = await createAsice({
      documents,
      manifestXml: FILES[2]!.bytes,
      signer: { ...signer, privateKeyPkcs8: new Uint8Array(ec) },
      signingTime: new Date(),
      primitives,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('signer');
  });
});
