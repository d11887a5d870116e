import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startUserService, type RunningService } from './support/user-service.harness';

const run = promisify(execFile);

/** The page as headless Chromium leaves it once its scripts have run (chromium: scripts/deploy/ensure-tools.sh). */
async function renderedDom(url: string): Promise<string> {
  const { stdout } = await run(
    'chromium',
    ['--headless', '--no-sandbox', '--disable-gpu', '--virtual-time-budget=5000', '--dump-dom', url],
    { timeout: 60_000, maxBuffer: 16 * 2 ** 20 },
  );
  return stdout;
}

// The OpenAPI UI runs under the Content-Security-Policy the service sends with it: a policy too strict for the page
// would leave it blank (its scripts refused), which only a browser shows.
describe('the OpenAPI UI in a real browser', () => {
  let svc: RunningService;

  beforeAll(async () => {
    svc = await startUserService();
  });
  afterAll(() => svc.close());

  it('renders every operation of the users API under its security headers', async () => {
    const dom = await renderedDom(`${svc.url}/docs`);
    for (const path of ['/users/{id}', '/users']) expect(dom).toContain(`data-path="${path}"`);
    expect(dom).toMatch(/fleetcache user-service/);
  }, 90_000);
});
