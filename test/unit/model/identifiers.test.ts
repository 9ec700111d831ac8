// Every XSD limit and business rule is enforced when the model object is constructed, with a ValidationError
// naming the field: a mistake is reported at the line that made it, not as an HTTP 400 after an upload.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  CustomIdentifier,
  DirectJob,
  DirectSigner,
  Email,
  NotificationsUsingLookup,
  PersonalIdentificationNumber,
  PollingQueue,
  PortalSigner,
  Sender,
  Sms,
} from '../../../src/model/index.js';
import { pdf, exit, refused } from '../../helpers/model.js';

describe('identifiers', () => {
  it.each(['', '0101330000', '010133000011', '0101330000a', ' 01013300001', '01013300001\n', '０１０１３３０００１１', '٠١٠١٣٣٠٠٠٠١'])(
    'refuses the PIN %j',
    (value) => {
      refused(() => new PersonalIdentificationNumber(value), 'personalIdentificationNumber');
    },
  );

  it('refuses a PIN that is not a string, and says so', () => {
    const e = refused(() => new PersonalIdentificationNumber(1013300001 as unknown as string), 'personalIdentificationNumber');
    expect(e.message).toBe('personalIdentificationNumber: must be a string of 11 digits, got number');
    expect(refused(() => new PersonalIdentificationNumber(null as unknown as string), 'personalIdentificationNumber').message).toMatch(
      /must be a string of 11 digits, got null$/,
    );
  });

  it('counts in the right number: 1 character, 2 characters', () => {
    expect(refused(() => new PersonalIdentificationNumber('1'), 'personalIdentificationNumber').message).toBe(
      'personalIdentificationNumber: must be exactly 11 digits, got 1 character',
    );
    expect(refused(() => new PersonalIdentificationNumber('12'), 'personalIdentificationNumber').message).toBe(
      'personalIdentificationNumber: must be exactly 11 digits, got 2 characters',
    );
    expect(refused(() => new CustomIdentifier('x'.repeat(81)), 'customIdentifier').message).toBe('customIdentifier: must be at most 80 characters, got 81');
  });

  it.each([
    ['+47 999 99 999', '+4799999999'],
    ['0047 999 99 999', '+4799999999'],
    ['0047-999-99-999', '+4799999999'],
    ['+4799999999', '+4799999999'],
    ['999 99 999', '99999999'],
    ['99-99-99-99', '99999999'],
    ['+46\u00A070-123 45 67', '+46701234567'],
    ['00000000', '00000000'],
  ])('Sms accepts %j as people write it and keeps %j', (written, normalised) => {
    expect(new Sms(written).number).toBe(normalised);
  });

  it.each(['', 'abc', '+47 999 99 99x', '++4799999999', '12', '+', '0047 (999) 99 999', '1'.repeat(21)])('Sms refuses %j', (value) => {
    refused(() => new Sms(value), 'sms');
  });

  it('custom identifiers are 1 to 80 characters', () => {
    refused(() => new CustomIdentifier(''), 'customIdentifier');
    refused(() => new CustomIdentifier('x'.repeat(81)), 'customIdentifier');
    expect(new CustomIdentifier('x'.repeat(80)).value).toHaveLength(80);
    expect(new CustomIdentifier('😀'.repeat(80)).value).toHaveLength(160); // 80 characters, 160 UTF-16 units
    refused(() => new CustomIdentifier('😀'.repeat(81)), 'customIdentifier');
  });

  it('sender organisation numbers are exactly 9 digits', () => {
    for (const org of ['', '12345678', '1234567890', '12345678a', ' 123456789']) refused(() => new Sender(org), 'sender.organizationNumber');
    refused(() => new Sender(123456789 as unknown as string), 'sender.organizationNumber');
    expect(new Sender('123456789').organizationNumber).toBe('123456789');
  });

  it('polling queue names are 1 to 100 characters of XML text', () => {
    refused(() => new PollingQueue(''), 'pollingQueue');
    refused(() => new PollingQueue('q'.repeat(101)), 'pollingQueue');
    refused(() => new PollingQueue('a\u0000b'), 'pollingQueue');
  });
});

describe('PersonalIdentificationNumber never shows more than six digits', () => {
  const value = '01013312345';
  const p = new PersonalIdentificationNumber(value);

  it('toString, template strings and String()', () => {
    expect(p.toString()).toBe('PersonalIdentificationNumber(010133*****)');
    expect(`${p}`).not.toContain('12345');
    expect(String(p)).not.toContain(value);
  });

  it('JSON.stringify, alone and nested in signers and jobs', () => {
    expect(JSON.stringify(p)).toBe('"010133*****"');
    const job = new DirectJob(pdf(), [new DirectSigner(p)], undefined, exit);
    expect(JSON.stringify(job)).not.toContain(value);
    expect(JSON.stringify({ signer: new PortalSigner(p, new NotificationsUsingLookup()) })).not.toContain(value);
  });

  it('util.inspect, alone, nested, and inside errors', () => {
    expect(inspect(p)).toBe('PersonalIdentificationNumber(010133*****)');
    expect(inspect({ deep: { deeper: [p] } }, { depth: 10 })).not.toContain(value);
    expect(inspect(new DirectSigner(p), { depth: 10 })).not.toContain(value);
    expect(inspect(new DirectJob(pdf(), [new DirectSigner(p)], undefined, exit), { depth: 10 })).not.toContain(value);
    expect(inspect(new PortalSigner(p, new NotificationsUsingLookup()), { depth: 10, showHidden: true })).not.toContain(value);
  });

  it('the error for a malformed PIN does not echo it', () => {
    const e = refused(() => new PersonalIdentificationNumber('0101331234'), 'personalIdentificationNumber');
    expect(e.message).not.toContain('0101331234');
    expect(inspect(e)).not.toContain('0101331234');
  });

  it('the full value stays available where it is needed', () => {
    expect(p.value).toBe(value);
  });
});

describe('validation messages about contact details name the field and the rule, not the value', () => {
  it.each([
    ['email', () => new Email('Ola Nordmann@eksempel'), 'Ola Nordmann'],
    ['email', () => new Email('ola.nordmann.eksempel.no'), 'ola.nordmann'],
    ['sms', () => new Sms('+47 999 99 99x'), '99x'],
    ['sms', () => new Sms('call 99999999'), '99999999'],
  ])('%s', (field, make, value) => {
    const e = refused(make, field);
    expect(e.message).not.toContain(value);
    expect(e.message).toMatch(field === 'email' ? /must be an e-mail address: .*"@"/ : /must be a mobile number: .*digits/);
  });
});
