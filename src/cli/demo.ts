import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  ClientConfiguration,
  ContactInformation,
  DirectClient,
  DirectJob,
  DirectSigner,
  Document,
  Email,
  ExitUrls,
  FileType,
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
  Sms,
  StatusRetrievalMethod,
  type Logger,
} from '../index.js';
import type { Simulator } from '../testing/index.js';
import { startDemoSimulator } from './demo-simulator.js';
import { signThroughPage } from './browser.js';
import { samplePdf } from './sample-pdf.js';

export interface DemoOptions {
  /** Where PAdES and XAdES files are written. Default `./demo-output`. */
  outputDir?: string;
  /** Where the narration goes. Default stdout. */
  print?: (line: string) => void;
  /** Receives the SDK's own log lines (tests scan them for personal data). */
  logger?: Logger;
  /** Called with the simulator once it runs (tests read its certificate password to scan for it). */
  onSimulator?: (simulator: Simulator) => void;
}

/**
 * The whole direct and portal flow of the seeds' use cases, against the embedded simulator: what a new user
 * runs first (`npm run demo`), and what our tests run to prove the pieces fit.
 */
export async function runDemo(options: DemoOptions = {}): Promise<void> {
  const print = options.print ?? ((line: string) => console.log(line));
  const outputDir = resolve(options.outputDir ?? 'demo-output');
  let step = 0;
  const say = (text: string): void => print(`${String(++step).padStart(2, ' ')}. ${text}`);

  // Production waits 600 s after an empty queue; the demo's simulator waits 1 s so the walk-through is quick.
  const { simulator, inProcess } = await startDemoSimulator({ emptyQueueDelaySeconds: 1, redeliverAfterSeconds: 5 });
  if (inProcess) options.onSimulator?.(inProcess);
  const clientConfiguration = new ClientConfiguration({
    environment: simulator.environment,
    certificate: simulator.senderCertificate,
    globalSender: new Sender(simulator.organizationNumber),
    userAgent: 'posten-signering-demo',
    ...(options.logger ? { logger: options.logger, logLevel: 'debug' as const } : {}),
  });
  const directClient = new DirectClient(clientConfiguration);
  const portalClient = new PortalClient(clientConfiguration);
  try {
    say(`Simulator of Posten signering running at ${simulator.url} (organisation ${simulator.organizationNumber}); dashboard: ${simulator.dashboardUrl}`);
    say(`Certificate accepted: "${await directClient.whoAmI()}"`);
    await mkdir(outputDir, { recursive: true });

    // ---- Direct: create, sign through the signing page, status by token, downloads ----
    const documentToSign = new Document('Subject of Message', 'This is the content', FileType.Pdf, samplePdf('Employment contract'));
    const exitUrls = new ExitUrls(
      new URL('http://redirectUrl.no/onCompletion'),
      new URL('http://redirectUrl.no/onCancellation'),
      new URL('http://redirectUrl.no/onError'),
    );
    const first = new PersonalIdentificationNumber('12345678910');
    const second = new PersonalIdentificationNumber('10987654321');
    const job = new DirectJob(documentToSign, [new DirectSigner(first), new DirectSigner(second)], 'SendersReferenceToSignatureJob', exitUrls);
    const directJobResponse = await directClient.create(job);
    say(`Direct job ${directJobResponse.signatureJobId} created with ${directJobResponse.signers.length} signers`);

    let statusQueryToken = '';
    for (const signer of directJobResponse.signers) {
      // Redirect URLs are single-use: fetch a fresh one right before sending the browser, as the docs advise.
      const fresh = await directClient.requestNewRedirectUrl(signer);
      const exitUrl = await signThroughPage(fresh.redirectUrl, simulator.caCertificatePem, 'sign');
      statusQueryToken = exitUrl.searchParams.get('status_query_token') ?? '';
      say(`${signer.identifier} signed on the signing page and came back to ${exitUrl.origin}${exitUrl.pathname}`);
    }

    const jobStatusResponse = await directClient.getStatus(directJobResponse.responseUrls.status(statusQueryToken));
    say(`Status by token: ${jobStatusResponse.status}`);
    if (jobStatusResponse.status === JobStatus.CompletedSuccessfully && jobStatusResponse.references.pades) {
      const pades = await directClient.getPades(jobStatusResponse.references.pades);
      const file = join(outputDir, `direct-${directJobResponse.signatureJobId}.pdf`);
      await writeFile(file, await pades.bytes());
      say(`PAdES saved to ${file}`);
    }
    for (const pin of [first, second]) {
      const signature = jobStatusResponse.getSignatureFor(pin);
      if (signature.signatureStatus === SignatureStatus.Signed && signature.xadesReference) {
        const xades = await directClient.getXades(signature.xadesReference);
        const file = join(outputDir, `direct-${directJobResponse.signatureJobId}-${pin.value.slice(0, 6)}.xml`);
        await writeFile(file, await xades.bytes());
        say(`XAdES of ${pin} saved to ${file}`);
      }
    }
    await directClient.confirm(jobStatusResponse.references.confirmation);
    say('Direct job status confirmed');

    // ---- Direct by polling, on a named queue ----
    const queueSender = new Sender(simulator.organizationNumber, new PollingQueue('CustomPollingQueue'));
    const pollingJob = new DirectJob(documentToSign, [new DirectSigner(new PersonalIdentificationNumber('00000000000'))], 'PollingJob', exitUrls, queueSender, {
      statusRetrievalMethod: StatusRetrievalMethod.Polling,
    });
    const pollingResponse = await directClient.create(pollingJob);
    await simulator.sign(pollingResponse.signatureJobId, '00000000000');
    for await (const change of directClient.statusChanges({ sender: queueSender })) {
      say(`Polled queue CustomPollingQueue: job ${change.signatureJobId} is ${change.status}`);
      await change.confirm();
      if (change.signatureJobId === pollingResponse.signatureJobId && change.status !== JobStatus.InProgress) break;
    }

    // ---- Portal: five kinds of signer, polled and confirmed until done ----
    const signers = [
      new PortalSigner(new PersonalIdentificationNumber('00000000000'), new NotificationsUsingLookup()),
      new PortalSigner(new PersonalIdentificationNumber('11111111111'), new Notifications(new Email('email1@example.com'), new Sms('999999999'))),
      new PortalSigner(new ContactInformation({ email: new Email('email2@example.com') })),
      new PortalSigner(new ContactInformation({ sms: new Sms('88888888') })),
      new PortalSigner(new ContactInformation({ email: new Email('email3@example.com'), sms: new Sms('77777777') })),
    ];
    const portalJob = new PortalJob(documentToSign, signers, 'myReferenceToJob');
    const portalJobResponse = await portalClient.create(portalJob);
    say(`Portal job ${portalJobResponse.signatureJobId} created with ${signers.length} signers`);
    for (const signer of ['00000000000', '11111111111', 'email2@example.com', '88888888', 'email3@example.com']) {
      await simulator.sign(portalJobResponse.signatureJobId, signer);
    }
    say('All five signers signed in the (simulated) portal');

    const controller = new AbortController();
    await portalClient.processStatusChanges(
      async (change) => {
        const signed = change.signatures.filter((s) => s.signatureStatus === SignatureStatus.Signed).length;
        say(`Portal change: job ${change.signatureJobId} ${change.status}, ${signed}/${change.signatures.length} signed (confirmed after this line)`);
        if (change.signatureJobId === portalJobResponse.signatureJobId && change.status === JobStatus.CompletedSuccessfully) {
          if (change.padesReference) {
            const file = join(outputDir, `portal-${change.signatureJobId}.pdf`);
            await writeFile(file, await (await portalClient.getPades(change.padesReference)).bytes());
            say(`PAdES saved to ${file}`);
          }
          controller.abort();
        }
      },
      { signal: controller.signal },
    );

    // ---- Portal: cancel a job, then see that a finished job cannot be cancelled ----
    const toCancel = await portalClient.create(new PortalJob(documentToSign, [signers[2] as PortalSigner], 'jobToCancel'));
    await portalClient.cancel(toCancel.cancellationReference);
    say(`Portal job ${toCancel.signatureJobId} cancelled`);
    try {
      await portalClient.cancel(portalJobResponse.cancellationReference);
    } catch (error) {
      if (!(error instanceof JobCannotBeCancelledError)) throw error;
      say(`Cancelling the completed job ${portalJobResponse.signatureJobId} is refused: JobCannotBeCancelledError`);
    }
    say(`Done. Files are in ${outputDir}`);
  } finally {
    await directClient.close();
    await simulator.close();
  }
}
