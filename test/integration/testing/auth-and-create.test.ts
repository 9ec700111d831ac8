import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../../src/testing/index.js';
import { PDF, bundle, defaultDocuments, manifestXml, requestXml, zip } from '../../helpers/asice.js';
import { call, createJob, xmlText } from '../../helpers/http.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({
    rateLimit: false,
    organizations: [
      { organizationNumber: '123456789', publicSector: true },
      { organizationNumber: '987654320', publicSector: false, brokerFor: ['123456789'] },
      { organizationNumber: '111111111', publicSector: false },
    ],
  });
});
afterAll(() => sim.close());

describe('who am I and authorisation', () => {
  it('answers You are <org> and broker text', async () => {
    const own = await call(sim, 'GET', '/api/123456789');
    expect(own.status).toBe(200);
    expect(own.headers['content-type']).toMatch(/^text\/plain/);
    expect(own.text).toBe('You are 123456789');
    const broker = await call(sim, 'GET', '/api/123456789', { cert: sim.certificateFor('987654320') });
    expect(broker.text).toBe('You are 987654320, operating on behalf of 123456789');
    expect(own.headers.date).toBeTruthy();
  });

  it('refuses a broker acting for an org it is not delegated by', async () => {
    const r = await call(sim, 'GET', '/api/123456789', { cert: sim.certificateFor('111111111') });
    expect(r.status).toBe(403);
    expect(r.headers['content-type']).toBe('application/xml');
    expect(r.text).toBe(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><error xmlns="http://signering.posten.no/schema/v1"><error-code>BROKER_NOT_AUTHORIZED</error-code><error-message>Organization 111111111 is not authorized to act on behalf of 123456789</error-message><error-type>CLIENT</error-type></error>',
    );
  });

  it('refuses an organisation without API access, and a request without a client certificate', async () => {
    const r = await call(sim, 'GET', '/api/222222222', { cert: sim.certificateFor('222222222') });
    expect(r.status).toBe(403);
    expect(xmlText(r.text, 'error-code')).toBe('NOT_AUTHORIZED');
    const none = await call(sim, 'GET', '/api/123456789', { cert: null });
    expect(xmlText(none.text, 'error-code')).toBe('NOT_AUTHORIZED');
  });

  it('presents a server certificate carrying 984661185 the SEID 2 way, and the environment trusts its CA', async () => {
    const { X509Certificate } = await import('node:crypto');
    const tls = await import('node:tls');
    const port = Number(new URL(sim.url).port);
    const peer = await new Promise<Buffer>((resolve, reject) => {
      const s = tls.connect({ host: '127.0.0.1', port, ca: sim.caCertificatePem, checkServerIdentity: () => undefined, ...sim.senderCertificatePem }, () => {
        resolve(s.getPeerCertificate().raw);
        s.end();
      });
      s.on('error', reject);
    });
    const cert = new X509Certificate(peer);
    expect(cert.subject).toContain('organizationIdentifier=NTRNO-984661185');
    expect(cert.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(sim.environment.trustedCertificates).toEqual([sim.caCertificatePem]);
    expect(sim.environment.url).toBe(sim.url);
  });
});

describe('create: accepted uploads', () => {
  it('accepts a direct job (deflated zip, chunked body, unquoted boundary) and answers the response shape', async () => {
    const r = await createJob(sim, { flow: 'direct', signers: ['01013300002', 'custom-signer'], reference: 'ref-1' }, { chunked: true });
    expect(r.status, r.text).toBe(200);
    expect(r.headers['content-type']).toBe('application/xml');
    expect(
      r.text.startsWith('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><direct-signature-job-response xmlns="http://signering.posten.no/schema/v1">'),
    ).toBe(true);
    expect(xmlText(r.text, 'signature-job-id')).toMatch(/^\d+$/);
    expect(r.text).toContain('<redirect-url signer="01013300002">');
    expect(r.text).toContain('<redirect-url signer="custom-signer">');
    expect(r.text).toMatch(/<status-url>https:\/\/127\.0\.0\.1:\d+\/api\/123456789\/direct\/signature-jobs\/\d+\/status<\/status-url>/);
    expect(r.text).toMatch(
      /<signer href="[^"]+\/signers\/1"><personal-identification-number>01013300002<\/personal-identification-number><redirect-url>[^<]+\/web\/redirect\/[0-9a-f]+<\/redirect-url><\/signer>/,
    );
    expect(r.text).toContain('<signer-identifier>custom-signer</signer-identifier>');
    const view = sim.job(xmlText(r.text, 'signature-job-id')!)!;
    expect(view.signers.map((s) => s.status)).toEqual(['WAITING', 'WAITING']);
    expect(view.manifestXml).toContain('direct-signature-job-manifest');
    expect(sim.stats.creates).toBeGreaterThan(0);
  });

  it('accepts stored entries in any order, quoted boundary, Content-Disposition, legacy manifest, a broker upload', async () => {
    const spec = { flow: 'direct' as const, org: '123456789', legacy: true, polling: true };
    const broker = sim.certificateFor('987654320');
    const m = manifestXml(spec);
    const files = [...defaultDocuments(), { name: 'manifest.xml', bytes: Buffer.from(m), mime: 'application/xml' }];
    const full = bundle(spec, broker, m);
    // Rebuild stored and reversed from the same signed content.
    const { readZip } = await import('../../../src/testing/zip-reader.js');
    const entries = readZip(full)
      .reverse()
      .map((e) => ({ name: e.name, data: e.data }));
    expect(entries.length).toBe(files.length + 1);
    const r = await createJob(sim, spec, { cert: broker, zip: zip(entries, false), mp: { quoted: true, disposition: true, reverse: true } });
    expect(r.status, r.text).toBe(200);
    expect(r.text).not.toContain('<status-url>'); // POLLING jobs get no status-url
  });

  it('accepts a portal job with the example-style manifest', async () => {
    const r = await createJob(sim, { flow: 'portal', signers: ['01013300002', { email: 'a@example.com', mobile: '+4799999999', order: 1 }] });
    expect(r.status, r.text).toBe(200);
    expect(r.text).toMatch(/<cancellation-url>[^<]+\/portal\/signature-jobs\/\d+\/cancel<\/cancellation-url>/);
  });
});

describe('create: rejections', () => {
  const expectError = async (p: Promise<{ status: number; text: string }>, code: string, message?: RegExp): Promise<void> => {
    const r = await p;
    expect(r.status, r.text).toBe(400);
    expect(xmlText(r.text, 'error-code')).toBe(code);
    if (message) expect(xmlText(r.text, 'error-message')).toMatch(message);
  };

  it('schema error in the request XML carries the validator text', async () => {
    const bad = requestXml({ flow: 'direct', org: '123456789' }).replace('<exit-urls>', '<exit-urlz>').replace('</exit-urls>', '</exit-urlz>');
    await expectError(createJob(sim, { flow: 'direct' }, { xml: bad }), 'SCHEMA_VALIDATION_ERROR', /exit-urlz/);
  });

  it('refuses DOCTYPE in the request and in manifest.xml', async () => {
    const xml = requestXml({ flow: 'portal', org: '123456789' }).replace('?>', '?><!DOCTYPE x [<!ENTITY e "x">]>');
    await expectError(createJob(sim, { flow: 'portal' }, { xml }), 'SCHEMA_VALIDATION_ERROR', /DOCTYPE/);
    const m = manifestXml({ flow: 'portal', org: '123456789' }).replace('?>', '?><!DOCTYPE x>');
    await expectError(createJob(sim, { flow: 'portal' }, { manifest: m }), 'ASICE_VALIDATION_FAILED', /DOCTYPE/);
  });

  it('manifest not valid against the XSD', async () => {
    const m = manifestXml({ flow: 'direct', org: '123456789' }).replace('<title>Employment contract</title>', '');
    await expectError(createJob(sim, { flow: 'direct' }, { manifest: m }), 'ASICE_VALIDATION_FAILED', /manifest\.xml is not valid/);
  });

  it('tampered document (signed bytes replaced)', async () => {
    const spec = { flow: 'direct' as const, org: '123456789' };
    const { readZip } = await import('../../../src/testing/zip-reader.js');
    const entries = readZip(bundle(spec, sim.senderCertificatePem)).map((e) => ({
      name: e.name,
      data: e.name.endsWith('.pdf') ? Buffer.concat([e.data, Buffer.from('x')]) : e.data,
    }));
    await expectError(createJob(sim, spec, { zip: zip(entries) }), 'ASICE_VALIDATION_FAILED', /digest of 0000_contract\.pdf does not match/);
  });

  it('wrong digest, bad signature value, tampered SignedProperties, missing DataObjectFormat', async () => {
    await expectError(createJob(sim, { flow: 'direct' }, { sign: { wrongDigestFor: 'manifest.xml' } }), 'ASICE_VALIDATION_FAILED', /digest of manifest\.xml/);
    await expectError(
      createJob(sim, { flow: 'direct' }, { sign: { corruptSignatureValue: true } }),
      'ASICE_VALIDATION_FAILED',
      /SignatureValue does not verify/,
    );
    await expectError(createJob(sim, { flow: 'direct' }, { sign: { tamperSignedProperties: true } }), 'ASICE_VALIDATION_FAILED', /SignedProperties/);
    await expectError(createJob(sim, { flow: 'direct' }, { sign: { omitDataObjectFormat: 0 } }), 'ASICE_VALIDATION_FAILED', /DataObjectFormat/);
  });

  it('unsigned extra file, missing signatures.xml, missing document', async () => {
    const spec = { flow: 'direct' as const, org: '123456789' };
    const { readZip } = await import('../../../src/testing/zip-reader.js');
    const entries = readZip(bundle(spec, sim.senderCertificatePem)).map((e) => ({ name: e.name, data: e.data }));
    await expectError(
      createJob(sim, spec, { zip: zip([...entries, { name: 'extra.txt', data: Buffer.from('x') }]) }),
      'ASICE_VALIDATION_FAILED',
      /^Error when validating ASiCE: extra\.txt is in the container but not listed in manifest\.xml/,
    );
    await expectError(
      createJob(sim, spec, { zip: zip(entries.filter((e) => !e.name.startsWith('META-INF'))) }),
      'ASICE_VALIDATION_FAILED',
      /signatures\.xml is missing/,
    );
    await expectError(createJob(sim, spec, { zip: zip(entries.filter((e) => !e.name.endsWith('.pdf'))) }), 'ASICE_VALIDATION_FAILED', /0000_contract\.pdf/);
  });

  it('signed with the certificate of another organisation than the TLS client: ASICE_VALIDATION_FAILED with the prefix', async () => {
    const other = sim.certificateFor('111111111');
    const z = bundle({ flow: 'direct', org: '123456789' }, other);
    await expectError(
      createJob(sim, { flow: 'direct' }, { zip: z }),
      'ASICE_VALIDATION_FAILED',
      /^Error when validating ASiCE: the signing certificate belongs to 111111111, not to 123456789/,
    );
  });

  it('sender in the manifest differs from the URL: ASICE_VALIDATION_FAILED with the prefix', async () => {
    const m = manifestXml({ flow: 'direct', org: '111111111' });
    await expectError(
      createJob(sim, { flow: 'direct' }, { manifest: m }),
      'ASICE_VALIDATION_FAILED',
      /^Error when validating ASiCE: sender organization-number 111111111/,
    );
  });

  it('business limits: too many signers (schema), available-seconds, lookup for private senders and with OTHER', async () => {
    const eleven = Array.from({ length: 11 }, (_, i) => `0101330${String(i).padStart(4, '0')}`);
    await expectError(createJob(sim, { flow: 'direct', signers: eleven }), 'ASICE_VALIDATION_FAILED', /signer/);
    await expectError(createJob(sim, { flow: 'portal', availableSeconds: 7_776_001 }), 'INVALID_AVAILABILITY', /7776000/);
    await expectError(
      createJob(sim, { flow: 'portal', signers: [{ pin: '01013300002', lookup: true, onBehalfOf: 'OTHER' }] }),
      'NOTIFICATIONS_USING_LOOKUP_NOT_ALLOWED',
      /OTHER/,
    );
    const priv = sim.certificateFor('111111111');
    await expectError(
      createJob(sim, { flow: 'portal', org: '111111111', signers: [{ pin: '01013300002', lookup: true }] }, { cert: priv }),
      'NOTIFICATIONS_USING_LOOKUP_NOT_ALLOWED',
      /public-sector/,
    );
    const docs = Array.from({ length: 2 }, (_, i) => ({ name: `doc${i}.pdf`, bytes: Buffer.concat([PDF, Buffer.alloc(5_300_000)]), mime: 'application/pdf' }));
    await expectError(createJob(sim, { flow: 'direct', documents: docs }), 'DOCUMENTS_TOO_LARGE');
  });
});
