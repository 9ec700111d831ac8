import { createVerify, X509Certificate } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../../src/testing/index.js';
import { call, createJob, xmlAll, xmlText, attr } from '../../helpers/http.js';

let sim: Simulator;
async function start(o: SimulatorOptions = {}): Promise<Simulator> {
  sim = await startSimulator({ rateLimit: false, ...o });
  return sim;
}
afterEach(async () => {
  await sim?.close();
});

const PIN1 = '01013300002';
const PIN2 = '02038412546';
const HOUR = 3600_000;

async function direct(spec: Parameters<typeof createJob>[1]): Promise<{ id: string; text: string }> {
  const r = await createJob(sim, spec);
  expect(r.status, r.text).toBe(200);
  return { id: xmlText(r.text, 'signature-job-id')!, text: r.text };
}

describe('direct flow', () => {
  it('status by token: 404 without a token before anyone finished, 403 wrong token, 200 with SIGNED, xades, pades, signer attributes', async () => {
    await start({ firstJobId: 2n ** 53n + 7n, deletableAfterSeconds: 0 });
    const { id, text } = await direct({ flow: 'direct', signers: [PIN1], exitUrl: 'https://sender.example/done' });
    expect(id).toBe((2n ** 53n + 7n).toString());
    const statusUrl = xmlText(text, 'status-url')!;
    const early = await call(sim, 'GET', statusUrl);
    expect(early.status).toBe(404);
    expect(xmlText(early.text, 'error-code')).toBe('SIGNING_CEREMONY_NOT_COMPLETED');
    // A wrong token is wrong whatever the signers have done, also before anyone finished.
    const wrongEarly = await call(sim, 'GET', `${statusUrl}?status_query_token=nope`);
    expect(wrongEarly.status).toBe(403);
    expect(xmlText(wrongEarly.text, 'error-code')).toBe('INVALID_STATUS_QUERY_TOKEN');

    const { exitUrl, statusQueryToken } = await sim.sign(id, PIN1);
    // The exit URL already has a query: the token is appended with &.
    expect(exitUrl).toBe(`https://sender.example/done?result=completed&status_query_token=${statusQueryToken}`);
    const wrong = await call(sim, 'GET', `${statusUrl}?status_query_token=wrong`);
    expect(wrong.status).toBe(403);
    expect(xmlText(wrong.text, 'error-code')).toBe('INVALID_STATUS_QUERY_TOKEN');

    const ok = await call(sim, 'GET', `${statusUrl}?status_query_token=${statusQueryToken}`);
    expect(ok.status).toBe(200);
    expect(xmlText(ok.text, 'signature-job-status')).toBe('COMPLETED_SUCCESSFULLY');
    const statuses = xmlAll(ok.text, 'status');
    expect(statuses).toHaveLength(1);
    expect(attr(statuses[0]!.attrs, 'signer')).toBe(PIN1);
    expect(attr(statuses[0]!.attrs, 'since')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/);
    expect(statuses[0]!.text).toBe('SIGNED');
    const xades = xmlAll(ok.text, 'xades-url');
    expect(attr(xades[0]!.attrs, 'signer')).toBe(PIN1);
    expect(xmlText(ok.text, 'confirmation-url')).toMatch(/\/complete$/);
    expect(xmlText(ok.text, 'delete-documents-url')).toMatch(/\/delete-documents$/);

    // XAdES: signed by the signer CA, signature verifies over C14N of SignedInfo.
    const x = await call(sim, 'GET', xades[0]!.text);
    expect(x.status).toBe(200);
    expect(x.headers['content-type']).toBe('application/xml');
    const { parseXml, descendants, NS_DSIG } = await import('../../../src/testing/dom.js');
    const { canonicalize } = await import('../../../src/testing/c14n.js');
    const doc = parseXml(x.text, 'xades');
    const certB64 = descendants(doc, NS_DSIG, 'X509Certificate')[0]!.textContent!;
    const cert = new X509Certificate(Buffer.from(certB64, 'base64'));
    expect(cert.issuer).toContain('Simulator Signer CA');
    const sigOk = createVerify('RSA-SHA256')
      .update(canonicalize(descendants(doc, NS_DSIG, 'SignedInfo')[0]!))
      .verify(cert.publicKey, Buffer.from(descendants(doc, NS_DSIG, 'SignatureValue')[0]!.textContent!, 'base64'));
    expect(sigOk).toBe(true);

    // PAdES: a real PDF with the document attached.
    const p = await call(sim, 'GET', xmlText(ok.text, 'pades-url')!, { headers: { Accept: 'application/octet-stream, application/xml' } });
    expect(p.status).toBe(200);
    expect(p.headers['content-type']).toBe('application/octet-stream');
    const pdf = p.body.toString('latin1');
    expect(pdf.startsWith('%PDF-')).toBe(true);
    expect(pdf.trimEnd().endsWith('%%EOF')).toBe(true);
    expect(pdf).toContain('/EmbeddedFiles');
    expect(pdf).toContain('/Filespec /F (0000_contract.pdf)');
    const startxref = Number(/startxref\n(\d+)/.exec(pdf)![1]);
    expect(pdf.slice(startxref, startxref + 4)).toBe('xref');
    const firstObj = Number(/xref\n0 \d+\n0000000000 65535 f \n(\d{10})/.exec(pdf)![1]);
    expect(pdf.slice(firstObj, firstObj + 7)).toBe('1 0 obj');

    // Archive by id.
    const arch = await call(sim, 'GET', `/api/${sim.organizationNumber}/archive/documents/${id}/pades`);
    expect(arch.status).toBe(200);
    expect(arch.body.subarray(0, 5).toString()).toBe('%PDF-');
    const missing = await call(sim, 'GET', `/api/${sim.organizationNumber}/archive/documents/424242/pades`);
    expect(missing.status).toBe(404);
    expect(xmlText(missing.text, 'error-code')).toBe('DOCUMENT_NOT_FOUND');

    // Delete then downloads are gone.
    const del = await call(sim, 'DELETE', xmlText(ok.text, 'delete-documents-url')!);
    expect(del.status).toBe(204);
    expect((await call(sim, 'GET', xmlText(ok.text, 'pades-url')!)).status).toBe(404);
    expect((await call(sim, 'GET', xades[0]!.text)).status).toBe(404);
    expect((await call(sim, 'DELETE', xmlText(ok.text, 'delete-documents-url')!)).status).toBe(409);
  });

  it('delete is offered only after deletableAfterSeconds', async () => {
    await start();
    const { id } = await direct({ flow: 'direct', signers: [PIN1] });
    const { statusQueryToken } = await sim.sign(id, PIN1);
    const statusUrl = `${sim.url}/api/${sim.organizationNumber}/direct/signature-jobs/${id}/status`;
    const early = await call(sim, 'GET', `${statusUrl}?status_query_token=${statusQueryToken}`);
    expect(xmlText(early.text, 'delete-documents-url')).toBeUndefined();
    expect((await call(sim, 'DELETE', `/api/${sim.organizationNumber}/direct/signature-jobs/${id}/delete-documents`)).status).toBe(409);
    sim.advanceTime(24 * HOUR);
    const later = await call(sim, 'GET', `${statusUrl}?status_query_token=${statusQueryToken}`);
    expect(xmlText(later.text, 'delete-documents-url')).toBeDefined();
  });

  it('reject makes the others NOT_APPLICABLE and the job FAILED; rejection exit URL', async () => {
    await start();
    const { id } = await direct({ flow: 'direct', signers: [PIN1, PIN2] });
    const r = await sim.reject(id, PIN2);
    expect(r.exitUrl).toMatch(/result=rejected&status_query_token=/);
    const view = sim.job(id)!;
    expect(view.status).toBe('FAILED');
    expect(view.signers.map((s) => s.status)).toEqual(['NOT_APPLICABLE', 'REJECTED']);
  });

  it('new redirect URL: empty POST and update request with Content-Encoding UTF-8, old URL invalid, 409 after signing', async () => {
    await start();
    const { id, text } = await direct({ flow: 'direct', signers: [PIN1] });
    const href = /<signer href="([^"]+)"/.exec(text)![1]!;
    const oldRedirect = xmlAll(text, 'redirect-url')[1]!.text;
    const first = await call(sim, 'POST', href, { body: '' });
    expect(first.status, first.text).toBe(200);
    expect(first.text).toContain('<direct-signer-response xmlns="http://signering.posten.no/schema/v1" href=');
    const newRedirect = xmlText(first.text, 'redirect-url')!;
    expect(newRedirect).not.toBe(oldRedirect);
    const java = await call(sim, 'POST', href, {
      body: '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><direct-signer-update-request xmlns="http://signering.posten.no/schema/v1"><redirect-url/></direct-signer-update-request>',
      headers: { 'Content-Type': 'application/xml; charset=UTF-8', 'Content-Encoding': 'UTF-8' },
    });
    expect(java.status, java.text).toBe(200);
    const latest = xmlText(java.text, 'redirect-url')!;
    expect((await call(sim, 'GET', oldRedirect, { cert: null, headers: { Accept: 'text/html' } })).status).toBe(410);
    expect((await call(sim, 'GET', newRedirect, { cert: null })).status).toBe(410);
    const page = await call(sim, 'GET', latest, { cert: null });
    expect(page.status).toBe(200);
    expect(page.text).toContain('Employment contract');
    await sim.sign(id, PIN1);
    expect((await call(sim, 'POST', href, { body: '' })).status).toBe(409);
  });

  it('devmodesign control endpoint returns the exit URL with token', async () => {
    await start();
    const { id } = await direct({ flow: 'direct', signers: ['custom-1'] });
    const r = await call(sim, 'POST', `/web/signature-jobs/${id}/devmodesign?signer=custom-1`, { cert: null });
    expect(r.status).toBe(200);
    expect(r.text).toMatch(/^https:\/\/sender\.example\/exit\?result=completed&status_query_token=[0-9a-f]+$/);
    expect(sim.job(id)!.status).toBe('COMPLETED_SUCCESSFULLY');
  });

  it('POLLING direct jobs publish to their named queue; callback jobs do not', async () => {
    await start({ emptyQueueDelaySeconds: 0 });
    const { id } = await direct({ flow: 'direct', signers: [PIN1], polling: true, pollingQueue: 'q1' });
    const { id: cb } = await direct({ flow: 'direct', signers: [PIN1] });
    await sim.sign(id, PIN1);
    await sim.sign(cb, PIN1);
    const dflt = await call(sim, 'GET', `/api/${sim.organizationNumber}/direct/signature-jobs?polling_queue`);
    expect(dflt.status).toBe(204);
    const q = await call(sim, 'GET', `/api/${sim.organizationNumber}/direct/signature-jobs?polling_queue=q1`);
    expect(q.status).toBe(200);
    expect(xmlText(q.text, 'signature-job-id')).toBe(id);
  });
});

describe('portal flow', () => {
  const portal = async (spec: Parameters<typeof createJob>[1]): Promise<{ id: string; text: string }> => direct(spec);
  const pollPortal = (): ReturnType<typeof call> => call(sim, 'GET', `/api/${sim.organizationNumber}/portal/signature-jobs`);

  it('activation time, order groups, per-group availability and expiry', async () => {
    const base = new Date('2030-01-01T10:00:00Z');
    await start({ now: () => base, emptyQueueDelaySeconds: 0 });
    const { id } = await portal({
      flow: 'portal',
      signers: [
        { pin: PIN1, order: 0 },
        { email: 'b@example.com', order: 1 },
      ],
      activationTime: '2030-01-02T10:00:00Z',
      availableSeconds: 3600,
    });
    await expect(sim.sign(id, PIN1)).rejects.toThrow(/not active/);
    sim.advanceTime(24 * HOUR);
    await expect(sim.sign(id, 'b@example.com')).rejects.toThrow(/wait for earlier/);
    sim.advanceTime(30 * 60_000);
    await sim.sign(id, PIN1);
    // Group 2 gets its own hour from now.
    sim.advanceTime(50 * 60_000);
    expect(sim.job(id)!.status).toBe('IN_PROGRESS');
    sim.advanceTime(11 * 60_000);
    const view = sim.job(id)!;
    expect(view.status).toBe('FAILED');
    expect(view.signers.map((s) => s.status)).toEqual(['SIGNED', 'EXPIRED']);
    const r = await pollPortal();
    expect(r.status).toBe(200);
    expect(r.text).toContain('<identifier><email address="b@example.com"/></identifier>');
    expect(xmlAll(r.text, 'status').map((s) => s.text)).toEqual(['FAILED', 'SIGNED', 'EXPIRED']);
    expect(r.text).toMatch(/<\/signature><pades-url>[^<]+\/pades<\/pades-url><\/signatures>/);
    expect(r.text).not.toContain('<cancellation-url>');
  });

  it('cancel: 204 then CANCELLED + FAILED; again 409 JOB_CANNOT_BE_CANCELLED', async () => {
    await start();
    const { id, text } = await portal({ flow: 'portal', signers: [PIN1, PIN2] });
    await sim.sign(id, PIN1);
    const url = xmlText(text, 'cancellation-url')!;
    const c = await call(sim, 'POST', url);
    expect(c.status).toBe(204);
    expect(sim.job(id)!.signers.map((s) => s.status)).toEqual(['SIGNED', 'CANCELLED']);
    expect(sim.job(id)!.status).toBe('FAILED');
    const again = await call(sim, 'POST', url);
    expect(again.status).toBe(409);
    expect(xmlText(again.text, 'error-code')).toBe('JOB_CANNOT_BE_CANCELLED');
  });

  it('RESERVED, BLOCKED and CONTACT_INFORMATION_MISSING fail the job; unknown statuses pass through', async () => {
    await start();
    for (const status of ['RESERVED', 'BLOCKED', 'CONTACT_INFORMATION_MISSING']) {
      const { id } = await portal({ flow: 'portal', signers: [PIN1, PIN2] });
      await sim.setSignerStatus(id, PIN2, status);
      const v = sim.job(id)!;
      expect(v.status).toBe('FAILED');
      expect(v.signers.map((s) => s.status)).toEqual(['NOT_APPLICABLE', status]);
    }
    const { id } = await portal({ flow: 'portal', signers: [PIN1] });
    await sim.setSignerStatus(id, PIN1, 'SOMETHING_NEW');
    expect(sim.job(id)!.status).toBe('IN_PROGRESS');
    expect(sim.job(id)!.signers[0]!.status).toBe('SOMETHING_NEW');
  });

  it('portal devmodesign and pades as soon as one signer signed', async () => {
    await start({ emptyQueueDelaySeconds: 0 });
    const { id } = await portal({ flow: 'portal', signers: [PIN1, PIN2] });
    const r = await call(sim, 'POST', `/web/portal/signature-jobs/${id}/devmodesign?signer=${PIN1}`, { cert: null });
    expect(r.status).toBe(200);
    const change = await pollPortal();
    expect(xmlText(change.text, 'status')).toBe('IN_PROGRESS');
    expect(change.text).toContain('<cancellation-url>');
    const pades = xmlText(change.text, 'pades-url')!;
    expect((await call(sim, 'GET', pades)).body.subarray(0, 5).toString()).toBe('%PDF-');
  });
});

describe('queues', () => {
  it('200 with now, 204 with now + delay, 429 before the permitted time, then 200 again after it', async () => {
    await start({ emptyQueueDelaySeconds: 30 });
    const { id } = await direct({ flow: 'portal', signers: [PIN1] });
    await sim.sign(id, PIN1);
    const path = `/api/${sim.organizationNumber}/portal/signature-jobs`;
    const t0 = sim.now().getTime();
    const r1 = await call(sim, 'GET', path);
    expect(r1.status).toBe(200);
    const h1 = String(r1.headers['x-next-permitted-poll-time']);
    expect(h1).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/);
    expect(Math.abs(Date.parse(h1) - t0)).toBeLessThan(2000);
    const r2 = await call(sim, 'GET', `${path}?polling_queue=`);
    expect(r2.status).toBe(204);
    expect(Date.parse(String(r2.headers['x-next-permitted-poll-time'])) - t0).toBeGreaterThanOrEqual(29_000);
    const r3 = await call(sim, 'GET', path);
    expect(r3.status).toBe(429);
    expect(r3.body.length).toBe(0);
    expect(r3.headers['x-next-permitted-poll-time']).toBe(r2.headers['x-next-permitted-poll-time']);
    expect(sim.stats.pollsBeforePermittedTime).toBe(1);
    expect(sim.stats.polls).toBe(3);
    sim.advanceTime(30_000);
    expect((await call(sim, 'GET', path)).status).toBe(204);
  });

  it('an unconfirmed change comes back after redeliverAfterSeconds; confirm is idempotent and stops it', async () => {
    await start({ emptyQueueDelaySeconds: 0, redeliverAfterSeconds: 60, confirmStatus: 200 });
    const { id } = await direct({ flow: 'portal', signers: [PIN1] });
    await sim.sign(id, PIN1);
    const path = `/api/${sim.organizationNumber}/portal/signature-jobs`;
    const first = await call(sim, 'GET', path);
    expect(first.status).toBe(200);
    expect((await call(sim, 'GET', path)).status).toBe(204);
    sim.advanceTime(61_000);
    const again = await call(sim, 'GET', path);
    expect(again.status).toBe(200);
    expect(xmlText(again.text, 'signature-job-id')).toBe(id);
    const confirm = xmlText(again.text, 'confirmation-url')!;
    expect((await call(sim, 'POST', confirm)).status).toBe(200);
    expect((await call(sim, 'POST', confirm)).status).toBe(200);
    sim.advanceTime(120_000);
    expect((await call(sim, 'GET', path)).status).toBe(204);
    expect(sim.job(id)!.confirmed).toBe(true);
  });

  it('DoS filter: more than N requests a second from one organisation → 429 with DoSFilter for blockSeconds', async () => {
    await start({ rateLimit: { maxRequestsPerSecond: 3, blockSeconds: 30 }, now: () => new Date('2030-01-01T00:00:00Z') });
    const path = `/api/${sim.organizationNumber}`;
    for (let i = 0; i < 3; i++) expect((await call(sim, 'GET', path)).status).toBe(200);
    const blocked = await call(sim, 'GET', path);
    expect(blocked.status).toBe(429);
    expect(blocked.headers['dosfilter']).toBe('unavailable');
    expect(blocked.body.length).toBe(0);
    sim.advanceTime(29_000);
    expect((await call(sim, 'GET', path)).status).toBe(429);
    sim.advanceTime(1_000);
    expect((await call(sim, 'GET', path)).status).toBe(200);
  });
});
