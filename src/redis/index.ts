/**
 * `posten-signering/redis`: one poll schedule and one request budget for a fleet of processes, kept in Redis.
 *
 * ```ts
 * import { createClient } from 'redis';
 * import { redisCoordination } from 'posten-signering/redis';
 *
 * const redis = createClient({ url: process.env.REDIS_URL });
 * await redis.connect();
 * const configuration = new ClientConfiguration({ environment, certificate, globalSender, ...redisCoordination(redis) });
 * ```
 * @packageDocumentation
 */
export { redisCoordination, type RedisCoordination, type RedisCoordinationOptions } from './coordination.js';
export type { RedisClientLike, NodeRedisLike, IoRedisLike } from './client.js';
export { CoordinationError } from '../errors/index.js';
