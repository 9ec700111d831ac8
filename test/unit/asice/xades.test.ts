import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadOrganizationCertificate } from '../../../src/crypto/index.js';
import { createSignaturesXml, signatureParts, sha256 } from '../../../src/asice/xades.js';

const fixture = (p: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../../fixtures/${p}`, import.meta.url)));
const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

// The Java client's CreateSignatureTest vector (protocol.md §3.4); the certificate expired in 2015, so load it as of
// a date inside its validity.
const EXPECTED_SIGNATURE_VALUE =
  'L3HFN44OGUEbK5p9zxbnDZrey+UnQ9fYQX0k7gv8hfxouRfXFvNHXtUJEI00/BOlhcyGRu8wEIpKYEkDIzjWZyKXjV8Tz6PkHMJedgVGFDPlKwkx7gufntbjH2xqhBOsJzobDQ44rqOlK1YiXNQCPAMFwN/CpOTQTRFuf9/37BN2QG5cmgz+ZNqcKPwQnjrVaQBOrQEc5D2/n05aPsRdc6OUzu2TIftoRLRH1peRDLCAo7MjPNhYo1CCinBa0FMipG5jtqUPYJJMTt56wIJlwQ95PhGIEYtdRYwxlgSau9Bw+wYmD4NU0K0hw6FgBQ/UDF87T5Zr7HTPWPMwpngkWg==';

async function goldenInput() {
  const cert = await loadOrganizationCertificate({ pkcs12: fixture('avsender-legacy.p12'), password: 'password1234' }, new Date('2015-01-01T00:00:00Z'));
  const signer = {
    privateKeyPkcs8: cert.privateKeyPkcs8,
    chain: cert.chain,
    issuerName: cert.leaf.issuer,
    serialNumber: cert.leaf.serialNumber,
  };
  const files = [
    { name: 'dokument.pdf', mimeType: 'application/pdf', bytes: ascii('hoveddokument-innhold') },
    { name: 'manifest.xml', mimeType: 'application/xml', bytes: ascii('manifest-innhold') },
  ];
  return { cert, signer, files, signingTime: new Date('2018-11-29T08:15:00Z'), timeZone: 'Europe/Oslo' };
}

describe('XAdES golden vector of the Java client', () => {
  it('reproduces the canonical SignedInfo, SignedProperties and SignatureValue byte for byte', async () => {
    const { cert, signer, files, signingTime, timeZone } = await goldenInput();
    expect(cert.leaf.sha1).toBe('6Gko40cr8upGenUAxIT6bBVcRfo=');
    expect(cert.leaf.issuer).toBe('CN=Avsender,OU=Avsender,O=Avsender,L=Oslo,ST=NO,C=NO');
    expect(cert.leaf.serialNumber).toBe('589725471');
    const digested = await Promise.all(files.map(async (f) => ({ ...f, sha256: await sha256(f.bytes) })));
    const parts = await signatureParts({ files: digested, signer, signingTime, timeZone });

    expect(Buffer.from(parts.canonicalSignedProperties, 'utf8')).toEqual(
      readFileSync(new URL('../../fixtures/golden/java-golden-signedproperties.c14n.xml', import.meta.url)),
    );
    expect(Buffer.from(parts.canonicalSignedInfo, 'utf8')).toEqual(
      readFileSync(new URL('../../fixtures/golden/java-golden-signedinfo.c14n.xml', import.meta.url)),
    );
    expect(parts.signatureValue).toBe(EXPECTED_SIGNATURE_VALUE);

    const table: [string, string][] = [
      ['<SigningTime>2018-11-29T09:15:00+01:00</SigningTime>', 'SigningTime'],
      ['<ns2:DigestValue>6Gko40cr8upGenUAxIT6bBVcRfo=</ns2:DigestValue>', 'CertDigest'],
      [
        '<Reference Id="ID_0" URI="dokument.pdf"><DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"></DigestMethod><DigestValue>XdxjXOUnFR8hgR5NBjFc0I7DnILAukbaQ12CPoP5jXs=</DigestValue>',
        'ID_0',
      ],
      [
        '<Reference Id="ID_1" URI="manifest.xml"><DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"></DigestMethod><DigestValue>wEftXp/TkL614dcx9Txw8O1lLxylP8ZS2WohNKbFdQo=</DigestValue>',
        'ID_1',
      ],
      ['<DigestValue>n4ZOYvk7M6YXWrrunai7lVH48xeDJDxER9TlJ7c8f/g=</DigestValue></Reference></SignedInfo>', 'SignedProperties digest'],
      ['<ns2:X509SerialNumber>589725471</ns2:X509SerialNumber>', 'serial'],
      [`<SignatureValue>${EXPECTED_SIGNATURE_VALUE}</SignatureValue>`, 'SignatureValue'],
      [`<X509Certificate>${Buffer.from(cert.leaf.der).toString('base64')}</X509Certificate>`, 'certificate'],
    ];
    for (const [fragment, what] of table) expect(parts.xml, what).toContain(fragment);
  });

  it('createSignaturesXml writes the same document as the parts', async () => {
    const { signer, files, signingTime, timeZone } = await goldenInput();
    const xml = new TextDecoder().decode(await createSignaturesXml({ files, signer, signingTime, timeZone }));
    expect(
      xml.startsWith(
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?><XAdESSignatures xmlns="http://uri.etsi.org/2918/v1.2.1#"><Signature xmlns="http://www.w3.org/2000/09/xmldsig#" Id="Signature"><SignedInfo><CanonicalizationMethod',
      ),
    ).toBe(true);
    expect(xml).toContain(`<SignatureValue>${EXPECTED_SIGNATURE_VALUE}</SignatureValue>`);
    expect(xml).toContain(
      '<Object><QualifyingProperties xmlns="http://uri.etsi.org/01903/v1.3.2#" xmlns:ns2="http://www.w3.org/2000/09/xmldsig#" Target="#Signature"><SignedProperties Id="SignedProperties"><SignedSignatureProperties>',
    );
    expect(xml).not.toMatch(/>\s+</);
  });
});
