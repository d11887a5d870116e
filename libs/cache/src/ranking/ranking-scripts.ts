import type { Result } from 'ioredis';
import type { RedisClient } from '../connection/redis-client.factory';

/**
 * Adds many counts to one ranking shard in one call: KEYS[1] = the shard (a sorted set), ARGV = member, increment,
 * member, increment, … A flush then sends one command per shard instead of one ZINCRBY per id.
 */
export const RANK_INCREMENT_LUA = `
for i = 1, #ARGV, 2 do redis.call('ZINCRBY', KEYS[1], ARGV[i + 1], ARGV[i]) end
return #ARGV / 2
`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    /** See RANK_INCREMENT_LUA. */
    fcRankIncrement(shard: string, ...memberIncrementPairs: (string | number)[]): Result<number, Context>;
  }
}

/** Registers the ranking scripts on a client. */
export function defineRankingScripts(client: RedisClient): void {
  client.defineCommand('fcRankIncrement', { numberOfKeys: 1, lua: RANK_INCREMENT_LUA });
}
