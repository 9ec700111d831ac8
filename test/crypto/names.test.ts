import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';
import { describe, expect, it } from 'vitest';
import { escapeValue, rfc2253 } from '../../src/crypto/rfc2253.js';
import { describeCertificate, organizationNumberOf, organizationNumberOfCertificate } from '../../src/crypto/index.js';
import { makeIdentity, tempDir, type NameAttribute } from '../helpers/pki.js';

const { asn1 } = forge;

/** DER of a Name built attribute by attribute, each RDN single-valued unless given as an array. */
function nameDer(rdns: (NameAttribute | NameAttribute[])[]): Uint8Array {
  const ava = (a: NameAttribute) =>
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(a.type ?? '').getBytes()),
      asn1.create(asn1.Class.UNIVERSAL, a.valueTagClass ?? asn1.Type.UTF8, false, a.valueTagClass === asn1.Type.BMPSTRING ? a.value /* forge encodes BMPString itself */ : Buffer.from(a.value, 'utf8').toString('latin1')),
    ]);
  const name = asn1.create(
    asn1.Class.UNIVERSAL,
    asn1.Type.SEQUENCE,
    true,
    rdns.map((r) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, (Array.isArray(r) ? r : [r]).map(ava))),
  );
  return new Uint8Array(Buffer.from(asn1.toDer(name).getBytes(), 'latin1'));
}

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
    const der = nameDer([{ type: O, value: ' Acme, "Ltd" <&> ' }, [{ type: OU, value: 'A' }, { type: CN, value: 'B' }]]);
    expect(rfc2253(der)).toBe('OU=A+CN=B,O=\\ Acme\\, \\"Ltd\\" \\<&\\>\\ ');
  });

  it('decodes UTF8String text, and BMPString content as UTF-8 the way the JDK does', () => {
    const der = nameDer([{ type: CN, value: 'Bl', valueTagClass: asn1.Type.BMPSTRING as number }, { type: O, value: 'Ærlig AS' }]);
    expect(rfc2253(der)).toBe('O=Ærlig AS,CN=\\00B\\00l');
  });
});

describe('organizationNumberOf', () => {
  const SERIAL = '2.5.4.5';
  const ORG_ID = '2.5.4.97';
  it('takes organizationIdentifier NTRNO-<9 digits> when present, else a serialNumber of exactly 9 digits', () => {
    expect(organizationNumberOf(nameDer([{ type: ORG_ID, value: 'NTRNO-984661185' }]))).toBe('984661185');
    expect(organizationNumberOf(nameDer([{ type: SERIAL, value: '984661185' }]))).toBe('984661185');
    expect(organizationNumberOf(nameDer([{ type: SERIAL, value: '984661185' }, { type: ORG_ID, value: 'NTRNO-984661185' }, { type: CN, value: 'POSTEN' }]))).toBe('984661185');
    // organizationIdentifier decides over a serialNumber that says otherwise.
    expect(organizationNumberOf(nameDer([{ type: SERIAL, value: '111111111' }, { type: ORG_ID, value: 'NTRNO-984661185' }]))).toBe('984661185');
    expect(organizationNumberOf(nameDer([{ type: CN, value: '222222222 Acme' }, { type: SERIAL, value: '988015814' }]))).toBe('988015814');
  });

  it('refuses every look-alike: CN, O, a malformed or foreign organizationIdentifier, a serialNumber that is not 9 digits', () => {
    const refused: [string, string][][] = [
      [[CN, '984661185 POSTEN NORGE AS']],
      [[CN, '984661185']],
      [[CN, '984661185'], [SERIAL, 'NO999999999']],
      [[ORG_ID, '984661185-EVIL']],
      [[ORG_ID, '984661185']],
      [[ORG_ID, 'NTRNO-9846611850']],
      [[ORG_ID, 'ntrno-984661185']],
      [[ORG_ID, 'NTRNO-984661185 ']],
      [[ORG_ID, 'VATNO-999999999'], [SERIAL, '984661185']],
      [[ORG_ID, 'NTRSE-988015814']],
      [[SERIAL, '12345678']],
      [[SERIAL, '9846611850']],
      [[SERIAL, ' 984661185']],
      [[O, '988015814']],
      [[OU, '988015814']],
      // Two answers are none.
      [[ORG_ID, 'NTRNO-984661185'], [ORG_ID, 'NTRNO-999999999']],
      [[SERIAL, '984661185'], [SERIAL, '999999999']],
    ];
    for (const attributes of refused) {
      const der = nameDer(attributes.map(([type, value]) => ({ type, value })));
      expect(organizationNumberOf(der), JSON.stringify(attributes)).toBeUndefined();
    }
  });

  it('reads a certificate and describes it', () => {
    const id = makeIdentity({ subject: [{ shortName: 'C', value: 'NO' }, { type: '2.5.4.97', value: 'NTRNO-984661185' }, { shortName: 'CN', value: 'Posten' }], serial: 4242 });
    expect(organizationNumberOfCertificate(id.der)).toBe('984661185');
    const text = describeCertificate(id.der);
    expect(text).toContain('subject "CN=Posten,2.5.4.97=#0c0f4e54524e4f2d393834363631313835,C=NO"');
    expect(text).toContain('serial 4242');
    expect(describeCertificate(new Uint8Array([1, 2]))).toContain('unreadable');
  });
});

describe('rfc2253 against the JDK itself (skipped without java)', () => {
  const java = (() => {
    try {
      execFileSync('java', ['-version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();

  it.skipIf(!java)('prints the same strings as X500Principal.getName()', () => {
    const names = [
      nameDer([{ type: C, value: 'NO', valueTagClass: PRINTABLE }, { type: '2.5.4.97', value: 'NTRNO-983163327' }, { type: O, value: 'Buypass AS' }, { type: CN, value: 'Buypass Class 3 Test4 CA G2 ST Business' }]),
      nameDer([{ type: O, value: ' Acme, "Ltd" <&> #1=2+3;4\\ ' }, [{ type: OU, value: 'A' }, { type: CN, value: 'B' }]]),
      nameDer([{ type: '2.5.4.5', value: '123456789', valueTagClass: PRINTABLE }, { type: '2.5.4.8', value: 'Blåbær' }, { type: CN, value: 'Ærlig', valueTagClass: asn1.Type.BMPSTRING as number }]),
      nameDer([{ type: '0.9.2342.19200300.100.1.25', value: 'no', valueTagClass: asn1.Type.IA5STRING as number }, { type: '2.5.4.9', value: '#x' }, { type: '0.9.2342.19200300.100.1.1', value: 'u' }]),
    ];
    const dir = tempDir();
    const source = join(dir, 'Names.java');
    writeFileSync(
      source,
      'public class Names { public static void main(String[] a) throws Exception { for (String s : a) ' +
        'System.out.println(new javax.security.auth.x500.X500Principal(java.util.Base64.getDecoder().decode(s)).getName()); } }',
    );
    const out = execFileSync('java', [source, ...names.map((n) => Buffer.from(n).toString('base64'))], { encoding: 'utf8' });
    expect(names.map((n) => rfc2253(n))).toEqual(out.trimEnd().split('\n'));
  });
});
