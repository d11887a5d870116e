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

/** One build stage: its FROM image and name, and the instructions up to the next FROM. */
export interface Stage {
  image: string;
  name: string;
  steps: Instruction[];
}

/** The stages of a Dockerfile's instructions (the ARGs before the first FROM belong to none). */
export function stages(steps: Instruction[]): Stage[] {
  const result: Stage[] = [];
  for (const step of steps) {
    if (step.keyword === 'FROM') {
      const [image = '', , name = ''] = step.args.replace(/^--platform=\S+\s+/, '').split(/\s+/);
      result.push({ image, name, steps: [] });
    } else result.at(-1)?.steps.push(step);
  }
  return result;
}

/** The global build arguments (declared before the first FROM) and their defaults: `--build-arg` overrides them. */
export function globalArgs(steps: Instruction[]): Record<string, string | undefined> {
  const first = steps.findIndex((s) => s.keyword === 'FROM');
  const args = steps.slice(0, first < 0 ? steps.length : first).filter((s) => s.keyword === 'ARG');
  return Object.fromEntries(
    args.map((s) => {
      const at = s.args.indexOf('=');
      return at < 0 ? [s.args, undefined] : [s.args.slice(0, at), s.args.slice(at + 1)];
    }),
  );
}

export function readDockerfile(): string {
  return readFileSync(DOCKERFILE, 'utf8');
}
