import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../../src/testing/index.js';
import { PDF, bundle, manifestXml, requestXml, type BundleFile } from '../../helpers/asice.js';
import { call, createJob, xmlText, type RawResponse } from '../../helpers/http.js';

/**
 * Where the simulator drifted from the documented service (issue 16): too strict on what Posten allows, too lenient
 * on what it refuses. One tampered request per case.
 */
let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ rateLimit: false });
});
afterAll(() => sim.close());

const ORG = '123456789';
const prefix = /^Error when validating ASiCE: /;

function expectAsice(r: RawResponse, message: RegExp): void {
  expect(r.status, r.text).toBe(400);
  expect(xmlText(r.text, 'error-code')).toBe('ASICE_VALIDATION_FAILED');
  const m = xmlText(r.text, 'error-message')!;
  expect(m).toMatch(prefix);
  expect(m).toMatch(message);
}

function expectCreated(r: RawResponse): void {
  expect(r.status, r.text).toBe(200);
  expect(xmlText(r.text, 'signature-job-id')).toMatch(/^\d+$/);
}

/** A certificate that carries the organisation number the SEID 2 way but is issued by nobody the simulator trusts. */
function selfIssued(org: string): { key: string; cert: string } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const fk = forge.pki.privateKeyFromPem(key);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(fk.n, fk.e);
  cert.serialNumber = '0a';
  cert.validity.notBefore = new Date(Date.now() - 3600_000);
  cert.validity.notAfter = new Date(Date.now() + 3600_000);
  const subject = [
    { shortName: 'C', value: 'NO' },
    { type: '2.5.4.97', value: `NTRNO-${org}`, valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class },
    { shortName: 'CN', value: `Impostor ${org}` },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.sign(fk, forge.md.sha256.create());
  return { key, cert: forge.pki.certificateToPem(cert) };
}

/** A signed bundle whose zip holds the given documents under their own names. */
function withDocuments(documents: BundleFile[], manifestDocuments = documents): Buffer {
  const spec = { flow: 'direct' as const, org: ORG, documents };
  return bundle(spec, sim.senderCertificatePem, manifestXml({ ...spec, documents: manifestDocuments }));
}

describe('too strict before: now accepted', () => {
  it('C14N 1.1 in SignedInfo and in the SignedProperties transform, which the documentation recommends', async () => {
    expectCreated(await createJob(sim, { flow: 'direct' }, { sign: { c14n: '1.1' } }));
    expectCreated(await createJob(sim, { flow: 'portal' }, { sign: { c14n: '1.1' } }));
  });

  it('a job signed with a second certificate of the authenticated organisation (TLS with the first)', async () => {
    const renewal = sim.certificateFor(ORG, { renewal: true });
    expect(renewal.cert).not.toBe(sim.senderCertificatePem.cert);
    const z = bundle({ flow: 'direct', org: ORG }, renewal);
    expectCreated(await createJob(sim, { flow: 'direct' }, { zip: z }));
  });

  it('but not a certificate with the same organisation number from a CA the simulator does not trust', async () => {
    const foreign = selfIssued(ORG);
    const z = bundle({ flow: 'direct', org: ORG }, foreign);
    expectAsice(await createJob(sim, { flow: 'direct' }, { zip: z }), /not issued by a trusted CA/);
  });

  it('a text/plain document with text in it', async () => {
    expectCreated(await createJob(sim, { flow: 'direct', documents: [{ name: '0000_note.txt', bytes: Buffer.from('Hello'), mime: 'text/plain' }] }));
  });
});

describe('too lenient before: now ASICE_VALIDATION_FAILED with the documented prefix', () => {
  it('SigningTime an hour before or after now (documented: within ±5 s)', async () => {
    const hour = 3600_000;
    const at = (ms: number): string => new Date(Date.now() + ms).toISOString();
    expectAsice(await createJob(sim, { flow: 'direct' }, { sign: { signingTime: at(-hour) } }), /SigningTime .* is more than 5 s from/);
    expectAsice(await createJob(sim, { flow: 'direct' }, { sign: { signingTime: at(hour) } }), /SigningTime/);
  });

  it('SigningTime tolerance is a knob', async () => {
    const lenient = await startSimulator({ rateLimit: false, signingTimeToleranceSeconds: 7200 });
    try {
      expectCreated(await createJob(lenient, { flow: 'direct' }, { sign: { signingTime: new Date(Date.now() - 3600_000).toISOString() } }));
    } finally {
      await lenient.close();
    }
  });

  it('plain text declared as application/pdf', async () => {
    const z = withDocuments([{ name: '0000_contract.pdf', bytes: Buffer.from('just some text'), mime: 'application/pdf' }]);
    expectAsice(await createJob(sim, { flow: 'direct' }, { zip: z }), /declared application\/pdf but is not a PDF/);
  });

  it('a mime outside the allowed list', async () => {
    const z = withDocuments([{ name: '0000_contract.doc', bytes: PDF, mime: 'application/msword' }]);
    expectAsice(await createJob(sim, { flow: 'direct' }, { zip: z }), /mime type application\/msword; allowed are application\/pdf, text\/plain/);
  });

  it('entry names that climb out of the container, are absolute, or sit in a folder', async () => {
    for (const name of ['../../x.pdf', '/etc/x.pdf', 'docs/x.pdf', 'META-INF/../x.pdf']) {
      const z = withDocuments([{ name, bytes: PDF, mime: 'application/pdf' }]);
      expectAsice(await createJob(sim, { flow: 'direct' }, { zip: z }), /entry name/);
    }
  });

  it('a signed file that manifest.xml does not list', async () => {
    const listed = { name: '0000_contract.pdf', bytes: PDF, mime: 'application/pdf' };
    const z = withDocuments([listed, { name: '0001_hidden.pdf', bytes: PDF, mime: 'application/pdf' }], [listed]);
    expectAsice(await createJob(sim, { flow: 'direct' }, { zip: z }), /0001_hidden\.pdf is in the container but not listed in manifest\.xml/);
  });

  it('a zip entry whose CRC-32 does not match its content', async () => {
    const z = bundle({ flow: 'direct', org: ORG }, sim.senderCertificatePem);
    const central = z.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    z.writeUInt32LE((z.readUInt32LE(central + 16) ^ 1) >>> 0, central + 16);
    expectAsice(await createJob(sim, { flow: 'direct' }, { zip: z }), /bad CRC-32/);
  });
});

describe('multipart and status tokens', () => {
  const raw = (parts: { type: string; body: Buffer | string }[]): { body: Buffer; contentType: string } => {
    const b = 'sim-boundary-16';
    const chunks = parts.map((p) => Buffer.concat([Buffer.from(`--${b}\r\nContent-Type: ${p.type}\r\n\r\n`), Buffer.from(p.body), Buffer.from('\r\n')]));
    return { body: Buffer.concat([...chunks, Buffer.from(`--${b}--\r\n`)]), contentType: `multipart/mixed; boundary=${b}` };
  };
  const post = (mp: { body: Buffer; contentType: string }): Promise<RawResponse> =>
    call(sim, 'POST', `/api/${ORG}/direct/signature-jobs`, { body: mp.body, headers: { 'Content-Type': mp.contentType } });

  it('refuses three parts, two XML parts, and one part (INVALID_MULTIPART, a guessed code)', async () => {
    const xml = requestXml({ flow: 'direct', org: ORG });
    const z = bundle({ flow: 'direct', org: ORG }, sim.senderCertificatePem);
    const cases = [
      [
        { type: 'application/xml', body: xml },
        { type: 'application/octet-stream', body: z },
        { type: 'text/plain', body: 'extra' },
      ],
      [
        { type: 'application/xml', body: xml },
        { type: 'application/xml', body: xml },
      ],
      [{ type: 'application/xml', body: xml }],
    ];
    for (const parts of cases) {
      const r = await post(raw(parts));
      expect(r.status, r.text).toBe(400);
      expect(xmlText(r.text, 'error-code')).toBe('INVALID_MULTIPART');
    }
    expectCreated(
      await post(
        raw([
          { type: 'application/xml', body: xml },
          { type: 'application/octet-stream', body: z },
        ]),
      ),
    );
  });

  it('a wrong status query token gets 403 INVALID_STATUS_QUERY_TOKEN before and after anyone signed', async () => {
    const r = await createJob(sim, { flow: 'direct', signers: ['01013300002'] });
    const id = xmlText(r.text, 'signature-job-id')!;
    const statusUrl = xmlText(r.text, 'status-url')!;
    const before = await call(sim, 'GET', `${statusUrl}?status_query_token=guess`);
    expect(before.status).toBe(403);
    expect(xmlText(before.text, 'error-code')).toBe('INVALID_STATUS_QUERY_TOKEN');
    await sim.reject(id, '01013300002');
    const after = await call(sim, 'GET', `${statusUrl}?status_query_token=guess`);
    expect(after.status).toBe(403);
    expect(xmlText(after.text, 'error-code')).toBe('INVALID_STATUS_QUERY_TOKEN');
  });
});

describe('the long-lived XSD validator', () => {
  it('keeps reporting each document of a request against its own file, create after create', async () => {
    const spec = { flow: 'direct' as const, org: ORG };
    const badManifest = manifestXml(spec).replace('<title>Employment contract</title>', '');
    const badRequest = requestXml(spec).replace('<exit-urls>', '<exit-urlz>').replace('</exit-urls>', '</exit-urlz>');
    for (let i = 0; i < 3; i++) {
      const m = await createJob(sim, spec, { manifest: badManifest });
      expectAsice(m, /manifest\.xml is not valid: manifest\.xml:1:/);
      const q = await createJob(sim, spec, { xml: badRequest, manifest: badManifest });
      expect(xmlText(q.text, 'error-code')).toBe('SCHEMA_VALIDATION_ERROR');
      expect(xmlText(q.text, 'error-message')).toMatch(/^request\.xml:1: .*exit-urlz/);
      expect(xmlText(q.text, 'error-message')).not.toMatch(/manifest/);
      expectCreated(await createJob(sim, spec));
    }
  });
});
