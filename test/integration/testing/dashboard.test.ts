import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Email,
  JobStatus,
  Notifications,
  PersonalIdentificationNumber,
  PortalClient,
  PortalJob,
  PortalSigner,
  SignatureStatus,
  type ClientConfiguration,
} from '../../../src/index.js';
import type { Simulator } from '../../../src/testing/index.js';
import { documentToSign, simulatorWithConfig } from '../../helpers/sdk.js';
import { call, createJob, xmlText } from '../../helpers/http.js';
import { hasChromium, openBrowser } from '../../helpers/browser.js';

const PIN = '01013300002';
let simulator: Simulator;
let configuration: ClientConfiguration;

beforeAll(async () => {
  ({ simulator, configuration } = await simulatorWithConfig({ rateLimit: false, emptyQueueDelaySeconds: 1 }));
});
afterAll(() => simulator.close());

interface State {
  now: string;
  jobs: {
    id: string;
    status: string;
    reference: string | null;
    signers: { index: number; label: string; status: string }[];
    documents: { href: string; size: number }[];
  }[];
  queues: { flow: string; queue: string | null; pending: string[]; inFlight: { jobId: string }[] }[];
  requests: { method: string; path: string; status: number; errorCode?: string }[];
}
const state = async (): Promise<State> => JSON.parse((await call(simulator, 'GET', '/web/dashboard/state', { cert: null })).text) as State;
const action = (path: string, headers: Record<string, string> = { 'X-Simulator-Dashboard': '1' }) =>
  call(simulator, 'POST', path, { cert: null, headers, body: '' });

describe('dashboard state and actions (HTTP)', () => {
  it('is on the simulator port, shows jobs, masked signers and documents without their bytes', async () => {
    const page = await call(simulator, 'GET', simulator.dashboardUrl, { cert: null });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.text).toContain('Posten signering simulator');
    expect(simulator.dashboardUrl).toBe(`${simulator.url}/web/dashboard`);

    const r = await createJob(simulator, { flow: 'direct', signers: [PIN], reference: 'dash-1' });
    const id = xmlText(r.text, 'signature-job-id')!;
    const s = await state();
    const job = s.jobs.find((j) => j.id === id)!;
    expect(job.reference).toBe('dash-1');
    expect(job.status).toBe('IN_PROGRESS');
    expect(job.signers).toEqual([expect.objectContaining({ index: 1, label: '010133*****', status: 'WAITING' })]);
    expect(job.documents[0]).toEqual(expect.objectContaining({ href: '0000_contract.pdf' }));
    expect(JSON.stringify(s)).not.toContain(PIN);
    expect(JSON.stringify(s)).not.toContain('%PDF');
  });

  it('logs the last requests with status and error code, identity numbers masked, dashboard traffic left out', async () => {
    const bad = await createJob(simulator, { flow: 'direct' }, { sign: { corruptSignatureValue: true } });
    expect(bad.status).toBe(400);
    await call(simulator, 'POST', `/web/signature-jobs/999999/devmodesign?signer=${PIN}`, { cert: null, body: '' });
    const s = await state();
    expect(s.requests[0]).toEqual(expect.objectContaining({ method: 'POST', status: 404, errorCode: 'SIGNATURE_JOB_NOT_FOUND' }));
    expect(s.requests[0]!.path).toBe('/web/signature-jobs/999999/devmodesign?signer=010133*****');
    expect(s.requests[1]).toEqual(
      expect.objectContaining({ method: 'POST', path: '/api/123456789/direct/signature-jobs', status: 400, errorCode: 'ASICE_VALIDATION_FAILED' }),
    );
    expect(s.requests.some((q) => q.path.startsWith('/web/dashboard'))).toBe(false);
    expect(JSON.stringify(s.requests)).not.toContain(PIN);
  });

  it('signs, rejects, expires, cancels and advances time; refuses actions without the dashboard header', async () => {
    const direct = xmlText((await createJob(simulator, { flow: 'direct', signers: [PIN, '02038412546'], polling: true })).text, 'signature-job-id')!;
    expect((await action(`/web/dashboard/jobs/${direct}/signers/1/sign`, {})).status).toBe(403);
    expect((await state()).jobs.find((j) => j.id === direct)!.signers[0]!.status).toBe('WAITING');

    expect((await action(`/web/dashboard/jobs/${direct}/signers/1/sign`)).status).toBe(200);
    expect((await action(`/web/dashboard/jobs/${direct}/signers/2/reject`)).status).toBe(200);
    let job = (await state()).jobs.find((j) => j.id === direct)!;
    expect(job.signers.map((x) => x.status)).toEqual(['SIGNED', 'REJECTED']);
    expect(job.status).toBe('FAILED');
    const again = await action(`/web/dashboard/jobs/${direct}/signers/1/reject`);
    expect(again.status).toBe(409);
    expect(JSON.parse(again.text)).toEqual(expect.objectContaining({ error: 'JOB_NOT_IN_PROGRESS' }));

    const portal = xmlText((await createJob(simulator, { flow: 'portal', signers: [PIN, { email: 'x@example.com' }] })).text, 'signature-job-id')!;
    expect((await action(`/web/dashboard/jobs/${portal}/signers/1/expire`)).status).toBe(200);
    job = (await state()).jobs.find((j) => j.id === portal)!;
    expect(job.signers[0]!.status).toBe('EXPIRED');
    expect(job.status).toBe('FAILED');
    const queue = (await state()).queues.find((q) => q.flow === 'portal' && q.queue === null)!;
    expect(queue.pending).toContain(portal);

    const portal2 = xmlText((await createJob(simulator, { flow: 'portal', signers: [PIN] })).text, 'signature-job-id')!;
    expect((await action(`/web/dashboard/jobs/${portal2}/cancel`)).status).toBe(200);
    expect((await state()).jobs.find((j) => j.id === portal2)!.signers[0]!.status).toBe('CANCELLED');

    const before = Date.parse((await state()).now);
    expect((await action('/web/dashboard/advance?seconds=3600')).status).toBe(200);
    expect(Date.parse((await state()).now) - before).toBeGreaterThanOrEqual(3600_000);
    expect((await action('/web/dashboard/advance?seconds=-5')).status).toBe(400);
  });
});

describe.skipIf(!hasChromium)('dashboard in a real browser', () => {
  it('shows a job created through the SDK, signs it with a click, and the SDK sees the status change', async () => {
    const client = new PortalClient(configuration);
    const { context, close: closeBrowser } = await openBrowser({ viewport: { width: 1280, height: 860 } });
    try {
      const page = await context.newPage();
      await page.goto(simulator.dashboardUrl, { timeout: 10_000 });
      expect(await page.title()).toContain('Posten signering simulator');

      const response = await client.create(
        new PortalJob(
          documentToSign(),
          [new PortalSigner(new PersonalIdentificationNumber(PIN), new Notifications(new Email('signer@example.com')))],
          'dashboard-e2e',
        ),
      );
      const card = page.locator(`[data-job-id="${response.signatureJobId}"]`);
      // Live: the page was open before the job existed and shows it without a reload.
      await card.waitFor({ timeout: 10_000 });
      expect(await card.textContent()).toContain('dashboard-e2e');
      expect(await card.textContent()).toContain('010133*****');
      expect(await card.locator('.job-status').textContent()).toBe('IN_PROGRESS');

      if (process.env.DASHBOARD_SCREENSHOT) {
        // `DASHBOARD_SCREENSHOT=1 npx vitest run test/testing/dashboard.test.ts` refreshes the README's picture.
        mkdirSync(join(import.meta.dirname, '../../../docs'), { recursive: true });
        await page.screenshot({ path: join(import.meta.dirname, '../../../docs/simulator-dashboard.png') });
      }
      await card.locator('button[data-action="sign"]').click();
      await card.locator('.job-status', { hasText: 'COMPLETED_SUCCESSFULLY' }).waitFor({ timeout: 10_000 });
      await page.locator('td.pending', { hasText: `#${response.signatureJobId}` }).waitFor({ timeout: 10_000 });

      // The queue also holds the changes of the jobs above; the SDK confirms those on its way to this one.
      for await (const change of client.statusChanges()) {
        await change.confirm();
        if (change.signatureJobId !== response.signatureJobId) continue;
        expect(change.status).toBe(JobStatus.CompletedSuccessfully);
        expect(change.signatures[0]!.signatureStatus).toBe(SignatureStatus.Signed);
        break;
      }
    } finally {
      await closeBrowser();
      await client.close();
    }
  }, 60_000);
});
