import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from './manifest';

export const COMPOSE_FILE = join(ROOT, 'docker/docker-compose.yml');
export const COMPOSE_ENV_EXAMPLE = join(ROOT, 'docker/.env.example');

/** A service of the resolved compose file (only the parts the checks read). */
export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string; args?: Record<string, string> };
  command?: string[];
  environment?: Record<string, string>;
  ports?: (string | { published: number; target: number })[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  restart?: string;
  /** Started only when one of these profiles is active (`--profile`, COMPOSE_PROFILES). */
  profiles?: string[];
  read_only?: boolean;
  cap_drop?: string[];
}

/** The outcome of `docker-compose config` (Debian's docker-compose validates against the compose schema). */
export interface ComposeResult {
  ok: boolean;
  stderr: string;
  services: Record<string, ComposeService>;
}

/** Resolves and validates a compose file with an env file, as `docker-compose up` would before starting. */
/** `envFile` null: no env file, as on a clone where docker/.env was never created. */
export function composeConfig(
  file = COMPOSE_FILE,
  envFile: string | null = COMPOSE_ENV_EXAMPLE,
): ComposeResult {
  const args = ['-f', file, ...(envFile ? ['--env-file', envFile] : []), 'config'];
  const result = spawnSync('docker-compose', args, { encoding: 'utf8', env: cleanEnv(file) });
  if (result.error) throw result.error;
  const ok = result.status === 0;
  const services = ok
    ? ((parse(result.stdout) as { services: Record<string, ComposeService> }).services ?? {})
    : {};
  return { ok, stderr: result.stderr, services };
}

/** The caller's environment minus every variable the compose file substitutes, so only the env file counts. */
function cleanEnv(file: string): NodeJS.ProcessEnv {
  // eslint-disable-next-line no-restricted-properties -- a child process's environment, not app configuration
  const env = { ...process.env };
  for (const [, key = ''] of readFileSync(file, 'utf8').matchAll(/\$\{([A-Z_][A-Z0-9_]*)/g)) {
    delete env[key];
  }
  return env;
}
