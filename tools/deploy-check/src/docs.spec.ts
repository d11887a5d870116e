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
  const code = trackedFiles('apps', 'libs', 'scripts', 'tools', 'docker', 'k8s').filter(
    (f) =>
      /\.(ts|mjs|cjs|js|sh|ya?ml|conf)$|Dockerfile$/.test(f) && !f.endsWith('deploy-check/src/docs.spec.ts'),
  );
  const docs = trackedFiles('*.md');

  it('every invariant id cited (I1, I2, …) in code or docs is defined in docs/architecture.md', () => {
    const cited = new Set(
      [...code, ...docs].flatMap((file) =>
        [...read(file).matchAll(/\bI([1-9]\d*)\b/g)].map((m) => `I${m[1]}`),
      ),
    );
    expect(cited.size).toBeGreaterThan(0);
    for (const id of cited)
      expect({ id, defined: architecture.includes(`**${id} `) }).toEqual({ id, defined: true });
  });

  it('every section of docs/architecture.md a comment names ("docs/architecture.md, Keys") exists', () => {
    const headings = new Set([...architecture.matchAll(/^## (.+)$/gm)].map((m) => m[1]));
    const named = code.flatMap((file) =>
      [...read(file).matchAll(/docs\/architecture\.md, ([A-Z][a-z]+(?: [a-z]+)*)/g)].map((m) => m[1]),
    );
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((name) => !headings.has(name))).toEqual([]);
  });

  it('no file cites a design document that is not in the repository', () => {
    expect([...code, ...docs].filter((file) => /design\.md/.test(read(file)))).toEqual([]);
  });

  it('every relative link of the Markdown files points at a file of the repository', () => {
    const broken: string[] = [];
    for (const doc of docs) {
      for (const [, target = ''] of read(doc).matchAll(/\]\(<?([^)\s>#]+)[^)]*\)/g)) {
        if (/^[a-z]+:/.test(target)) continue; // http:, https:, mailto:
        const path = target.startsWith('/') ? join(ROOT, target) : join(ROOT, dirname(doc), target);
        if (!existsSync(path)) broken.push(`${doc} -> ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
