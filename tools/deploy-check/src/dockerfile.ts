import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validate } from 'dockerfile-utils';
import { ROOT } from './manifest';

export const DOCKERFILE = join(ROOT, 'docker/Dockerfile');

/** One instruction of a Dockerfile, continuation lines joined. */
export interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

/** Lint problems (errors and warnings) of a Dockerfile's text, as `dockerfile-utils lint` reports them. */
export function lintDockerfile(text: string): string[] {
  return validate(text).map((d) => `line ${d.range.start.line + 1}: ${d.message}`);
}

/** The instructions of a Dockerfile, comments dropped and continuation lines joined. */
export function instructions(text: string): Instruction[] {
  const result: Instruction[] = [];
  let pending: Instruction | undefined;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (!pending && (line === '' || line.startsWith('#'))) return;
    const content = line.replace(/\\$/, '').trim();
    if (pending) pending.args += ` ${content}`;
    else {
      const [keyword = '', ...rest] = content.split(/\s+/);
      pending = { keyword: keyword.toUpperCase(), args: rest.join(' '), line: index + 1 };
    }
    if (!line.endsWith('\\')) {
      result.push(pending);
      pending = undefined;
    }
  });
  return result;
}

export function readDockerfile(): string {
  return readFileSync(DOCKERFILE, 'utf8');
}
