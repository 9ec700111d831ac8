import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** TLS record content types. */
export const RECORD = { changeCipherSpec: 20, alert: 21, handshake: 22, applicationData: 23 } as const;

export interface TlsRelay {
  url: string;
  /** The content type of every TLS record the client sent, in order, over all connections. */
  clientRecords: number[];
  close: () => Promise<void>;
}

/**
 * A TCP relay in front of a TLS server that reads the record layer of what the client sends. The client's first
 * record is its ClientHello; its Certificate message goes out in its second flight: more handshake records (TLS
 * 1.2, in the clear) or encrypted application-data records (TLS 1.3). A client that stops after the server's
 * first flight sends its ClientHello and at most an alert.
 */
export async function startTlsRelay(targetPort: number): Promise<TlsRelay> {
  const clientRecords: number[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    let pending = Buffer.alloc(0);
    client.on('data', (data: Buffer) => {
      pending = Buffer.concat([pending, data]);
      while (pending.length >= 5) {
        const length = pending.readUInt16BE(3);
        if (pending.length < 5 + length) break;
        clientRecords.push(pending[0] as number);
        pending = pending.subarray(5 + length);
      }
      upstream.write(data);
    });
    upstream.on('data', (data: Buffer) => client.write(data));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    clientRecords,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
