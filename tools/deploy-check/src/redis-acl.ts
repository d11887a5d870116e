// The apps' Redis ACL users as k8s/base/redis/acl-users.sh renders them, parsed for the checks.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './manifest';

export const ACL_USERS = join(ROOT, 'k8s/base/redis/acl-users.sh');

/** A selector of a user (`(&chan:* +cmd)`): permissions of their own, which a command may match instead. */
export interface AclSelector {
  rules: string[];
  commands: Set<string>;
}

/** One rendered user: its root rules and commands, and its selectors. */
export interface AclUser {
  name: string;
  rules: string[];
  commands: Set<string>;
  selectors: AclSelector[];
}

/** Every variable acl-users.sh takes, with example values: all four users rendered. */
export const EXAMPLE = {
  REDIS_SERVICE_USERNAME: 'fleetcache-service',
  REDIS_SERVICE_PASSWORD: 'service-password',
  REDIS_WARMER_USERNAME: 'fleetcache-warmer',
  REDIS_WARMER_PASSWORD: 'warmer-password',
  REDIS_MONITOR_USERNAME: 'fleetcache-monitor',
  REDIS_MONITOR_PASSWORD: 'monitor-password',
  REDIS_ASSISTANT_USERNAME: 'fleetcache-assistant',
  REDIS_ASSISTANT_PASSWORD: 'assistant-password',
};

const commandsOf = (rules: string[]) =>
  new Set(rules.filter((r) => r.startsWith('+')).map((r) => r.slice(1)));

/** Runs acl-users.sh with only `env` (and PATH) and parses its lines; a failing script throws. */
export function renderUsers(env: Record<string, string>): AclUser[] {
  const output = execFileSync('sh', [ACL_USERS], {
    encoding: 'utf8',
    // eslint-disable-next-line no-restricted-properties -- a child process's PATH, not app configuration
    env: { PATH: process.env['PATH'], ...env },
  });
  return output
    .trim()
    .split('\n')
    .map((line) => {
      const selectors = [...line.matchAll(/\(([^)]*)\)/g)].map((m) => {
        const rules = m[1]!.split(' ');
        return { rules, commands: commandsOf(rules) };
      });
      const [keyword, name, ...rules] = line.replace(/ ?\([^)]*\)/g, '').split(' ');
      if (keyword !== 'user') throw new Error(`not an ACL user line: ${line}`);
      return { name: name!, rules, commands: commandsOf(rules), selectors };
    });
}

/**
 * The libraries only the assistant-service runs: their Lua scripts are granted to its own user
 * (assistant-redis-acl.spec.ts); every other library's scripts run in the services.
 */
export const ASSISTANT_ONLY_LIBS = ['libs/assistant', 'libs/semantic-cache'];

/**
 * Every command the Lua scripts under `dirs` (folders of the repository) call: `redis.call('X'` and
 * `redis.pcall('X'` in their non-test sources.
 */
export function scriptedCommands(dirs: string[], skip: string[] = []): Set<string> {
  const found = new Set<string>();
  const walk = (dir: string): void => {
    if (skip.some((s) => join(ROOT, s) === dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) {
        for (const m of readFileSync(path, 'utf8').matchAll(/redis\.p?call\(\s*'([A-Za-z]+)'/g))
          found.add(m[1]!.toLowerCase());
      }
    }
  };
  for (const dir of dirs) walk(join(ROOT, dir));
  return found;
}

/** Whether a Redis glob pattern (`*`, `?`, `[...]`; the rest literal) matches the whole of `text`. */
export function globMatches(pattern: string, text: string): boolean {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') source += '.*';
    else if (c === '?') source += '.';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      source += `[${pattern.slice(i + 1, end)}]`;
      i = end;
    } else source += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's').test(text);
}

/** The key (`~`) or channel (`&`) patterns of some rules, without their sigil. */
export const patterns = (rules: string[], sigil: '~' | '&') =>
  rules.filter((r) => r.startsWith(sigil)).map((r) => r.slice(1));
