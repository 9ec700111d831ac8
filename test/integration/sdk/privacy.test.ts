import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runDemo } from '../../../src/cli/demo.js';
import { ClientConfiguration, DirectClient, PersonalIdentificationNumber, Sender, type ValidationError, maskPersonalData } from '../../../src/index.js';
import { simulatorWithConfig } from '../../helpers/sdk.js';

// The identity numbers the demo uses; none may appear in full in anything it prints or logs.
const PINS = ['12345678910', '10987654321', '00000000000', '11111111111'];

describe('privacy', () => {
  it('a full demo run never prints or logs a full identity number or the certificate password', async () => {
    const out = await mkdtemp(join(tmpdir(), 'demo-'));
    const lines: string[] = [];
    let password = '';
    try {
      await runDemo({
        outputDir: out,
        print: (line) => lines.push(line),
        logger: {
          debug: (m, f) => lines.push(`debug ${m} ${inspect(f)}`),
          info: (m, f) => lines.push(`info ${m} ${inspect(f)}`),
          warn: (m, f) => lines.push(`warn ${m} ${inspect(f)}`),
          error: (m, f) => lines.push(`error ${m} ${inspect(f)}`),
        },
        onSimulator: (s) => {
          password = s.senderCertificate.password;
        },
      });
    } finally {
      await rm(out, { recursive: true, force: true });
    }
    const all = lines.join('\n');
    expect(lines.filter((l) => l.startsWith('debug') || l.startsWith('info')).length).toBeGreaterThan(10);
    expect(password.length).toBeGreaterThan(0);
    for (const pin of PINS) expect(all).not.toContain(pin);
    expect(all).not.toContain(password);
    expect(all).toContain('123456*****');
    // The demo points at the simulator's dashboard.
    expect(all).toMatch(/dashboard: https:\/\/127\.0\.0\.1:\d+\/web\/dashboard/);
  }, 120_000);

  it('error messages and toString mask identity numbers; keys and passwords never appear', async () => {
    const { simulator, configuration } = await simulatorWithConfig({ rateLimit: false });
    try {
      expect(String(new PersonalIdentificationNumber('12345678910'))).not.toContain('12345678910');
      expect(JSON.stringify({ pin: new PersonalIdentificationNumber('12345678910') })).not.toContain('12345678910');
      expect(maskPersonalData('fnr 12345678910 and 10987654321')).toBe('fnr 123456***** and 109876*****');
      const e = (() => {
        try {
          new PersonalIdentificationNumber('1234567891');
        } catch (error) {
          return error as ValidationError;
        }
        throw new Error('accepted a 10-digit number');
      })();
      expect(e.message).not.toContain('1234567891');
      // A wrong password: the error says so without repeating it.
      const wrong = new ClientConfiguration({
        environment: simulator.environment,
        certificate: { pkcs12: simulator.senderCertificate.pkcs12, password: 'not-the-password-xyz' },
        globalSender: new Sender(simulator.organizationNumber),
      });
      const error = await new DirectClient(wrong).whoAmI().then(
        () => new Error('accepted a wrong password'),
        (x: unknown) => x as Error,
      );
      expect(error.name).toBe('CertificateError');
      expect(`${error.message} ${inspect(error)}`).not.toContain('not-the-password-xyz');
      expect(Object.keys(configuration.options)).not.toContain('certificate');
      expect(inspect(configuration)).not.toContain('pkcs12');
    } finally {
      await simulator.close();
    }
  });
});
