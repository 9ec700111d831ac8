import { describe, expect, it } from 'vitest';
import { describeCertificate, organizationNumberOf, organizationNumberOfCertificate } from '../../../src/crypto/index.js';
import { makeIdentity } from '../../helpers/pki.js';
import { nameDer } from '../../helpers/name-der.js';

const O = '2.5.4.10';
const CN = '2.5.4.3';
const OU = '2.5.4.11';

describe('organizationNumberOf', () => {
  const SERIAL = '2.5.4.5';
  const ORG_ID = '2.5.4.97';
  it('takes organizationIdentifier NTRNO-<9 digits> when present, else a serialNumber of exactly 9 digits', () => {
    expect(organizationNumberOf(nameDer([{ type: ORG_ID, value: 'NTRNO-984661185' }]))).toBe('984661185');
    expect(organizationNumberOf(nameDer([{ type: SERIAL, value: '984661185' }]))).toBe('984661185');
    expect(
      organizationNumberOf(
        nameDer([
          { type: SERIAL, value: '984661185' },
          { type: ORG_ID, value: 'NTRNO-984661185' },
          { type: CN, value: 'POSTEN' },
        ]),
      ),
    ).toBe('984661185');
    // organizationIdentifier decides over a serialNumber that says otherwise.
    expect(
      organizationNumberOf(
        nameDer([
          { type: SERIAL, value: '111111111' },
          { type: ORG_ID, value: 'NTRNO-984661185' },
        ]),
      ),
    ).toBe('984661185');
    expect(
      organizationNumberOf(
        nameDer([
          { type: CN, value: '222222222 Acme' },
          { type: SERIAL, value: '988015814' },
        ]),
      ),
    ).toBe('988015814');
  });

  it('refuses every look-alike: CN, O, a malformed or foreign organizationIdentifier, a serialNumber that is not 9 digits', () => {
    const refused: [string, string][][] = [
      [[CN, '984661185 POSTEN NORGE AS']],
      [[CN, '984661185']],
      [
        [CN, '984661185'],
        [SERIAL, 'NO999999999'],
      ],
      [[ORG_ID, '984661185-EVIL']],
      [[ORG_ID, '984661185']],
      [[ORG_ID, 'NTRNO-9846611850']],
      [[ORG_ID, 'ntrno-984661185']],
      [[ORG_ID, 'NTRNO-984661185 ']],
      [
        [ORG_ID, 'VATNO-999999999'],
        [SERIAL, '984661185'],
      ],
      [[ORG_ID, 'NTRSE-988015814']],
      [[SERIAL, '12345678']],
      [[SERIAL, '9846611850']],
      [[SERIAL, ' 984661185']],
      [[O, '988015814']],
      [[OU, '988015814']],
      // Two answers are none.
      [
        [ORG_ID, 'NTRNO-984661185'],
        [ORG_ID, 'NTRNO-999999999'],
      ],
      [
        [SERIAL, '984661185'],
        [SERIAL, '999999999'],
      ],
    ];
    for (const attributes of refused) {
      const der = nameDer(attributes.map(([type, value]) => ({ type, value })));
      expect(organizationNumberOf(der), JSON.stringify(attributes)).toBeUndefined();
    }
  });

  it('reads a certificate and describes it', () => {
    const id = makeIdentity({
      subject: [
        { shortName: 'C', value: 'NO' },
        { type: '2.5.4.97', value: 'NTRNO-984661185' },
        { shortName: 'CN', value: 'Posten' },
      ],
      serial: 4242,
    });
    expect(organizationNumberOfCertificate(id.der)).toBe('984661185');
    const text = describeCertificate(id.der);
    expect(text).toContain('subject "CN=Posten,2.5.4.97=#0c0f4e54524e4f2d393834363631313835,C=NO"');
    expect(text).toContain('serial 4242');
    expect(describeCertificate(new Uint8Array([1, 2]))).toContain('unreadable');
  });
});
