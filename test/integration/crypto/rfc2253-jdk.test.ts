import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';
import { describe, expect, it } from 'vitest';
import { rfc2253 } from '../../../src/crypto/rfc2253.js';
import { tempDir } from '../../helpers/pki.js';
import { nameDer } from '../../helpers/name-der.js';

const { asn1 } = forge;

const C = '2.5.4.6';
const O = '2.5.4.10';
const CN = '2.5.4.3';
const OU = '2.5.4.11';
const PRINTABLE = asn1.Type.PRINTABLESTRING as number;

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
      nameDer([
        { type: C, value: 'NO', valueTagClass: PRINTABLE },
        { type: '2.5.4.97', value: 'NTRNO-983163327' },
        { type: O, value: 'Buypass AS' },
        { type: CN, value: 'Buypass Class 3 Test4 CA G2 ST Business' },
      ]),
      nameDer([
        { type: O, value: ' Acme, "Ltd" <&> #1=2+3;4\\ ' },
        [
          { type: OU, value: 'A' },
          { type: CN, value: 'B' },
        ],
      ]),
      nameDer([
        { type: '2.5.4.5', value: '123456789', valueTagClass: PRINTABLE },
        { type: '2.5.4.8', value: 'Blåbær' },
        { type: CN, value: 'Ærlig', valueTagClass: asn1.Type.BMPSTRING as number },
      ]),
      nameDer([
        { type: '0.9.2342.19200300.100.1.25', value: 'no', valueTagClass: asn1.Type.IA5STRING as number },
        { type: '2.5.4.9', value: '#x' },
        { type: '0.9.2342.19200300.100.1.1', value: 'u' },
      ]),
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
