// End to end through the simulator: queues holding changes the way the API's schemas allow them (contact details
// as people type them, custom identifiers the SDK would not take as input, zone-less times, foreign elements
// placed first) and one that breaks the XSD, drained by processStatusChanges and by statusChanges().
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ContactInformation,
  CustomIdentifier,
  DirectClient,
  JobStatus,
  PollingQueue,
  PortalClient,
  ResponseParseError,
  Sender,
  Sms,
  ValidationError,
  type ClientConfiguration,
  type ConfirmableChange,
  type DirectJobStatusResponse,
  type PortalJobStatusChanged,
} from '../../../src/index.js';
import type { EnqueuedStatusChange, Simulator } from '../../../src/testing/index.js';
import { simulatorWithConfig } from '../../helpers/sdk.js';

const NS = 'http://signering.posten.no/schema/v1';
const LONG_ID = `kunde nr. 17 ${'x'.repeat(90)}`;

let simulator: Simulator | undefined;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
  await simulator?.close();
  simulator = undefined;
});

async function setup(logger?: { error: (m: string, f?: Record<string, unknown>) => void }): Promise<{ sim: Simulator; configuration: ClientConfiguration }> {
  const made = await simulatorWithConfig({ rateLimit: false, redeliverAfterSeconds: 60 }, logger ? { logger } : {});
  simulator = made.simulator;
  return { sim: made.simulator, configuration: made.configuration };
}

const portalA = (c: { confirmationUrl: string }): string =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<ns4:portal-signature-job-status-change-response xmlns:ns4="${NS}" xmlns:x="urn:other">` +
  `<x:signature-job-id>999</x:signature-job-id><x:status>FAILED</x:status>` +
  `<ns4:reference> my ref </ns4:reference><ns4:signature-job-id>101</ns4:signature-job-id><ns4:status>IN_PROGRESS</ns4:status>` +
  `<ns4:confirmation-url>${c.confirmationUrl}</ns4:confirmation-url><ns4:signatures>` +
  `<ns4:signature><ns4:status since="2026-01-15T10:00:00">SIGNED</ns4:status><ns4:identifier><ns4:email address="Ola Nordmann@eksempel"/><ns4:sms number="+47 999 99 999"/></ns4:identifier></ns4:signature>` +
  `<ns4:signature><ns4:status since="2026-07-15T10:00:00.5">A_NEW_STATUS</ns4:status><ns4:identifier><ns4:sms number="+47 400 00 000"/></ns4:identifier></ns4:signature>` +
  `</ns4:signatures></ns4:portal-signature-job-status-change-response>`;
const portalBroken = (c: { confirmationUrl: string }): string =>
  `<portal-signature-job-status-change-response xmlns="${NS}"><status>COMPLETED_SUCCESSFULLY</status><confirmation-url>${c.confirmationUrl}</confirmation-url>` +
  `<signatures><signature><status since="2026-01-15T10:00:00Z">SIGNED</status><personal-identification-number>01013300001</personal-identification-number></signature></signatures>` +
  `</portal-signature-job-status-change-response>`;
const portalC = (c: { confirmationUrl: string }): string =>
  `<portal-signature-job-status-change-response xmlns="${NS}"><signature-job-id>103</signature-job-id><status>COMPLETED_SUCCESSFULLY</status><confirmation-url>${c.confirmationUrl}</confirmation-url>` +
  `<signatures><signature><status since="2026-01-15T10:00:00.123456789+01:00">SIGNED</status><personal-identification-number>01013300001</personal-identification-number></signature></signatures>` +
  `</portal-signature-job-status-change-response>`;
const directD = (c: { confirmationUrl: string }): string =>
  `<d:direct-signature-job-status-response xmlns:d="${NS}"><d:signature-job-id>202</d:signature-job-id><d:signature-job-status>COMPLETED_SUCCESSFULLY</d:signature-job-status>` +
  `<d:status signer="${LONG_ID}" since="2026-03-29T02:30:00">SIGNED</d:status><d:status signer="kunde-18" since="2026-10-25T02:30:00">REJECTED</d:status>` +
  `<d:confirmation-url>${c.confirmationUrl}</d:confirmation-url><d:xades-url signer="${LONG_ID}">https://x.example/xades/1</d:xades-url></d:direct-signature-job-status-response>`;
const directBroken = (c: { confirmationUrl: string }): string =>
  `<direct-signature-job-status-response xmlns="${NS}"><signature-job-id>2<b/>03</signature-job-id><signature-job-status>FAILED</signature-job-status>` +
  `<status since="2026-01-15T10:00:00Z">REJECTED</status><confirmation-url>${c.confirmationUrl}</confirmation-url></direct-signature-job-status-response>`;

function expectPortalA(change: PortalJobStatusChanged): void {
  // The foreign elements placed first are not the API's.
  expect(change.signatureJobId).toBe('101');
  expect(change.status).toBe(JobStatus.InProgress);
  expect(change.reference).toBe(' my ref ');
  const [first, second] = change.signatures;
  expect((first?.signer as ContactInformation).email?.address).toBe('Ola Nordmann@eksempel');
  expect((first?.signer as ContactInformation).sms?.number).toBe('+47 999 99 999');
  // Zone-less: Oslo time, winter (+01:00) and summer (+02:00), whatever TZ says.
  expect(first?.since.toISOString()).toBe('2026-01-15T09:00:00.000Z');
  expect(second?.since.toISOString()).toBe('2026-07-15T08:00:00.500Z');
  expect(second?.signatureStatus).toBe('A_NEW_STATUS');
  // A signer found as the caller built it.
  expect(change.getSignatureFor(new ContactInformation({ sms: new Sms('+4740000000') })).signatureStatus).toBe('A_NEW_STATUS');
}

function expectDirectD(change: DirectJobStatusResponse): void {
  expect(change.signatureJobId).toBe('202');
  const [first, second] = change.signatures;
  expect(first?.signer?.value).toBe(LONG_ID);
  expect(first?.xadesReference?.url).toBe('https://x.example/xades/1');
  // In the spring gap: moved forward by the gap (03:30 CEST); in the autumn overlap: the earlier offset (CEST).
  expect(first?.since.toISOString()).toBe('2026-03-29T01:30:00.000Z');
  expect(second?.since.toISOString()).toBe('2026-10-25T00:30:00.000Z');
  expect(change.getSignatureFor(new CustomIdentifier('kunde-18')).signatureStatus).toBe('REJECTED');
}

function expectReported(error: unknown, broken: EnqueuedStatusChange, body: string): void {
  expect(error).toBeInstanceOf(ResponseParseError);
  expect(error).not.toBeInstanceOf(ValidationError);
  const e = error as ResponseParseError;
  expect(e.confirmationReference?.url).toBe(broken.confirmationUrl);
  expect(e.responseBody()).toBe(body);
  // Printing the error does not print the body (nor the identity number in it).
  for (const shown of [inspect(e), JSON.stringify(e), String(e), e.message]) expect(shown).not.toContain('01013300001');
}

describe('queues holding changes as the schemas allow them', () => {
  it('processStatusChanges delivers every valid change verbatim and confirms it, reports the broken one, and never polls early', async () => {
    const { sim, configuration } = await setup();
    const portal = new PortalClient(configuration);
    const direct = new DirectClient(configuration);
    closers.push(() => portal.close());
    const p = [sim.enqueueStatusChange(portalA), sim.enqueueStatusChange(portalBroken), sim.enqueueStatusChange(portalC)];
    const d = [sim.enqueueStatusChange(directD), sim.enqueueStatusChange(directBroken)];
    const portalSeen: ConfirmableChange<PortalJobStatusChanged>[] = [];
    const directSeen: ConfirmableChange<DirectJobStatusResponse>[] = [];
    const errors: [unknown, unknown][] = [];
    const onError = (error: unknown, change?: unknown): void => void errors.push([error, change]);

    expect(await portal.processStatusChanges((c) => void portalSeen.push(c), { maxChanges: 3, onError })).toBe(2);
    expect(await direct.processStatusChanges((c) => void directSeen.push(c), { maxChanges: 2, onError })).toBe(1);

    expectPortalA(portalSeen[0] as PortalJobStatusChanged);
    expect(portalSeen[1]?.signatureJobId).toBe('103');
    expect(portalSeen[1]?.signatures[0]?.since.toISOString()).toBe('2026-01-15T09:00:00.123Z');
    expectDirectD(directSeen[0] as DirectJobStatusResponse);
    expect([p[0], p[2], d[0]].map((c) => c?.confirmed)).toEqual([true, true, true]);
    expect(errors).toHaveLength(2);
    expectReported(errors[0]?.[0], p[1] as EnqueuedStatusChange, portalBroken({ confirmationUrl: p[1]?.confirmationUrl ?? '' }));
    expectReported(errors[1]?.[0], d[1] as EnqueuedStatusChange, directBroken({ confirmationUrl: d[1]?.confirmationUrl ?? '' }));
    expect(errors.map(([, change]) => change)).toEqual([undefined, undefined]);
    expect([p[1]?.confirmed, d[1]?.confirmed]).toEqual([false, false]);

    // Unconfirmed, the broken change comes back like any change; the application sets it aside and confirms it.
    sim.advanceTime(61_000);
    const again: unknown[] = [];
    await portal.processStatusChanges(() => undefined, { maxChanges: 1, onError: (e) => void again.push(e) });
    expect(p[1]?.deliveries).toBe(2);
    await portal.confirm((again[0] as ResponseParseError).confirmationReference);
    expect(p[1]?.confirmed).toBe(true);
    expect(sim.stats.pollsBeforePermittedTime).toBe(0);
  });

  it('statusChanges() yields the valid changes and throws ResponseParseError at the broken one, which stays unconfirmed', async () => {
    const { sim, configuration } = await setup();
    const portal = new PortalClient(configuration);
    const direct = new DirectClient(configuration);
    closers.push(() => portal.close());
    const queue = 'verbatim';
    const sender = new Sender(sim.organizationNumber, new PollingQueue(queue));
    const p = [sim.enqueueStatusChange(portalA, { queue }), sim.enqueueStatusChange(portalBroken, { queue })];
    const d = [sim.enqueueStatusChange(directD, { queue }), sim.enqueueStatusChange(directBroken, { queue })];
    for (const [client, check, broken, body] of [
      [portal, (c: unknown) => expectPortalA(c as PortalJobStatusChanged), p[1], portalBroken],
      [direct, (c: unknown) => expectDirectD(c as DirectJobStatusResponse), d[1], directBroken],
    ] as const) {
      let thrown: unknown;
      let seen = 0;
      try {
        for await (const change of (client as PortalClient).statusChanges({ sender })) {
          check(change);
          await change.confirm();
          seen++;
        }
      } catch (error) {
        thrown = error;
      }
      expect(seen).toBe(1);
      expectReported(thrown, broken as EnqueuedStatusChange, body({ confirmationUrl: broken?.confirmationUrl ?? '' }));
      expect(broken?.confirmed).toBe(false);
    }
    expect([p[0]?.confirmed, d[0]?.confirmed]).toEqual([true, true]);
    expect(sim.stats.pollsBeforePermittedTime).toBe(0);
  });

  it('a handler that throws goes to onError with its change, unconfirmed; the default onError logs it masked at error level', async () => {
    const lines: { message: string; fields?: Record<string, unknown> }[] = [];
    const { sim, configuration } = await setup({ error: (message, fields) => void lines.push({ message, ...(fields ? { fields } : {}) }) });
    const portal = new PortalClient(configuration);
    closers.push(() => portal.close());
    const c = sim.enqueueStatusChange(portalC);
    const broken = sim.enqueueStatusChange(portalBroken);
    const processed = await portal.processStatusChanges(
      (change) => {
        throw new Error(`could not archive job ${change.signatureJobId} for 010133 00001`);
      },
      { maxChanges: 2 },
    );
    expect(processed).toBe(0);
    expect([c.confirmed, broken.confirmed]).toEqual([false, false]);
    expect(lines).toHaveLength(2);
    expect(lines[0]?.message).toMatch(/portal status change of job 103 left unconfirmed .*could not archive job 103 for 010133 \*\*\*\*\*/);
    expect(lines[1]?.message).toMatch(/portal status change that could not be read left unconfirmed .*ResponseParseError/);
    expect(JSON.stringify(lines)).not.toMatch(/01013300001|010133 00001/);

    // onError may end the loop by throwing.
    sim.advanceTime(61_000);
    const stop = new Error('stop');
    await expect(portal.processStatusChanges(() => Promise.reject(new Error('again')), { onError: () => Promise.reject(stop) })).rejects.toBe(stop);
    expect(sim.stats.pollsBeforePermittedTime).toBe(0);
  });
});
