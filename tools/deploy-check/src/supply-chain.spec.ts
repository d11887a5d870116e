import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { globalArgs, instructions, readDockerfile, stages } from './dockerfile';
import { ROOT } from './manifest';

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  link?: boolean;
  dev?: boolean;
  optional?: boolean;
  devOptional?: boolean;
  hasInstallScript?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  overrides?: unknown;
  [field: string]: unknown;
}
interface Lockfile {
  lockfileVersion: number;
  packages: Record<string, LockEntry>;
  [field: string]: unknown;
}

const CHECK_LOCKFILE = join(ROOT, 'scripts/supply-chain/check-lockfile.mjs');
const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

describe('supply chain: docker/Dockerfile', () => {
  const steps = instructions(readDockerfile());
  const byName = Object.fromEntries(stages(steps).map((stage) => [stage.name, stage]));
  const runs = (name: string) =>
    (byName[name]?.steps ?? []).filter((s) => s.keyword === 'RUN').map((s) => s.args);

  it('pins the default base image by digest, in a global ARG that --build-arg BASE_IMAGE overrides', () => {
    expect(globalArgs(steps)['BASE_IMAGE']).toMatch(/^node:22-bookworm-slim@sha256:[0-9a-f]{64}$/);
    // Every stage starts from the argument, so one override (a test's own base image) reaches them all.
    expect(stages(steps).map((stage) => stage.image)).toEqual([
      '${BASE_IMAGE}',
      '${BASE_IMAGE}',
      '${BASE_IMAGE}',
    ]);
  });

  it("installs the bundle's packages from its lockfile with npm ci, after the offline lockfile check", () => {
    const prune = runs('prune').join(' && ');
    expect(prune).toMatch(/node \/tmp\/check-lockfile\.mjs \. +&& with-build-ca\.sh npm ci --omit=dev /);
    expect(prune).not.toMatch(/npm (install|i|add)\b/);
    expect(byName['prune']?.steps).toContainEqual(
      expect.objectContaining({ keyword: 'COPY', args: '--from=build /workspace/dist/apps/${APP}/ ./' }),
    );
  });

  it('checks the root lockfile before the build stage installs from it', () => {
    expect(runs('build')[0]).toMatch(
      /^--mount=type=secret,id=ca-certificates +node scripts\/supply-chain\/check-lockfile\.mjs \. && with-build-ca\.sh npm install /,
    );
  });

  it('gives npm the CA bundle of a TLS-intercepting proxy only as a build secret, mounted while npm runs', () => {
    const npmRuns = steps.filter((s) => s.keyword === 'RUN' && /\bnpm (install|ci)\b/.test(s.args));
    expect(npmRuns).toHaveLength(2);
    for (const run of npmRuns) expect(run.args).toMatch(/^--mount=type=secret,id=ca-certificates /);
    // No build argument, environment variable or copied file carries a CA into a layer.
    expect(
      steps.filter((s) => /CA_CERT|ca-certificates\.crt|\.pem\b/i.test(s.args) && s.keyword !== 'RUN'),
    ).toEqual([]);
  });

  it('skips install scripts in the image, and knows every production package that has one', () => {
    expect(runs('prune').join(' ')).toContain('npm ci --omit=dev --ignore-scripts');
    // A production package that needs its install script (a native addon) would break under --ignore-scripts:
    // this list changing is the signal to look.
    const lock = readJson<Lockfile>(join(ROOT, 'package-lock.json'));
    const withScripts = Object.entries(lock.packages)
      .filter(([path, entry]) => path && entry.hasInstallScript && !entry.dev)
      .map(([path]) => path);
    expect(withScripts).toEqual([
      'node_modules/@scarf/scarf', // install telemetry only
      'node_modules/onnxruntime-node', // downloads the CUDA libraries only (next test)
      'node_modules/usearch', // node-gyp-build: compiles only without a prebuilt binary (next test)
    ]);
  });

  it('the native addons need no install script: their linux x64 and arm64 binaries are in the packages', () => {
    // What the assistant-service's bundle loads at run time (ONNX embedder, HNSW index), read from the installed
    // packages at the lockfile's versions: onnxruntime-node's CPU runtime, usearch's prebuilt addon.
    const lock = readJson<Lockfile>(join(ROOT, 'package-lock.json'));
    const binaries: Record<string, string[]> = {
      'onnxruntime-node': ['x64', 'arm64'].flatMap((arch) => [
        `bin/napi-v6/linux/${arch}/onnxruntime_binding.node`,
        `bin/napi-v6/linux/${arch}/libonnxruntime.so.1`,
      ]),
      usearch: ['prebuilds/linux-x64/usearch.node', 'prebuilds/linux-arm64/usearch.node'],
    };
    for (const [name, files] of Object.entries(binaries)) {
      const dir = join(ROOT, 'node_modules', name);
      const installed = readJson<{ version: string }>(join(dir, 'package.json')).version;
      expect({ name, installed }).toEqual({
        name,
        installed: lock.packages[`node_modules/${name}`]?.version,
      });
      expect(files.filter((file) => !existsSync(join(dir, file)))).toEqual([]);
    }
    // Should install scripts ever run in the image, onnxruntime-node's downloads nothing (as .npmrc says for the
    // build stage, which copies it).
    expect(byName['prune']?.steps).toContainEqual({
      keyword: 'ENV',
      args: 'ONNXRUNTIME_NODE_INSTALL=skip',
      line: expect.any(Number),
    });
    expect(readFileSync(join(ROOT, '.npmrc'), 'utf8')).toMatch(/^onnxruntime-node-install=skip$/m);
    expect(byName['build']?.steps.find((s) => s.keyword === 'COPY')?.args).toMatch(/\.npmrc/);
  });
});

describe('supply chain: .github/workflows', () => {
  const dir = join(ROOT, '.github/workflows');
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
  type Step = { name?: string; uses?: string; run?: string; if?: string };
  type Workflow = { on?: unknown; jobs: Record<string, { uses?: string; steps?: Step[] }> };
  const workflows = files.map((file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    return { file, text, workflow: parse(text) as Workflow };
  });

  it('pins every action and reusable workflow to a full commit SHA, with the release in a comment', () => {
    expect(files.length).toBeGreaterThan(0);
    const refs = workflows.flatMap(({ file, text, workflow }) =>
      Object.values(workflow.jobs).flatMap((job) =>
        [job.uses, ...(job.steps ?? []).map((s) => s.uses)]
          .filter((uses): uses is string => uses !== undefined && !uses.startsWith('./'))
          .map((uses) => {
            const line = text.split('\n').find((l) => l.includes(`uses: ${uses}`)) ?? '';
            return { file, uses, comment: /#\s*(\S+)\s*$/.exec(line)?.[1] };
          }),
      ),
    );
    expect(refs.length).toBeGreaterThan(2);
    for (const ref of refs) {
      expect(ref).toEqual({
        file: ref.file,
        uses: expect.stringMatching(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/),
        comment: expect.stringMatching(/^v\d+\.\d+\.\d+$/),
      });
    }
  });

  it('audits the lockfile: the offline check always, npm audit of production packages unless switched off', () => {
    const steps = workflows.flatMap(({ workflow }) =>
      Object.values(workflow.jobs).flatMap((j) => j.steps ?? []),
    );
    const offline = steps.find((s) => s.run?.includes('node scripts/supply-chain/check-lockfile.mjs'));
    expect(offline).toBeDefined();
    expect(offline?.if).toBeUndefined();
    const audit = steps.find((s) => s.run?.includes('npm audit'));
    expect(audit?.run).toMatch(/npm audit --package-lock-only --omit=dev --audit-level=(high|critical)/);
    expect(audit?.if).toBe("vars.NPM_AUDIT_OFFLINE != 'true'");
    // Both run on pull requests and on main.
    expect(workflows[0]?.workflow.on).toMatchObject({ push: { branches: ['main'] }, pull_request: null });
  });
});

describe('supply chain: scripts/supply-chain/check-lockfile.mjs', () => {
  type Manifest = { dependencies: Record<string, string> };
  /** What a test may change before the check runs: copies of the lockfile, package.json and one package's entry. */
  type Copies = { lock: Lockfile; pkg: Manifest; entry: LockEntry };
  const lock = readJson<Lockfile>(join(ROOT, 'package-lock.json'));
  const pkg = readJson<Manifest>(join(ROOT, 'package.json'));
  const path = Object.keys(lock.packages).find((p) => p.startsWith('node_modules/')) ?? '';
  const name = path.slice('node_modules/'.length);
  const version = lock.packages[path]?.version;

  /** Runs the check on copies of the repository's lockfile and package.json, changed first by `tamper`. */
  function check(tamper?: (copies: Copies) => void) {
    const dir = mkdtempSync(join(tmpdir(), 'lockfile-'));
    const copies = { lock: structuredClone(lock), pkg: structuredClone(pkg) };
    const entry = copies.lock.packages[path] ?? {};
    tamper?.({ ...copies, entry });
    writeFileSync(join(dir, 'package-lock.json'), JSON.stringify(copies.lock));
    writeFileSync(join(dir, 'package.json'), JSON.stringify(copies.pkg));
    const result = spawnSync(process.execPath, [CHECK_LOCKFILE, dir], { encoding: 'utf8' });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  }

  it("passes the repository's lockfile, and a registry tarball address where one is recorded", () => {
    expect(check()).toEqual({ status: 0, output: expect.stringContaining('in step with package.json') });
    const tarball = `https://registry.npmjs.org/${name}/-/${name.split('/').pop()}-${version}.tgz`;
    expect(check(({ entry }) => (entry.resolved = tarball)).status).toBe(0);
  });

  it.each<[string, (copies: Copies) => unknown, string]>([
    ['an entry without integrity', ({ entry }) => delete entry.integrity, 'no sha512 integrity'],
    [
      'a sha1 integrity alone',
      ({ entry }) => (entry.integrity = 'sha1-2jmJd0ZzEsCMEG8aOrfm9nMXe+w='),
      'no sha512 integrity',
    ],
    [
      'a tarball from another host',
      ({ entry }) => (entry.resolved = `https://npm.example.com/${name}-${version}.tgz`),
      "not the registry's",
    ],
    [
      'a git dependency',
      ({ entry }) => (entry.version = 'git+ssh://git@github.com/someone/fork.git#abc'),
      'not an exact registry version',
    ],
    [
      'a folder outside the repository',
      ({ lock }) => (lock.packages['../elsewhere/node_modules/x'] = { version: '1.0.0' }),
      'outside the repository',
    ],
    [
      'a link outside the repository',
      ({ lock }) => (lock.packages['node_modules/linked'] = { link: true, resolved: '../../elsewhere' }),
      'outside the repository',
    ],
    [
      'package.json and the lockfile disagreeing on a dependency',
      ({ pkg }) => (pkg.dependencies['tslib'] = '^2.0.0'),
      'dependencies.tslib: package.json has ^2.0.0',
    ],
    ['lockfile version 1', ({ lock }) => (lock.lockfileVersion = 1), 'lockfileVersion 2 or 3'],
  ])('fails on %s', (_case, tamper, message) => {
    expect(check(tamper)).toEqual({ status: 1, output: expect.stringContaining(message) });
  });
});

describe('supply chain: the lockfile of an app bundle', () => {
  const { pruneLockfile } = createRequire(__filename)(
    join(ROOT, 'scripts/build/runtime-manifest.plugin.cjs'),
  ) as {
    pruneLockfile: (lock: Lockfile, overrides: unknown) => Lockfile;
  };
  const entry = (fields: Partial<LockEntry> = {}): LockEntry => ({
    version: '1.0.0',
    integrity: 'sha512-x',
    ...fields,
  });

  it('keeps what the dependencies reach, drops what only an optional peer or a dev tool reached, and adds overrides', () => {
    const lock: Lockfile = {
      lockfileVersion: 3,
      packages: {
        '': { name: 'app', dependencies: { a: '1.0.0', b: '1.0.0' } },
        'node_modules/a': entry({
          dependencies: { c: '^2.0.0' },
          optionalDependencies: { native: '1.0.0' },
          peerDependencies: { b: '*', typescript: '*' },
          peerDependenciesMeta: { typescript: { optional: true } },
        }),
        'node_modules/a/node_modules/c': entry({ version: '2.0.0' }),
        'node_modules/b': entry({ dev: true }),
        'node_modules/c': entry({ devOptional: true }),
        'node_modules/native': entry({ optional: true, devOptional: true }),
        'node_modules/typescript': entry({ devOptional: true }),
        'node_modules/jest': entry({ dev: true }),
      },
    };
    const overrides = { a: { c: '$c' } };
    const pruned = pruneLockfile(lock, overrides);
    expect(pruned.packages['']).toEqual({ ...lock.packages[''], overrides });
    expect(pruned.packages).toEqual({
      '': expect.anything(),
      'node_modules/a': lock.packages['node_modules/a'],
      'node_modules/a/node_modules/c': entry({ version: '2.0.0' }),
      'node_modules/b': entry(),
      'node_modules/native': entry({ optional: true }),
    });
  });
});
