import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROOT } from './manifest';

/** The repository's tracked files under `paths` (what a clone holds). */
function trackedFiles(...paths: string[]): string[] {
  return execFileSync('git', ['ls-files', '--', ...paths], { cwd: ROOT, encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
}

const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

describe('the docs the code points at', () => {
  const architecture = read('docs/architecture.md');
  const code = trackedFiles('apps', 'libs', 'scripts', 'tools', 'docker', 'k8s').filter((f) =>
    /\.(ts|mjs|cjs|sh|ya?ml)$|Dockerfile$/.test(f),
  );

  it('every invariant id a comment cites (I1, I2, …) is defined in docs/architecture.md', () => {
    const cited = new Set(
      code.flatMap((file) => [...read(file).matchAll(/\bI([1-9])\b/g)].map((m) => `I${m[1]}`)),
    );
    expect(cited.size).toBeGreaterThan(0);
    for (const id of cited)
      expect({ id, defined: architecture.includes(`**${id} `) }).toEqual({ id, defined: true });
  });

  it('no file cites a design document that is not in the repository', () => {
    const citing = [...code, ...trackedFiles('*.md', 'docs')].filter((file) => /design\.md/.test(read(file)));
    expect(citing).toEqual([]);
  });

  it('every relative link of README.md and docs/*.md points at a file of the repository', () => {
    const broken: string[] = [];
    for (const doc of trackedFiles('README.md', 'BENCHMARKS.md', 'docs/*.md')) {
      for (const [, target = ''] of read(doc).matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
        if (/^[a-z]+:/.test(target)) continue; // http:, https:, mailto:
        if (!existsSync(join(ROOT, dirname(doc), target))) broken.push(`${doc} -> ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
