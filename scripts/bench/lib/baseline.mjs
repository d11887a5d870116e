// `npm run bench -- --baseline <git ref>`: user-service as built from another commit, measured beside the current
// build in the same run (the `hit-baseline` scenario), so a change's gain is a paired ratio, not two runs compared.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, run } from '../../lib/workspace.mjs';

/** Checks out `ref` into tmp/bench-baseline (a git worktree sharing node_modules) and builds its user-service. */
export function prepareBaseline(ref) {
  const resolved = spawnSync('git', ['rev-parse', '--verify', `${ref}^{commit}`], { cwd: ROOT, encoding: 'utf8' });
  if (resolved.status !== 0) throw new Error(`--baseline: ${ref} is not a commit`);
  const commit = resolved.stdout.trim();
  const dir = join(ROOT, 'tmp', 'bench-baseline');
  if (existsSync(dir)) run('git', ['worktree', 'remove', '--force', dir]);
  rmSync(dir, { recursive: true, force: true });
  run('git', ['worktree', 'add', '--detach', dir, commit]);
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  run(join(ROOT, 'node_modules', '.bin', 'nx'), ['run', 'user-service:build', '--output-style=static'], {
    cwd: dir,
    env: { NX_DAEMON: 'false' },
  });
  return { commit, root: dir };
}
