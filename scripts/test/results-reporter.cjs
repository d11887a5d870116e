// Jest reporter: writes each run's counts to tmp/test-results/, which scripts/test.mjs adds up into one line.
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

class ResultsReporter {
  constructor(globalConfig) {
    this.name = (globalConfig.rootDir ?? 'jest').split(/[\\/]/).slice(-2).join('-');
  }

  onRunComplete(_contexts, results) {
    const dir = join(__dirname, '..', '..', 'tmp', 'test-results');
    mkdirSync(dir, { recursive: true });
    const counts = { passed: results.numPassedTests, failed: results.numFailedTests + results.numRuntimeErrorTestSuites, skipped: results.numPendingTests };
    writeFileSync(join(dir, `${this.name}-${process.pid}-${Date.now()}.json`), JSON.stringify(counts));
  }
}

module.exports = ResultsReporter;
