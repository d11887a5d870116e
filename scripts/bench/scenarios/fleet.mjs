// The fleet the lag and zipf scenarios run: two user-service instances, product-service and the cache-warmer.
import { App, startAll } from '../lib/apps.mjs';

export async function startFleet(basePort, env = {}, warmerEnv = {}) {
  const users = [new App('user-service', basePort, env), new App('user-service', basePort + 1, env)];
  const products = new App('product-service', basePort + 2, env);
  const warmer = new App('cache-warmer', basePort + 3, {
    ...env,
    ...warmerEnv,
    USER_SERVICE_URL: users[0].url,
    USER_SERVICE_INTERNAL_URL: users[0].internalUrl,
    PRODUCT_SERVICE_URL: products.url,
    PRODUCT_SERVICE_INTERNAL_URL: products.internalUrl,
  });
  const all = [...users, products, warmer];
  await startAll(all);
  return { users, products, warmer, all };
}
