// simulator.enqueueStatusChange: a raw status-change body on a queue, delivered and redelivered like a real change.
import { afterEach, describe, expect, it } from 'vitest';
import { ConfirmationReference, JobStatus, PollingQueue, PortalClient, ResponseParseError, Sender } from '../../../src/index.js';
import type { Simulator } from '../../../src/testing/index.js';
import { simulatorWithConfig } from '../../helpers/sdk.js';

let simulator: Simulator | undefined;
let client: PortalClient | undefined;
afterEach(async () => {
  await client?.close();
  await simulator?.close();
  simulator = client = undefined;
});

describe('simulator.enqueueStatusChange', () => {
  it('serves the XML as given on the named queue only, again after the redelivery time until confirmed', async () => {
    const made = await simulatorWithConfig({ rateLimit: false, redeliverAfterSeconds: 30, emptyQueueDelaySeconds: 1 });
    simulator = made.simulator;
    client = new PortalClient(made.configuration);
    const body = '<not-even-the-api xmlns="urn:x"/>';
    const change = simulator.enqueueStatusChange(body, { queue: 'q', flow: 'portal' });
    expect(change.id).toMatch(/^raw-\d+$/);
    expect((await client.getStatusChange()).status).toBe(JobStatus.NoChanges); // the default queue is another queue
    const onQ = new Sender(simulator.organizationNumber, new PollingQueue('q'));
    const first = await client.getStatusChange(onQ).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(ResponseParseError);
    expect((first as ResponseParseError).responseBody()).toBe(body);
    expect(change.deliveries).toBe(1);
    simulator.advanceTime(31_000);
    await client.getStatusChange(onQ).catch(() => undefined);
    expect(change.deliveries).toBe(2);
    await client.confirm(new ConfirmationReference(change.confirmationUrl));
    expect(change.confirmed).toBe(true);
    simulator.advanceTime(31_000);
    expect((await client.getStatusChange(onQ)).status).toBe(JobStatus.NoChanges);
    expect(change.deliveries).toBe(2);
  });

  it('reads the flow from the root element, and asks for it when the XML does not say', async () => {
    simulator = (await simulatorWithConfig({ rateLimit: false })).simulator;
    expect(
      simulator.enqueueStatusChange(
        (c) =>
          `<?xml version="1.0"?><!-- x --><p:direct-signature-job-status-response xmlns:p="urn:p"><c>${c.confirmationUrl}</c></p:direct-signature-job-status-response>`,
      ).confirmationUrl,
    ).toMatch(/\/api\/123456789\/direct\/signature-jobs\/raw-\d+\/complete$/);
    expect(() => simulator?.enqueueStatusChange('<x/>')).toThrow(/say the flow/);
    expect(() => simulator?.enqueueStatusChange('<x/>', { flow: 'portal', organizationNumber: '999999999' })).toThrow(RangeError);
  });
});
