/** Offline deployment checks: kustomize renders, strict Kubernetes schemas, compose, Dockerfile lint, drift. */
module.exports = {
  displayName: 'deploy-check',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  testTimeout: 60_000,
};
