import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../../src/testing/index.js';
import { call, createJob, xmlAll, xmlText } from '../../helpers/http.js';
import { hasChromium, openBrowser } from '../../helpers/browser.js';

let sim: Simulator;
let exitServer: Server;
let exitBase = '';

beforeAll(async () => {
  sim = await startSimulator({ rateLimit: false });
  // The sender's exit page: plain local HTTP, as the exit URL of a real integration would be.
  exitServer = createServer((_req, res) => {
    res.setHeader('Content-Type', 'text/html');
    res.end('<html><head><title>Back at sender</title></head><body>done</body></html>');
  });
  await new Promise<void>((r) => exitServer.listen(0, '127.0.0.1', () => r()));
  const addr = exitServer.address();
  exitBase = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/exit`;
});
afterAll(async () => {
  await sim.close();
  await new Promise<void>((r) => exitServer.close(() => r()));
});

describe.skipIf(!hasChromium)('signing page in a real browser', () => {
  it('opens the redirect URL, clicks Sign, lands on the exit URL whose token returns SIGNED', async () => {
    const r = await createJob(sim, { flow: 'direct', signers: ['01013300002'], exitUrl: exitBase });
    const id = xmlText(r.text, 'signature-job-id')!;
    const redirectUrl = xmlAll(r.text, 'redirect-url')[1]!.text;
    const { context, close: closeBrowser } = await openBrowser();
    try {
      const page = await context.newPage();
      await page.goto(redirectUrl, { timeout: 10_000 });
      expect(await page.title()).toContain('Employment contract');
      expect(await page.textContent('#documents')).toContain('0000_contract.pdf');
      // It says it is the simulator, and shows the identity number masked, never in full.
      expect(await page.textContent('.banner')).toContain('simulator');
      expect(await page.textContent('#signer')).toBe('010133*****');
      expect(await page.content()).not.toContain('01013300002');
      // Each document is one click away, served as what it is.
      const href = await page.getAttribute('#documents a', 'href');
      const doc = await page.request.get(new URL(href!, page.url()).href);
      expect(doc.status()).toBe(200);
      expect(doc.headers()['content-type']).toBe('application/pdf');
      expect((await doc.body()).subarray(0, 5).toString()).toBe('%PDF-');
      expect(await page.isVisible('#reject')).toBe(true);
      await Promise.all([page.waitForURL(/\/exit\?/, { timeout: 10_000 }), page.click('#sign')]);
      const landed = new URL(page.url());
      expect(landed.searchParams.get('result')).toBe('completed');
      const token = landed.searchParams.get('status_query_token')!;
      expect(token).toMatch(/^[0-9a-f]+$/);
      const status = await call(sim, 'GET', `/api/${sim.organizationNumber}/direct/signature-jobs/${id}/status?status_query_token=${token}`);
      expect(status.status).toBe(200);
      expect(xmlAll(status.text, 'status')[0]!.text).toBe('SIGNED');
      // The redirect URL was single-use; a fresh browser (no cookie) cannot reuse it.
      const again = await call(sim, 'GET', redirectUrl, { cert: null });
      expect(again.status).toBe(410);
    } finally {
      await closeBrowser();
    }
  }, 40_000);
});
