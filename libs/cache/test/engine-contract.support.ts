import { Test, type TestingModule } from '@nestjs/testing';
import { CacheModule, type CacheEntry, type CacheModuleOptions } from '../src/index';

/** Helpers of the engine contract suite. */

/** An entry of `version` (its JSON names it). */
export const entry = (version: number, name = `v${version}`): CacheEntry => ({
  version,
  json: JSON.stringify({ name, version }),
});
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Polls `check` every 10 ms for up to 2 s (a background refresh landing): whether it came true. */
export async function until(check: () => Promise<boolean>): Promise<boolean> {
  for (const deadline = Date.now() + 2000; Date.now() < deadline; await sleep(10))
    if (await check()) return true;
  return false;
}

/** A started cache module with `options`. */
export async function startCache(options: CacheModuleOptions): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule({ imports: [CacheModule.forRoot(options)] }).compile();
  await moduleRef.init();
  return moduleRef;
}
