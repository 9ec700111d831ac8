import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ArchiveClient,
  ValidationError,
  UnexpectedResponseError,
  AuthenticationLevel,
  CustomIdentifier,
  DirectClient,
  DirectJob,
  DirectSigner,
  ExitUrls,
  InvalidStatusQueryTokenError,
  JobStatus,
  PersonalIdentificationNumber,
  PollingQueue,
  Sender,
  SignatureStatus,
  SignatureType,
  SigningCeremonyNotCompletedError,
  StatusRetrievalMethod,
  TooEagerPollingError,
  type ClientConfiguration,
} from '../../../src/index.js';
import type { Simulator } from '../../../src/testing/index.js';
import { documentToSign, simulatorWithConfig } from '../../helpers/sdk.js';

// The seeds' direct use cases (../seeds/direct-use-cases.md in C#), end to end over mutual TLS on 127.0.0.1.
let simulator: Simulator;
let configuration: ClientConfiguration;
let directClient: DirectClient;
const exitUrls = new ExitUrls(
  new URL('http://redirectUrl.no/onCompletion'),
  new URL('http://redirectUrl.no/onCancellation'),
  new URL('http://redirectUrl.no/onError'),
);

beforeAll(async () => {
  ({ simulator, configuration } = await simulatorWithConfig({
    emptyQueueDelaySeconds: 2,
    deletableAfterSeconds: 0,
    firstJobId: 9007199254740993n,
    rateLimit: false,
  }));
  directClient = new DirectClient(configuration);
});
afterAll(async () => {
  await directClient.close();
  await simulator.close();
});

describe('direct use cases', () => {
  it('creates a signature job, signs, gets the status by token, downloads PAdES and XAdES, confirms, deletes', async () => {
    const signers = [new DirectSigner(new PersonalIdentificationNumber('12345678910')), new DirectSigner(new PersonalIdentificationNumber('10987654321'))];
    const job = new DirectJob(documentToSign(), signers, 'SendersReferenceToSignatureJob', exitUrls);
    const directJobResponse = await directClient.create(job);
    // Job ids are xs:long: this one is above 2^53 and must keep every digit.
    expect(directJobResponse.signatureJobId).toBe('9007199254740993');
    expect(directJobResponse.reference).toBe('SendersReferenceToSignatureJob');
    expect(directJobResponse.signers.map((s) => s.identifier.value)).toEqual(['12345678910', '10987654321']);

    // A made-up token is refused as such (403), even before anyone has signed, as production does.
    await expect(directClient.getStatus(directJobResponse.responseUrls.status('no-token-yet'))).rejects.toBeInstanceOf(InvalidStatusQueryTokenError);
    await expect(directClient.getPades(undefined)).rejects.toBeInstanceOf(ValidationError);
    const first = await simulator.sign(directJobResponse.signatureJobId, '12345678910');
    await expect(directClient.getStatus(directJobResponse.responseUrls.status('wrong-token'))).rejects.toBeInstanceOf(InvalidStatusQueryTokenError);
    // With one of two signers done, the first signer's token shows the job still in progress.
    const midway = await directClient.getStatus(directJobResponse.responseUrls.status(first.statusQueryToken!));
    expect(midway.status).toBe(JobStatus.InProgress);
    const second = await simulator.sign(directJobResponse.signatureJobId, '10987654321');
    const jobStatusResponse = await directClient.getStatus(directJobResponse.responseUrls.status(second.statusQueryToken!));
    expect(jobStatusResponse.status).toBe(JobStatus.CompletedSuccessfully);
    expect(jobStatusResponse.signatureJobId).toBe('9007199254740993');

    // api.md's form: the reference may be undefined in the types; it is there once the job has signatures.
    const pades = await directClient.getPades(jobStatusResponse.references.pades);
    const padesBytes = await pades.bytes();
    expect(new TextDecoder().decode(padesBytes.subarray(0, 5))).toBe('%PDF-');

    const signature = jobStatusResponse.getSignatureFor(new PersonalIdentificationNumber('12345678910'));
    expect(signature.signatureStatus).toBe(SignatureStatus.Signed);
    expect(signature.since).toBeInstanceOf(Date);
    const xades = await directClient.getXades(signature.xadesReference!);
    expect(await xades.text()).toContain('Signature');

    // The archive keeps the signed PAdES by document id (here: the job's).
    const archived = await new ArchiveClient(configuration).getPades(directJobResponse.signatureJobId);
    expect(new TextDecoder().decode((await archived.bytes()).subarray(0, 5))).toBe('%PDF-');
    await expect(new ArchiveClient(configuration).getPades('424242').then((d) => d.bytes())).rejects.toBeInstanceOf(UnexpectedResponseError);

    await directClient.confirm(jobStatusResponse.references.confirmation);
    expect(simulator.job(directJobResponse.signatureJobId)?.confirmed).toBe(true);
    await directClient.deleteDocuments(jobStatusResponse.references.deleteDocuments);
    expect(simulator.job(directJobResponse.signatureJobId)?.documentsDeleted).toBe(true);
  });

  it('refuses a status query token of another job', async () => {
    const job = new DirectJob(documentToSign(), [new DirectSigner(new CustomIdentifier('customer-42'))], 'ref', exitUrls);
    const response = await directClient.create(job);
    const other = await directClient.create(new DirectJob(documentToSign(), [new DirectSigner(new CustomIdentifier('customer-43'))], 'ref2', exitUrls));
    const signed = await simulator.sign(other.signatureJobId, 'customer-43');
    // A token from another job's ceremony does not open this job's status.
    await expect(directClient.getStatus(response.responseUrls.status(signed.statusQueryToken!))).rejects.toSatisfy(
      (e) => e instanceof InvalidStatusQueryTokenError || e instanceof SigningCeremonyNotCompletedError,
    );
  });

  it('specifies signature type and required authentication level', async () => {
    const signers = [new DirectSigner(new PersonalIdentificationNumber('12345678910'), { signatureType: SignatureType.AdvancedSignature })];
    const job = new DirectJob(documentToSign(), signers, 'SendersReferenceToSignatureJob', exitUrls, { authenticationLevel: AuthenticationLevel.Four });
    const response = await directClient.create(job);
    const manifest = simulator.job(response.signatureJobId)!.manifestXml;
    expect(manifest).toContain('<signature-type>ADVANCED_ELECTRONIC_SIGNATURE</signature-type>');
    expect(manifest).toContain('<required-authentication>4</required-authentication>');
  });

  it('requests a new single-use redirect URL for a signer', async () => {
    const response = await directClient.create(
      new DirectJob(documentToSign(), [new DirectSigner(new PersonalIdentificationNumber('12345678910'))], 'r', exitUrls),
    );
    const fresh = await directClient.requestNewRedirectUrl(response.signers[0]!);
    expect(fresh.redirectUrl).not.toBe(response.signers[0]!.redirectUrl);
    expect(fresh.identifier.value).toBe('12345678910');
  });

  it('gets the direct job status by polling, and never polls before the permitted time', async () => {
    const job = new DirectJob(
      documentToSign(),
      [new DirectSigner(new PersonalIdentificationNumber('00000000000'))],
      'SendersReferenceToSignatureJob',
      exitUrls,
      {
        statusRetrievalMethod: StatusRetrievalMethod.Polling,
      },
    );
    const created = await directClient.create(job);
    expect(created.statusUrl).toBeUndefined();
    await simulator.sign(created.signatureJobId, '00000000000');

    const changedJob = await directClient.getStatusChange();
    if (changedJob.status === JobStatus.NoChanges) throw new Error('expected a change');
    expect(changedJob.status).toBe(JobStatus.CompletedSuccessfully);
    expect(changedJob.signatureJobId).toBe(created.signatureJobId);
    await directClient.confirm(changedJob.references.confirmation);

    const empty = await directClient.getStatusChange();
    expect(empty.status).toBe(JobStatus.NoChanges);
    expect(empty.nextPermittedPollTime.getTime()).toBeGreaterThan(Date.now());
    expect(Object.keys(empty).sort()).toEqual(['nextPermittedPollTime', 'status']);
    const pollsBefore = simulator.stats.polls;
    // Polling again before the permitted time is refused locally: nothing is sent.
    await expect(directClient.getStatusChange()).rejects.toBeInstanceOf(TooEagerPollingError);
    expect(simulator.stats.polls).toBe(pollsBefore);
    expect(simulator.stats.pollsBeforePermittedTime).toBe(0);
  });

  it('specifies queues: jobs and polls of a named queue', async () => {
    const sender = new Sender(simulator.organizationNumber, new PollingQueue('CustomPollingQueue'));
    const job = new DirectJob(
      documentToSign(),
      [new DirectSigner(new PersonalIdentificationNumber('00000000000'))],
      'SendersReferenceToSignatureJob',
      exitUrls,
      sender,
      StatusRetrievalMethodOptions(),
    );
    const created = await directClient.create(job);
    expect(simulator.job(created.signatureJobId)!.pollingQueue).toBe('CustomPollingQueue');
    await simulator.sign(created.signatureJobId, '00000000000');
    const changedJob = await directClient.getStatusChange(sender);
    if (changedJob.status === JobStatus.NoChanges) throw new Error('expected a change');
    expect(changedJob.signatureJobId).toBe(created.signatureJobId);
    await directClient.confirm(changedJob.references.confirmation);
  });
});

function StatusRetrievalMethodOptions() {
  return { statusRetrievalMethod: StatusRetrievalMethod.Polling };
}
