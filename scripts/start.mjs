// `npm start`: installs what is missing, starts the local stack, builds, migrates, loads demo data and runs every
// app in the foreground. Ctrl-C stops the apps (the stack keeps running: `npm run stack:down`).
import { ROOT, bin, ensureDependencies, run, stack, startProcess, step } from './lib/workspace.mjs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

const MEMCACHED = process.env.CACHE_ENGINE === 'memcached';
/**
 * The apps `npm start` runs, with their ports and their own environment; services with a database are migrated and
 * seeded first. The cache-monitor samples every 5 s here (60 s by default), the Memcached nodes too when they cache
 * (MONITOR_PERIOD_MS and MONITOR_ENGINES of the caller's environment win).
 */
const APPS = [
  { name: 'user-service', port: 3001, seeds: true },
  { name: 'product-service', port: 3002, seeds: true },
  { name: 'cache-warmer', port: 3003, seeds: false },
  {
    // The assistant: the labelled local stand-in model (800 ms a call, no keys) and the lexical embedder; prompts
    // naming "product <id>" get the product as context, and their answers go when it changes. Plain HTTP locally,
    // so its session cookie is not Secure here.
    name: 'assistant-service',
    port: 3004,
    seeds: false,
    env: {
      SESSION_SECRET: process.env.SESSION_SECRET ?? 'fleetcache-local-session-secret-0123456789',
      SESSION_COOKIE_SECURE: 'false',
      SEMANTIC_CACHE_ENTITY_SOURCES: 'product=http://127.0.0.1:3002/products',
    },
  },
  {
    name: 'cache-monitor',
    port: 3005,
    seeds: false,
    env: {
      MONITOR_PERIOD_MS: process.env.MONITOR_PERIOD_MS ?? '5000',
      MONITOR_ENGINES: process.env.MONITOR_ENGINES ?? (MEMCACHED ? 'redis,memcached' : 'redis'),
    },
  },
];
const DEMO_ROWS = process.env.DEMO_ROWS ?? '1000';
// Local-only secrets; production sets its own (README, Configuration). Writes need the local API key, which the
// services know only by its SHA-256 digest: curl -H "Authorization: Bearer fleetcache-local-api-key" …
const LOCAL_API_KEY = 'fleetcache-local-api-key';
const LOCAL_ENV = {
  INTERNAL_TOKEN: process.env.INTERNAL_TOKEN ?? 'fleetcache-local-internal-token',
  API_AUTH: process.env.API_AUTH ?? 'writes',
  API_KEY_SHA256: process.env.API_KEY_SHA256 ?? createHash('sha256').update(LOCAL_API_KEY).digest('hex'),
  LOG_PRETTY: 'true',
};

function main() {
  ensureDependencies();
  step('Starting the local stack (Redis Cluster 127.0.0.1:7000-7005, Memcached 127.0.0.1:7020-7022, MariaDB 127.0.0.1:3307)');
  stack('up');
  step('Building the apps');
  bin('nx', ['run-many', '-t', 'build', '-p', APPS.map((a) => a.name).join(','), '--output-style=static']);
  step(`Migrating and loading demo data (samples + ${DEMO_ROWS} generated users and products)`);
  for (const app of APPS.filter((a) => a.seeds)) runApp(app.name, ['seed', DEMO_ROWS]);
  step('Running the apps (Ctrl-C to stop)');
  const children = APPS.map((app) =>
    startProcess(app.name, process.execPath, ['--enable-source-maps', mainOf(app.name)], {
      ...LOCAL_ENV,
      ...app.env,
      PORT: String(app.port),
    }),
  );
  printTryIt();
  stopOnSignals(children);
}

function mainOf(app) {
  return join(ROOT, 'dist', 'apps', app, 'main.js');
}

function runApp(app, args) {
  run(process.execPath, [mainOf(app), ...args]);
}

function printTryIt() {
  console.log(`
  user-service     http://127.0.0.1:3001   (OpenAPI: /docs)      internal: http://127.0.0.1:9001/metrics
  product-service  http://127.0.0.1:3002   (OpenAPI: /docs)      internal: http://127.0.0.1:9002/metrics
  cache-warmer     http://127.0.0.1:3003   (/health/ready)       internal: http://127.0.0.1:9003/metrics
  assistant-service http://127.0.0.1:3004  (OpenAPI: /docs)      internal: http://127.0.0.1:9004/metrics
  cache-monitor    http://127.0.0.1:3005   (/health/ready)       internal: http://127.0.0.1:9005/metrics

  Entities are cached in ${MEMCACHED ? 'Memcached (CACHE_ENGINE=memcached)' : 'Redis Cluster (CACHE_ENGINE=memcached npm start: in Memcached)'}.

  Dashboard:  http://127.0.0.1:9005/dashboard          # the cache-monitor, sampling every 5 s
  Alarms:     curl http://127.0.0.1:9005/alarms

  Try:  curl -i http://127.0.0.1:3001/users/1              # X-Cache-Status: MISS, "source":"database"
        curl -i http://127.0.0.1:3001/users/1              # X-Cache-Status: HIT,  "source":"cache"
        curl -i http://127.0.0.1:3002/products/trending    # the leaderboard
        curl -i -X PATCH http://127.0.0.1:3001/users/1 -H 'Authorization: Bearer ${LOCAL_API_KEY}' \\
             -H 'Content-Type: application/json' -d '{"city":"Busan"}'   # writes need the local API key

  Assistant (semantic cache in front of a stand-in model that takes 800 ms; the cookie jar keeps the session):
        AUTH='Authorization: Bearer ${LOCAL_API_KEY}'; JSON='Content-Type: application/json'
        SID=$(curl -s -c jar -b jar -H "$AUTH" -H "$JSON" -d '{"user":"alice","tenant":"acme"}' \\
              http://127.0.0.1:3004/sessions | grep -o '"id":"[^"]*"' | cut -d'"' -f4)
        curl -s -b jar -H "$AUTH" -H "$JSON" -d '{"content":"How do I reset my password?"}' \\
             http://127.0.0.1:3004/sessions/$SID/messages          # "source":"model", about 800 ms
        curl -s -b jar -H "$AUTH" -H "$JSON" -d '{"content":"how can I reset my password please"}' \\
             http://127.0.0.1:3004/sessions/$SID/messages          # "source":"cache", a few ms
`);
}

function stopOnSignals(children) {
  let stopping = false;
  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    console.log(`\nStopping apps (${signal})… the stack keeps running; stop it with: npm run stack:down`);
    for (const child of children) child.kill('SIGTERM');
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  let running = children.length;
  for (const child of children) {
    child.on('exit', (code) => {
      running -= 1;
      if (!stopping) {
        console.error(`an app exited unexpectedly (code ${code}); stopping the others`);
        stop('app exit');
        process.exitCode = 1;
      }
      if (running === 0) process.exit();
    });
  }
}

try {
  main();
} catch (error) {
  console.error(`\nnpm start failed: ${error.message}`);
  process.exit(1);
}
