import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AbortError,
  CertificateError,
  ClientConfiguration,
  DirectClient,
  DirectJob,
  DirectSigner,
  Document,
  Environment,
  ExitUrls,
  FileType,
  JobCreationOutcomeUnknownError,
  PersonalIdentificationNumber,
  CustomIdentifier,
  SecurityError,
  Sender,
  TimeoutError,
  UnexpectedResponseError,
  ValidationError,
  JobStatus,
} from '../../../src/index.js';
import type { Simulator } from '../../../src/testing/index.js';
import { pdf, simulatorWithConfig } from '../../helpers/sdk.js';

let simulator: Simulator | undefined;
let client: DirectClient | undefined;
afterEach(async () => {
  await client?.close();
  await simulator?.close();
  simulator = undefined;
  client = undefined;
});

const exitUrls = ExitUrls.single('https://app.example/done');
const job = (reference = 'ref-1') =>
  new DirectJob(
    new Document('Contract', undefined, FileType.Pdf, pdf()),
    [new DirectSigner(new PersonalIdentificationNumber('12345678910'))],
    reference,
    exitUrls,
  );

async function setUp(options: Parameters<typeof simulatorWithConfig>[0] = {}, config: Parameters<typeof simulatorWithConfig>[1] = {}) {
  const made = await simulatorWithConfig({ rateLimit: false, ...options }, config);
  simulator = made.simulator;
  client = new DirectClient(made.configuration);
  return { simulator: made.simulator, client, configuration: made.configuration };
}

describe("reliability against the simulator's faults", () => {
  it('retries idempotent calls on 503 but never re-sends a job creation', async () => {
    const { simulator, client } = await setUp();
    const created = await client.create(job());
    const signed = await simulator.sign(created.signatureJobId, '12345678910');
    simulator.faults.failNext(2, 503);
    const status = await client.getStatus(created.responseUrls.status(signed.statusQueryToken!));
    expect(status.status).toBe(JobStatus.CompletedSuccessfully);

    const creates = simulator.stats.creates;
    simulator.faults.failNext(1, 503);
    await expect(client.create(job('ref-2'))).rejects.toBeInstanceOf(UnexpectedResponseError);
    expect(simulator.stats.creates - creates).toBeLessThanOrEqual(1);
  });

  it("reads the server's XML whatever its prefixes, extra namespaces and unknown elements (exotic XML fault)", async () => {
    const { simulator, client } = await setUp();
    simulator.faults.exoticXml(true);
    simulator.faults.unknownSignerStatus('SOMETHING_NEW');
    const signers = [new DirectSigner(new PersonalIdentificationNumber('12345678910')), new DirectSigner(new CustomIdentifier('second'))];
    const created = await client.create(new DirectJob(new Document('Contract', undefined, FileType.Pdf, pdf()), signers, 'exotic', exitUrls));
    expect(created.signers.map((x) => x.identifier.value)).toEqual(['12345678910', 'second']);
    const signed = await simulator.sign(created.signatureJobId, '12345678910');
    const status = await client.getStatus(created.responseUrls.status(signed.statusQueryToken!));
    expect(status.signatureJobId).toBe(created.signatureJobId);
    expect(status.getSignatureFor(new PersonalIdentificationNumber('12345678910')).signatureStatus).toBe('SIGNED');
    // The server may add signer statuses; the unknown one is kept as it came.
    expect(status.getSignatureFor(new CustomIdentifier('second')).signatureStatus).toBe('SOMETHING_NEW');
  });

  it('a job creation whose connection drops says its outcome is unknown and names the reference', async () => {
    const { simulator, client } = await setUp();
    await client.whoAmI(); // a warm keep-alive connection
    simulator.faults.dropNextConnections(1);
    const error = await client.create(job('reconcile-me')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobCreationOutcomeUnknownError);
    expect((error as JobCreationOutcomeUnknownError).reference).toBe('reconcile-me');
    expect((error as Error).message).toMatch(/reconcile-me/);
  });

  it('a download stalled mid-body fails with TimeoutError instead of hanging', async () => {
    const { simulator, client } = await setUp({}, { timeouts: { downloadMs: 300 } });
    const created = await client.create(job());
    const signed = await simulator.sign(created.signatureJobId, '12345678910');
    const status = await client.getStatus(created.responseUrls.status(signed.statusQueryToken!));
    simulator.faults.stallDownloads(100);
    const started = Date.now();
    const download = await client.getPades(status.references.pades!);
    await expect(download.bytes()).rejects.toBeInstanceOf(TimeoutError);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('signal aborts a call in flight', async () => {
    const { simulator, client } = await setUp();
    simulator.faults.latency(5_000);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    await expect(client.whoAmI(undefined, { signal: controller.signal })).rejects.toBeInstanceOf(AbortError);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('refuses a server whose certificate carries another organisation number, before sending anything', async () => {
    const { simulator, client } = await setUp({ serverOrganizationNumber: '987654321' });
    const error = await client.create(job()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecurityError);
    expect((error as Error).message).toMatch(/987654321/);
    expect(simulator.stats.requests).toBe(0);
  });

  it('refuses the simulator when the production anchors are configured (test/production mix-up)', async () => {
    const { simulator } = await setUp();
    // The simulator's sender certificate is not issued under production's CAs: refused first, before any connection.
    const production = Environment.custom({ url: simulator.url, trustedCertificates: Environment.production.trustedCertificates });
    client = new DirectClient(
      new ClientConfiguration({ environment: production, certificate: simulator.senderCertificate, globalSender: new Sender(simulator.organizationNumber) }),
    );
    const refused = await client.whoAmI().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CertificateError);
    expect((refused as CertificateError).reason).toBe('wrong-environment');
    await client.close();
    // With the sender's CA allowed, the server itself is refused: its chain does not end in production's anchors.
    const serverOnly = Environment.custom({
      url: simulator.url,
      trustedCertificates: Environment.production.trustedCertificates,
      trustedSenderCertificates: [simulator.caCertificatePem],
    });
    client = new DirectClient(
      new ClientConfiguration({ environment: serverOnly, certificate: simulator.senderCertificate, globalSender: new Sender(simulator.organizationNumber) }),
    );
    const error = await client.whoAmI().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecurityError);
    expect(simulator.stats.requests).toBe(0);
  });

  it("stays under the API's 10 calls a second, so the rate limiter never blocks the organisation", async () => {
    // The simulator's DoS filter is on (10 a second, 30 s block); the client's own limit keeps it from tripping.
    const made = await simulatorWithConfig({});
    simulator = made.simulator;
    client = new DirectClient(made.configuration);
    const started = Date.now();
    await Promise.all(Array.from({ length: 25 }, () => client!.whoAmI()));
    expect(Date.now() - started).toBeGreaterThan(1_500);
    expect(simulator.stats.requests).toBe(25);
  }, 30_000);

  it('one client serves 100 concurrent creates and polls and loses nothing', async () => {
    const { client } = await setUp({}, { maxConnections: 8 });
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? client.create(job(`c-${i}`)).then((r) => r.signatureJobId) : client.whoAmI())),
    );
    const ids = results.filter((r) => !r.startsWith('You are'));
    expect(ids).toHaveLength(50);
    expect(new Set(ids).size).toBe(50);
  }, 60_000);

  it('fuzz: every generated job is refused locally or accepted by the simulator, never refused by its schema', async () => {
    const { client } = await setUp();
    const text = fc.string({ unit: 'grapheme', minLength: 0, maxLength: 90 });
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          title: text,
          description: fc.option(fc.string({ unit: 'binary', maxLength: 230 }), { nil: undefined }),
          reference: fc.option(fc.string({ unit: 'binary', maxLength: 55 }), { nil: undefined }),
          signers: fc.array(fc.oneof(fc.stringMatching(/^[0-9]{10,12}$/), fc.string({ unit: 'binary', minLength: 0, maxLength: 85 })), {
            minLength: 0,
            maxLength: 11,
          }),
          documents: fc.integer({ min: 0, max: 3 }),
        }),
        async (input) => {
          let built: DirectJob;
          try {
            const signers = input.signers.map((s) => new DirectSigner(/^[0-9]+$/.test(s) ? new PersonalIdentificationNumber(s) : new CustomIdentifier(s)));
            const documents = Array.from(
              { length: input.documents },
              (_, i) => new Document(input.title || 't', input.description, FileType.Pdf, pdf(`doc ${i}`)),
            );
            built = new DirectJob(documents, signers, input.reference, exitUrls, { title: input.title });
          } catch (error) {
            expect(error).toBeInstanceOf(ValidationError);
            return;
          }
          const response = await client.create(built);
          expect(response.signatureJobId).toMatch(/^[0-9]+$/);
        },
      ),
      { numRuns: 60, seed: 20261122 },
    );
  }, 120_000);
});

describe('configuration', () => {
  it('refuses a rate limit that could never let a request through', () => {
    const make = (maxRequestsPerSecond: number) =>
      new ClientConfiguration({ environment: Environment.test, certificate: { pkcs12: new Uint8Array(1), password: 'x' }, maxRequestsPerSecond });
    expect(() => make(0)).toThrow(/maxRequestsPerSecond/);
    expect(() => make(0.5)).toThrow(/maxRequestsPerSecond/);
    expect(() => make(Number.NaN)).toThrow(/maxRequestsPerSecond/);
    expect(make(Infinity).options.maxRequestsPerSecond).toBe(Infinity);
    expect(make(5).options.maxRequestsPerSecond).toBe(5);
  });
});
