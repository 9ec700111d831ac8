import { describe, expect, it } from 'vitest';
import { Environment } from '../../../src/index.js';
import { testPki } from '../../helpers/pki.js';

describe('environments cannot be changed at run time', () => {
  it('Environment.production, Environment.test and their trust lists are deeply frozen', () => {
    for (const env of [Environment.production, Environment.test]) {
      expect(Object.isFrozen(env)).toBe(true);
      expect(Object.isFrozen(env.trustedCertificates)).toBe(true);
      expect(Object.isFrozen(env.trustedSenderCertificates)).toBe(true);
      const before = env.trustedCertificates.length;
      expect(() => (env.trustedCertificates as string[]).push('-----BEGIN CERTIFICATE-----evil')).toThrow(TypeError);
      expect(() => ((env.trustedCertificates as string[])[0] = 'evil')).toThrow(TypeError);
      expect(() => (env.trustedSenderCertificates as string[]).push('evil')).toThrow(TypeError);
      expect(() => ((env as { url: string }).url = 'https://evil.example')).toThrow(TypeError);
      expect(() => ((env as { serverOrganizationNumber: string }).serverOrganizationNumber = '999999999')).toThrow(TypeError);
      expect(env.trustedCertificates.length).toBe(before);
    }
    expect(() => ((Environment as unknown as { production: unknown }).production = Environment.test)).toThrow(TypeError);
    expect(() => Object.defineProperty(Environment.prototype, 'apiRoot', { get: () => 'https://evil.example/api' })).toThrow(TypeError);
    expect(Environment.production.apiRoot).toBe('https://api.signering.posten.no/api');
  });

  it('a custom environment keeps frozen copies of its lists: changing the array it was made from changes nothing', () => {
    const anchors = [testPki().serverCa.certPem];
    const env = Environment.custom({ url: 'https://127.0.0.1:9', trustedCertificates: anchors });
    anchors.push(testPki().clientCa.certPem);
    expect(env.trustedCertificates).toHaveLength(1);
    expect(Object.isFrozen(env.trustedCertificates)).toBe(true);
    expect(env.trustedSenderCertificates).toEqual(env.trustedCertificates);
  });
});
