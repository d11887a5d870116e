import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The Nx workspace root: the nearest folder holding nx.json, from `start` (the working directory) upwards. */
export function workspaceRoot(start = process.cwd()): string {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no nx.json above ${start}: run semantic-bench from the workspace`);
    dir = parent;
  }
}
