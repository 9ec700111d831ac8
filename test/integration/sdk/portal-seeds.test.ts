import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthenticationLevel,
  Availability,
  ContactInformation,
  Email,
  JobCannotBeCancelledError,
  JobStatus,
  Notifications,
  NotificationsUsingLookup,
  PersonalIdentificationNumber,
  PollingQueue,
  PortalClient,
  PortalJob,
  PortalSigner,
  Sender,
  SignatureStatus,
  SignatureType,
  Sms,
  TooEagerPollingError,
  type ClientConfiguration,
  type PortalJobStatusChanged,
} from '../../../src/index.js';
import type { Simulator } from '../../../src/testing/index.js';
import { documentToSign, simulatorWithConfig } from '../../helpers/sdk.js';

// The seeds' portal use cases (../seeds/portal-use-cases.md in C#), end to end over mutual TLS on 127.0.0.1.
let simulator: Simulator;
let configuration: ClientConfiguration;
let portalClient: PortalClient;

beforeAll(async () => {
  ({ simulator, configuration } = await simulatorWithConfig({ emptyQueueDelaySeconds: 1, rateLimit: false }));
  portalClient = new PortalClient(configuration);
});
afterAll(async () => {
  await portalClient.close();
  await simulator.close();
});

/** Polls (waiting for the permitted time) until a change of `jobId` arrives; confirms the others on the way. */
async function nextChangeOf(jobId: string, sender?: Sender): Promise<PortalJobStatusChanged & { confirm(): Promise<void> }> {
  for await (const change of portalClient.statusChanges(sender ? { sender } : {})) {
    if (change.signatureJobId === jobId) return change;
    await change.confirm();
  }
  throw new Error('unreachable');
}

describe('portal use cases', () => {
  it('creates and sends a portal signature job to five kinds of signer, and follows it by polling', async () => {
    const signers = [
      new PortalSigner(new PersonalIdentificationNumber('00000000000'), new NotificationsUsingLookup()),
      new PortalSigner(new PersonalIdentificationNumber('11111111111'), new Notifications(new Email('email1@example.com'), new Sms('999999999'))),
      new PortalSigner(new ContactInformation({ email: new Email('email2@example.com') })),
      new PortalSigner(new ContactInformation({ sms: new Sms('88888888') })),
      new PortalSigner(new ContactInformation({ email: new Email('email3@example.com'), sms: new Sms('77777777') })),
    ];
    const portalJob = new PortalJob(documentToSign(), signers, 'myReferenceToJob');
    const portalJobResponse = await portalClient.create(portalJob);
    expect(portalJobResponse.reference).toBe('myReferenceToJob');
    expect(portalJobResponse.cancellationReference.url).toMatch(/^https:\/\/127\.0\.0\.1/);

    await simulator.sign(portalJobResponse.signatureJobId, '00000000000');
    const first = await nextChangeOf(portalJobResponse.signatureJobId);
    expect(first.status).toBe(JobStatus.InProgress);
    expect(first.getSignatureFor(new PersonalIdentificationNumber('00000000000')).signatureStatus).toBe(SignatureStatus.Signed);
    expect(first.getSignatureFor(new ContactInformation({ sms: new Sms('88888888') })).signatureStatus).toBe(SignatureStatus.Waiting);
    // The PAdES is offered as soon as one signer has signed.
    expect(first.padesReference).toBeDefined();
    await first.confirm();

    for (const s of ['11111111111', 'email2@example.com', '88888888', 'email3@example.com']) await simulator.sign(portalJobResponse.signatureJobId, s);
    let done = await nextChangeOf(portalJobResponse.signatureJobId);
    while (done.status === JobStatus.InProgress) {
      await done.confirm();
      done = await nextChangeOf(portalJobResponse.signatureJobId);
    }
    expect(done.status).toBe(JobStatus.CompletedSuccessfully);
    expect(done.signatures).toHaveLength(5);
    expect(done.signatures.every((s) => s.signatureStatus === SignatureStatus.Signed)).toBe(true);

    // Get XAdES and PAdES: XAdES per signer, one PAdES.
    const xades = await portalClient.getXades(done.signatures[0]!.xadesReference!);
    expect(await xades.text()).toContain('SignatureValue');
    const pades = await portalClient.getPades(done.padesReference!);
    expect(new TextDecoder().decode((await pades.bytes()).subarray(0, 5))).toBe('%PDF-');
    await done.confirm();
    await done.confirm(); // confirming twice is harmless and sends one request
    expect(simulator.job(portalJobResponse.signatureJobId)!.confirmed).toBe(true);

    // The queue is empty now; polling right after the empty answer is refused locally.
    const empty = await portalClient.getStatusChange();
    expect(empty.status).toBe(JobStatus.NoChanges);
    const polls = simulator.stats.polls;
    const error = await portalClient.getStatusChange().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TooEagerPollingError);
    expect((error as TooEagerPollingError).nextPermittedPollTime.getTime()).toBeGreaterThanOrEqual(empty.nextPermittedPollTime.getTime() - 5);
    expect(simulator.stats.polls).toBe(polls);
    expect(simulator.stats.pollsBeforePermittedTime).toBe(0);
  });

  it('specifies signature type, authentication level, availability and non-sensitive title', async () => {
    const signers = [
      new PortalSigner(new PersonalIdentificationNumber('00000000000'), new NotificationsUsingLookup(), { signatureType: SignatureType.AdvancedSignature }),
    ];
    const job = new PortalJob(documentToSign(), signers, 'myReferenceToJob', undefined, {
      authenticationLevel: AuthenticationLevel.Four,
      availability: new Availability({ availableSeconds: 86_400 }),
      nonSensitiveTitle: 'Contract',
    });
    const response = await portalClient.create(job);
    const manifest = simulator.job(response.signatureJobId)!.manifestXml;
    expect(manifest).toContain('<signature-type>ADVANCED_ELECTRONIC_SIGNATURE</signature-type>');
    expect(manifest).toContain('<required-authentication>4</required-authentication>');
    expect(manifest).toContain('<available-seconds>86400</available-seconds>');
    expect(manifest).toContain('<nonsensitive-title>Contract</nonsensitive-title>');
  });

  it('specifies queues: the job and its changes live in the named queue only', async () => {
    const sender = new Sender(simulator.organizationNumber, new PollingQueue('CustomPollingQueue'));
    const signers = [new PortalSigner(new PersonalIdentificationNumber('00000000000'), new NotificationsUsingLookup())];
    const portalJobResponse = await portalClient.create(new PortalJob(documentToSign(), signers, 'myReferenceToJob', sender));
    expect(simulator.job(portalJobResponse.signatureJobId)!.pollingQueue).toBe('CustomPollingQueue');
    await simulator.sign(portalJobResponse.signatureJobId, '00000000000');
    const changedJob = await nextChangeOf(portalJobResponse.signatureJobId, sender);
    expect(changedJob.status).toBe(JobStatus.CompletedSuccessfully);
    await changedJob.confirm();
  });

  it('cancels a job (204), and refuses to cancel a finished one with JobCannotBeCancelledError', async () => {
    const signers = [
      new PortalSigner(new ContactInformation({ email: new Email('a@example.com') })),
      new PortalSigner(new ContactInformation({ email: new Email('b@example.com') })),
    ];
    const active = await portalClient.create(new PortalJob(documentToSign(), signers, 'cancel-me'));
    await portalClient.cancel(active.cancellationReference);
    expect(simulator.job(active.signatureJobId)!.status).toBe('FAILED');
    expect(simulator.job(active.signatureJobId)!.signers.map((s) => s.status)).toEqual(['CANCELLED', 'CANCELLED']);
    await expect(portalClient.cancel(active.cancellationReference)).rejects.toBeInstanceOf(JobCannotBeCancelledError);
  });

  it('keeps unknown signer statuses as strings and reports RESERVED', async () => {
    const signers = [
      new PortalSigner(new PersonalIdentificationNumber('00000000000'), new NotificationsUsingLookup()),
      new PortalSigner(new ContactInformation({ sms: new Sms('88888888') })),
    ];
    const response = await portalClient.create(new PortalJob(documentToSign(), signers, 'odd-statuses'));
    await simulator.setSignerStatus(response.signatureJobId, '88888888', 'SOMETHING_NEW');
    const change = await nextChangeOf(response.signatureJobId);
    expect(change.getSignatureFor(new ContactInformation({ sms: new Sms('88888888') })).signatureStatus).toBe('SOMETHING_NEW');
    await change.confirm();
    await simulator.setSignerStatus(response.signatureJobId, '00000000000', 'RESERVED');
    let last = await nextChangeOf(response.signatureJobId);
    while (last.status === JobStatus.InProgress) {
      await last.confirm();
      last = await nextChangeOf(response.signatureJobId);
    }
    expect(last.getSignatureFor(new PersonalIdentificationNumber('00000000000')).signatureStatus).toBe(SignatureStatus.Reserved);
    expect(last.status).toBe(JobStatus.Failed);
    await last.confirm();
  });
});
