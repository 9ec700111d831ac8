import { X509Certificate } from 'node:crypto';
import { connect } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../../src/testing/index.js';
import { call, createJob, xmlText } from '../../helpers/http.js';

let sim: Simulator;
afterEach(async () => {
  await sim?.close();
});

function serverSubject(s: Simulator): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = connect(
      { host: '127.0.0.1', port: Number(new URL(s.url).port), ca: s.caCertificatePem, checkServerIdentity: () => undefined, ...s.senderCertificatePem },
      () => {
        resolve(new X509Certificate(sock.getPeerCertificate().raw).subject);
        sock.end();
      },
    );
    sock.on('error', reject);
  });
}

describe('faults', () => {
  it('failNext, latency, dropNextConnections, clear', async () => {
    sim = await startSimulator({ rateLimit: false });
    const path = `/api/${sim.organizationNumber}`;
    sim.faults.failNext(2, 502);
    const f = await call(sim, 'GET', path);
    expect(f.status).toBe(502);
    expect(xmlText(f.text, 'error-type')).toBe('SERVER');
    expect((await call(sim, 'GET', path)).status).toBe(502);
    expect((await call(sim, 'GET', path)).status).toBe(200);
    sim.faults.latency(300);
    const t = Date.now();
    await call(sim, 'GET', path);
    expect(Date.now() - t).toBeGreaterThanOrEqual(290);
    sim.faults.clear();
    sim.faults.dropNextConnections(1);
    await expect(call(sim, 'GET', path)).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect((await call(sim, 'GET', path)).status).toBe(200);
  });

  it('stallDownloads sends part of the PAdES and hangs', async () => {
    sim = await startSimulator({ rateLimit: false });
    const r = await createJob(sim, { flow: 'portal', signers: ['01013300002'] });
    const id = xmlText(r.text, 'signature-job-id')!;
    await sim.sign(id, '01013300002');
    sim.faults.stallDownloads(100);
    await expect(call(sim, 'GET', `/api/${sim.organizationNumber}/portal/signature-jobs/${id}/pades`, { timeoutMs: 800 })).rejects.toThrow(/timeout|aborted/);
  });

  it('exotic XML and unknown signer status', async () => {
    sim = await startSimulator({ rateLimit: false, emptyQueueDelaySeconds: 0 });
    const r = await createJob(sim, { flow: 'portal', signers: ['01013300002', '02038412546'] });
    const id = xmlText(r.text, 'signature-job-id')!;
    await sim.sign(id, '01013300002');
    sim.faults.exoticXml(true);
    sim.faults.unknownSignerStatus('NEW_FANCY_STATUS');
    const poll = await call(sim, 'GET', `/api/${sim.organizationNumber}/portal/signature-jobs`);
    expect(poll.text).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8" standalone="yes"\?><ns4:portal-signature-job-status-change-response xmlns="http:\/\/uri.etsi.org\/01903\/v1.3.2#"/,
    );
    expect(poll.text).toContain('xmlns:ns4="http://signering.posten.no/schema/v1"');
    expect(poll.text).toContain('<ns4:future-element');
    expect(poll.text).toContain('<ext:extension>');
    expect(poll.text).toContain('>NEW_FANCY_STATUS</ns4:status>');
    expect(poll.text).toContain('>SIGNED</ns4:status>');
  });

  it('wrong server organisation: via the fault and via the option', async () => {
    sim = await startSimulator({ rateLimit: false });
    expect(await serverSubject(sim)).toContain('NTRNO-984661185');
    sim.faults.wrongServerOrganization();
    expect(await serverSubject(sim)).toContain('NTRNO-987654321');
    sim.faults.clear();
    expect(await serverSubject(sim)).toContain('NTRNO-984661185');
    await sim.close();
    sim = await startSimulator({ rateLimit: false, serverOrganizationNumber: '999999999' });
    expect(await serverSubject(sim)).toContain('NTRNO-999999999');
  });
});
