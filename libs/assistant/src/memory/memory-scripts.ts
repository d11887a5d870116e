import type { Result } from 'ioredis';
import type { RedisClient } from '@fleetcache/cache';

/**
 * Appends a turn to a chat's memory. KEYS = meta, messages, summary, context (one hash tag); ARGV = the user's and
 * the assistant's message (JSON), messages kept, summary characters kept, ttl ms. Messages beyond the window leave
 * the list and enter the running summary (role and the first 200 bytes of each; the summary keeps its newest bytes,
 * never splitting a UTF-8 character). Every key's TTL restarts (sliding). 0 when the chat is gone.
 */
const APPEND_TURN_LUA = `
-- Cuts at a byte count without splitting a UTF-8 character (continuation bytes are 0x80-0xBF).
local function head(s, n)
  if #s <= n then return s end
  local e = n
  while e > 0 and string.byte(s, e + 1) >= 128 and string.byte(s, e + 1) < 192 do e = e - 1 end
  return string.sub(s, 1, e)
end
local function tail(s, n)
  if #s <= n then return s end
  local b = #s - n + 1
  while b <= #s and string.byte(s, b) >= 128 and string.byte(s, b) < 192 do b = b + 1 end
  return string.sub(s, b)
end
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('RPUSH', KEYS[2], ARGV[1], ARGV[2])
local over = redis.call('LLEN', KEYS[2]) - tonumber(ARGV[3])
if over > 0 then
  local dropped = redis.call('LPOP', KEYS[2], over)
  local summary = redis.call('GET', KEYS[3]) or ''
  for _, raw in ipairs(dropped) do
    local ok, message = pcall(cjson.decode, raw)
    if ok and type(message) == 'table' and type(message.content) == 'string' then
      summary = summary .. tostring(message.role) .. ': ' .. head(message.content, 200) .. '\\n'
    end
  end
  local keep = tonumber(ARGV[4])
  summary = tail(summary, keep)
  redis.call('SET', KEYS[3], summary)
end
for i = 1, 4 do redis.call('PEXPIRE', KEYS[i], ARGV[5]) end
return 1
`;

/** Adds retrieved context (ARGV[1..n-2], JSON each) keeping ARGV[n-1] items; ARGV[n] = ttl ms. KEYS as above. */
const ADD_CONTEXT_LUA = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local n = #ARGV
for i = 1, n - 2 do redis.call('LPUSH', KEYS[4], ARGV[i]) end
redis.call('LTRIM', KEYS[4], 0, tonumber(ARGV[n - 1]) - 1)
for i = 1, 4 do redis.call('PEXPIRE', KEYS[i], ARGV[n]) end
return 1
`;

/**
 * Reads a chat's whole memory and restarts its TTL (sliding). KEYS as above; ARGV = ttl ms. Returns {} when the
 * chat is gone, else {meta (flat hash), messages, summary, context}.
 */
const READ_LUA = `
local meta = redis.call('HGETALL', KEYS[1])
if #meta == 0 then return {} end
for i = 1, 4 do redis.call('PEXPIRE', KEYS[i], ARGV[1]) end
return {meta, redis.call('LRANGE', KEYS[2], 0, -1), redis.call('GET', KEYS[3]) or '', redis.call('LRANGE', KEYS[4], 0, -1)}
`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    fcChatAppendTurn(...args: string[]): Result<number, Context>;
    fcChatAddContext(...args: string[]): Result<number, Context>;
    fcChatRead(...args: string[]): Result<[string[], string[], string, string[]] | [], Context>;
  }
}

/** Registers the memory scripts on a client (idempotent). */
export function defineMemoryScripts(client: RedisClient): void {
  if (typeof (client as { fcChatRead?: unknown }).fcChatRead === 'function') return;
  client.defineCommand('fcChatAppendTurn', { numberOfKeys: 4, lua: APPEND_TURN_LUA });
  client.defineCommand('fcChatAddContext', { numberOfKeys: 4, lua: ADD_CONTEXT_LUA });
  client.defineCommand('fcChatRead', { numberOfKeys: 4, lua: READ_LUA });
}
