// Type tests, checked by tsc through vitest's typecheck mode (vitest.config.ts `typecheck`): a failed
// expectation or an unused @ts-expect-error fails `npm test`. getStatusChange() returns a change or NoChanges,
// so reading a job from an empty queue's answer does not compile.
import { describe, expectTypeOf, it } from 'vitest';
import * as root from '../../src/index.js';
import * as directEntry from '../../src/direct/index.js';
import {
  JobStatus,
  type ConfirmableChange,
  type DirectClient,
  type DirectJobStatusChange,
  type DirectJobStatusResponse,
  type NoChanges,
  type PortalClient,
  type PortalJobStatusChanged,
  type ReportedJobStatus,
} from '../../src/index.js';

declare const directClient: DirectClient;
declare const portalClient: PortalClient;

describe('getStatusChange() is a change or NoChanges, for both flows', () => {
  it('direct: a job id needs narrowing first', async () => {
    const change = await directClient.getStatusChange();
    expectTypeOf(change).toEqualTypeOf<DirectJobStatusChange | NoChanges>();
    // @ts-expect-error NoChanges has no job: narrow on status first
    void change.signatureJobId;
    // @ts-expect-error NoChanges has no references
    void change.references;
    expectTypeOf(change.nextPermittedPollTime).toEqualTypeOf<Date>();
    expectTypeOf(change.status).toEqualTypeOf<JobStatus>();
    if (change.status === JobStatus.NoChanges) {
      expectTypeOf(change).toEqualTypeOf<NoChanges>();
      expectTypeOf(change.nextPermittedPollTime).toEqualTypeOf<Date>();
    } else {
      expectTypeOf(change.signatureJobId).toEqualTypeOf<string>();
      expectTypeOf(change.status).toEqualTypeOf<ReportedJobStatus>();
      expectTypeOf(change.nextPermittedPollTime).toEqualTypeOf<Date>();
    }
  });

  it('portal: the same union, nextPermittedPollTime typed the same', async () => {
    const change = await portalClient.getStatusChange();
    expectTypeOf(change).toEqualTypeOf<PortalJobStatusChanged | NoChanges>();
    // @ts-expect-error NoChanges has no job: narrow on status first
    void change.signatureJobId;
    // @ts-expect-error NoChanges has no confirmation
    void change.confirmationReference;
    expectTypeOf(change.nextPermittedPollTime).toEqualTypeOf<Date>();
    if (change.status !== JobStatus.NoChanges) {
      expectTypeOf(change.signatureJobId).toEqualTypeOf<string>();
      expectTypeOf(change.confirmationReference).toEqualTypeOf<root.ConfirmationReference | undefined>();
    }
  });

  it('NoChanges has status and nextPermittedPollTime, and no job fields', () => {
    expectTypeOf<NoChanges>().toEqualTypeOf<{ readonly status: typeof JobStatus.NoChanges; readonly nextPermittedPollTime: Date }>();
    expectTypeOf<keyof NoChanges>().toEqualTypeOf<'status' | 'nextPermittedPollTime'>();
  });

  it('a status is never NoChanges: getStatus and the iterators give jobs only', async () => {
    expectTypeOf<DirectJobStatusResponse['status']>().toEqualTypeOf<ReportedJobStatus>();
    expectTypeOf<ReportedJobStatus>().toEqualTypeOf<'IN_PROGRESS' | 'COMPLETED_SUCCESSFULLY' | 'FAILED'>();
    for await (const change of directClient.statusChanges()) {
      expectTypeOf(change).toEqualTypeOf<ConfirmableChange<DirectJobStatusChange>>();
      expectTypeOf(change.signatureJobId).toEqualTypeOf<string>();
    }
    await portalClient.processStatusChanges((change) => {
      expectTypeOf(change).toEqualTypeOf<ConfirmableChange<PortalJobStatusChanged>>();
    });
    const status = await directClient.getStatus(root.StatusReference.of('https://example.com/s', 't'));
    // @ts-expect-error a job status is never NoChanges
    void (status.status === JobStatus.NoChanges);
    expectTypeOf(status.nextPermittedPollTime).toEqualTypeOf<Date | undefined>();
  });

  it('the misleading DirectJobStatus alias (the response class, not a status) is gone', () => {
    expectTypeOf(root).not.toHaveProperty('DirectJobStatus');
    expectTypeOf(root).toHaveProperty('DirectJobStatusResponse');
    expectTypeOf(directEntry).toHaveProperty('JobStatusResponse');
  });
});
