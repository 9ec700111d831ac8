import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { createClient as createClientV4 } from 'redis-v4';
import type { RedisClientLike } from '../../src/redis/index.js';

export const LIBRARIES = ['redis', 'redis-v4', 'ioredis'] as const;
export type Library = (typeof LIBRARIES)[number];

/** A connected client of `library`, and how to end it. Errors are listened to: clients reconnect by themselves. */
export async function connectClient(library: Library, url: string): Promise<{ client: RedisClientLike; quit: () => Promise<void> }> {
  if (library === 'ioredis') {
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: null });
    client.on('error', () => undefined);
    await client.connect();
    return { client, quit: async () => void client.disconnect() };
  }
  const client = library === 'redis' ? createClient({ url }) : createClientV4({ url });
  client.on('error', () => undefined);
  await client.connect();
  return {
    client,
    quit: async () => {
      await client.disconnect().catch(() => undefined);
    },
  };
}
