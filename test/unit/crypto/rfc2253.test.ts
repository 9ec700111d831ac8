import forge from 'node-forge';
import { describe, expect, it } from 'vitest';
import { escapeValue, rfc2253 } from '../../../src/crypto/rfc2253.js';
import { nameDer } from '../../helpers/name-der.js';

const { asn1 } = forge;

const C = '2.5.4.6';
const O = '2.5.4.10';
const CN = '2.5.4.3';
const OU = '2.5.4.11';
const PRINTABLE = asn1.Type.PRINTABLESTRING as number;

describe('rfc2253 (Java X500Principal.getName())', () => {
  it('prints the Buypass issuer with organizationIdentifier as OID=#hex, last RDN first', () => {
    const der = nameDer([
      { type: C, value: 'NO', valueTagClass: PRINTABLE },
      { type: '2.5.4.97', value: 'NTRNO-983163327' },
      { type: O, value: 'Buypass AS' },
      { type: CN, value: 'Buypass Class 3 Test4 CA G2 ST Business' },
    ]);
    expect(rfc2253(der)).toBe('CN=Buypass Class 3 Test4 CA G2 ST Business,O=Buypass AS,2.5.4.97=#0c0f4e54524e4f2d393833313633333237,C=NO');
  });

  it('uses only Java keywords: serialNumber, emailAddress and title become OID=#hex', () => {
    const der = nameDer([
      { type: '2.5.4.5', value: '123456789', valueTagClass: PRINTABLE },
      { type: '1.2.840.113549.1.9.1', value: 'a@b.no', valueTagClass: asn1.Type.IA5STRING as number },
      { type: '2.5.4.8', value: 'Oslo' },
      { type: '2.5.4.9', value: 'Gate 1' },
      { type: '0.9.2342.19200300.100.1.25', value: 'no', valueTagClass: asn1.Type.IA5STRING as number },
      { type: '0.9.2342.19200300.100.1.1', value: 'u1' },
    ]);
    expect(rfc2253(der)).toBe('UID=u1,DC=no,STREET=Gate 1,ST=Oslo,1.2.840.113549.1.9.1=#16066140622e6e6f,2.5.4.5=#1309313233343536373839');
  });

  it('escapes like Java: ,=+<>#;"\\ anywhere, leading and trailing spaces', () => {
    expect(escapeValue('Acme, "Ltd" <&>')).toBe('Acme\\, \\"Ltd\\" \\<&\\>');
    expect(escapeValue('#a=b+c;d\\')).toBe('\\#a\\=b\\+c\\;d\\\\');
    expect(escapeValue('  x  ')).toBe('\\ \\ x\\ \\ ');
    expect(escapeValue('æøå €')).toBe('æøå €');
    const der = nameDer([
      { type: O, value: ' Acme, "Ltd" <&> ' },
      [
        { type: OU, value: 'A' },
        { type: CN, value: 'B' },
      ],
    ]);
    expect(rfc2253(der)).toBe('OU=A+CN=B,O=\\ Acme\\, \\"Ltd\\" \\<&\\>\\ ');
  });

  it('decodes UTF8String text, and BMPString content as UTF-8 the way the JDK does', () => {
    const der = nameDer([
      { type: CN, value: 'Bl', valueTagClass: asn1.Type.BMPSTRING as number },
      { type: O, value: 'Ærlig AS' },
    ]);
    expect(rfc2253(der)).toBe('O=Ærlig AS,CN=\\00B\\00l');
  });
});
