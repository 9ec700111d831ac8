// Every XSD limit and business rule is enforced when the model object is constructed, with a ValidationError
// naming the field: a mistake is reported at the line that made it, not as an HTTP 400 after an upload.
import { describe, expect, it } from 'vitest';
import { Availability, MAX_AVAILABLE_SECONDS } from '../../../src/model/index.js';
import { refused } from '../../helpers/model.js';

describe('availability', () => {
  it.each([-1, 0.5, 1.5, MAX_AVAILABLE_SECONDS + 1, Number.NaN, Infinity, -0.000001])('refuses availableSeconds %s', (availableSeconds) => {
    refused(() => new Availability({ availableSeconds }), 'availability.availableSeconds');
  });

  it('accepts 0 and 7 776 000 seconds (90 days)', () => {
    expect(MAX_AVAILABLE_SECONDS).toBe(7_776_000);
    expect(new Availability({ availableSeconds: 7_776_000 }).availableSeconds).toBe(7_776_000);
    expect(new Availability({ availableSeconds: 0 }).availableSeconds).toBe(0);
  });

  it('refuses invalid activation dates and years xs:dateTime cannot carry as written', () => {
    refused(() => new Availability({ activation: new Date('nope') }), 'availability.activation');
    refused(() => new Availability({ activation: '2030-01-01' as unknown as Date }), 'availability.activation');
    refused(() => new Availability({ activation: new Date('+010000-01-01T00:00:00Z') }), 'availability.activation');
    refused(() => new Availability({ activation: new Date(Date.UTC(0, 0, 1) - 1000 * 86400 * 366 * 1900) }), 'availability.activation');
    expect(new Availability({ activation: new Date('9999-12-31T23:59:59.999Z') }).activation?.toISOString()).toBe('9999-12-31T23:59:59.999Z');
  });

  it('copies the activation date so that later mutation of the caller’s Date does not change the job', () => {
    const d = new Date('2030-01-01T00:00:00Z');
    const a = new Availability({ activation: d });
    d.setUTCFullYear(12000);
    expect(a.activation?.toISOString()).toBe('2030-01-01T00:00:00.000Z');
  });
});
