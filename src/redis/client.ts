import { createHash } from 'node:crypto';
import { ConfigurationError, CoordinationError } from '../errors/index.js';

/**
 * The part of a node-redis client (`redis` v4 or v5, `createClient()`) this adapter uses. Typed structurally so
 * that the package imports neither client library.
 */
export interface NodeRedisLike {
  /** node-redis's raw command: `[name, ...args]`. */
  sendCommand(args: string[]): Promise<unknown>;
}

/** The part of an ioredis client (`new Redis()`) this adapter uses. */
export interface IoRedisLike {
  /** ioredis's raw command: name, then arguments. */
  call(command: string, ...args: (string | number)[]): Promise<unknown>;
}

/** A connected node-redis (v4, v5) or ioredis client. */
export type RedisClientLike = NodeRedisLike | IoRedisLike;

/** A Lua script run by its SHA-1 (EVALSHA), loaded again when Redis has forgotten it (a restart, SCRIPT FLUSH). */
export class Script {
  readonly sha: string;
  constructor(readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }
}

/** Runs scripts on either client library, each call bounded by a timeout. */
export class RedisRunner {
  readonly #send: (args: string[]) => Promise<unknown>;

  constructor(
    client: RedisClientLike,
    private readonly timeoutMs: number,
  ) {
    this.#send = commandSender(client);
  }

  /** Runs `script`; a Redis that fails or does not answer within the timeout gives `CoordinationError`. */
  async run(script: Script, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    const tail = [String(keys.length), ...keys, ...args.map(String)];
    return this.#bounded(async () => {
      try {
        return await this.#send(['EVALSHA', script.sha, ...tail]);
      } catch (error) {
        if (!/NOSCRIPT/.test(String((error as Error)?.message ?? error))) throw error;
        return await this.#send(['EVAL', script.source, ...tail]);
      }
    });
  }

  /**
   * Runs `script` until it succeeds, in the background: about two minutes of tries (250 ms doubling to 5 s). For
   * writes that must reach Redis once it answers again, and must not hold up the caller meanwhile.
   */
  runInBackground(script: Script, keys: readonly string[], args: readonly (string | number)[]): void {
    let delay = 250;
    let tries = 0;
    const attempt = (first: boolean): void => {
      const run = (): void => {
        this.run(script, keys, args).catch(() => {
          delay = Math.min(delay * 2, 5_000);
          if (++tries < 30) attempt(false);
        });
      };
      if (first) return run();
      setTimeout(run, delay).unref?.();
    };
    attempt(true);
  }

  async #bounded<T>(call: () => Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new CoordinationError(`Redis did not answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    try {
      return await Promise.race([call(), timeout]);
    } catch (error) {
      if (error instanceof CoordinationError) throw error;
      throw new CoordinationError(`Redis failed: ${String((error as Error)?.message ?? error)}`, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Tells the two libraries apart by their methods: ioredis has `call(name, ...args)`, node-redis `sendCommand([...])`. */
function commandSender(client: RedisClientLike): (args: string[]) => Promise<unknown> {
  const c = client as Partial<IoRedisLike & NodeRedisLike> | null | undefined;
  if (typeof c?.call === 'function') {
    const call = c.call.bind(c);
    return ([command, ...args]) => call(command as string, ...args);
  }
  if (typeof c?.sendCommand === 'function') return c.sendCommand.bind(c);
  throw new ConfigurationError('redisCoordination needs a node-redis client (createClient() of the redis package) or an ioredis client');
}
