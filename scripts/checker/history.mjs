// The history of acknowledged writes and the checks every read is held to.

/** Acknowledged versions per id, in order, with the time each acknowledgement arrived. */
export class History {
  constructor(boundMs) {
    this.boundMs = boundMs;
    this.acks = new Map(); // id -> [{ version, at }]
    this.result = { reads: 0, writes: 0, errors: 0, errorKinds: {}, missing: 0, ryw: { checked: 0, violations: 0 }, stale: { count: 0, worstMs: 0, beyondBound: 0 }, examples: [] };
  }

  /** Records an acknowledged write of `version` (the PATCH answered 200 at `at`). */
  acknowledged(id, version, at) {
    const list = this.acks.get(id) ?? [];
    list.push({ version, at });
    this.acks.set(id, list);
    this.result.writes += 1;
  }

  /**
   * Checks a read of `version` that began at `startedAt`: any version acknowledged before the read began and newer
   * than what it returned makes it stale; how long ago that newer version was acknowledged is its staleness.
   */
  read(id, version, startedAt) {
    this.result.reads += 1;
    const newer = (this.acks.get(id) ?? []).filter((a) => a.at < startedAt && a.version > version);
    if (newer.length === 0) return;
    const stalenessMs = startedAt - Math.min(...newer.map((a) => a.at));
    const s = this.result.stale;
    s.count += 1;
    s.worstMs = Math.max(s.worstMs, stalenessMs);
    if (stalenessMs > this.boundMs) {
      s.beyondBound += 1;
      this.example({ kind: 'stale beyond bound', id, read: version, newest: Math.max(...newer.map((a) => a.version)), stalenessMs });
    }
  }

  /** Read-your-writes on the writing instance: the read right after a write must see it (or newer). */
  readYourWrite(id, written, seen) {
    this.result.ryw.checked += 1;
    if (seen >= written) return;
    this.result.ryw.violations += 1;
    this.example({ kind: 'read-your-writes', id, written, seen });
  }

  /** A live (never deleted) user answered 404: an invariant violation. */
  missing(id, instance) {
    this.result.missing += 1;
    this.example({ kind: 'live user answered 404', id, instance });
  }

  /** Counts a failed request (an instance being restarted, a fault): not an invariant violation. */
  error(kind = 'other') {
    this.result.errors += 1;
    this.result.errorKinds[kind] = (this.result.errorKinds[kind] ?? 0) + 1;
  }

  example(entry) {
    if (this.result.examples.length < 20) this.result.examples.push(entry);
  }
}
