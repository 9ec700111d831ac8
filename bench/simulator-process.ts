/*
 * The simulator in its own process. In the same process it would take its share of the one event loop the client
 * runs on, and the figures would measure the simulator as much as the client; on its own it runs on the other core,
 * as a real server would be elsewhere. Controlled over the fork IPC channel.
 */
import { startSimulator } from '../src/testing/index.js';

export interface SimulatorHello {
  url: string;
  organizationNumber: string;
  caCertificatePem: string;
  pkcs12: string;
  password: string;
  key: string;
  cert: string;
}

export type SimulatorCommand = { id: number; cmd: 'setSignerStatus'; jobIds: string[]; signer: string; status: string } | { id: number; cmd: 'close' };

const simulator = await startSimulator({ verifyUploads: false, rateLimit: false, emptyQueueDelaySeconds: 1, redeliverAfterSeconds: 3600 });
const send = (m: unknown): void => void process.send?.(m);
process.on('message', (message: SimulatorCommand) => {
  void (async () => {
    if (message.cmd === 'setSignerStatus') {
      for (const id of message.jobIds) await simulator.setSignerStatus(id, message.signer, message.status);
      send({ id: message.id });
    } else {
      await simulator.close();
      send({ id: message.id });
      process.disconnect();
    }
  })().catch((e: unknown) => send({ id: message.id, error: String(e) }));
});
const hello: SimulatorHello = {
  url: simulator.url,
  organizationNumber: simulator.organizationNumber,
  caCertificatePem: simulator.caCertificatePem,
  pkcs12: Buffer.from(simulator.senderCertificate.pkcs12).toString('base64'),
  password: simulator.senderCertificate.password,
  key: simulator.senderCertificatePem.key,
  cert: simulator.senderCertificatePem.cert,
};
send({ hello });
