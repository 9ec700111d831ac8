import { ClientConfiguration, Document, FileType, Sender, type ClientConfigurationOptions } from '../../src/index.js';
import { samplePdf } from '../../src/cli/sample-pdf.js';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/testing/index.js';

/** A simulator and a configuration for it, as a user's own test would set them up. */
export async function simulatorWithConfig(
  options: SimulatorOptions = {},
  config: Partial<ClientConfigurationOptions> = {},
): Promise<{ simulator: Simulator; configuration: ClientConfiguration }> {
  const simulator = await startSimulator(options);
  const configuration = new ClientConfiguration({
    environment: simulator.environment,
    certificate: simulator.senderCertificate,
    globalSender: new Sender(simulator.organizationNumber),
    // With the simulator's rate limiter off, the client's own (10 calls a second) would only slow tests down.
    ...(options.rateLimit === false ? { maxRequestsPerSecond: Infinity } : {}),
    ...config,
  });
  return { simulator, configuration };
}

export const pdf = (text = 'Contract'): Uint8Array => samplePdf(text);

export const documentToSign = (): Document => new Document('Subject of Message', 'This is the content', FileType.Pdf, pdf());
