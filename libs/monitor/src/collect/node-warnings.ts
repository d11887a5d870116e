import type { Logger } from '@nestjs/common';
import { throttle } from '@fleetcache/core';

/** Logs what goes wrong with a node or a service at most once a minute per node: a node down is a log line, not a flood. */
export class NodeWarnings {
  private readonly gates = new Map<string, () => boolean>();

  constructor(private readonly logger: Logger) {}

  /** Logs `message` for `node` unless one was logged for it less than a minute ago. */
  warn(node: string, message: string): void {
    let gate = this.gates.get(node);
    if (!gate) this.gates.set(node, (gate = throttle(60_000)));
    if (gate()) this.logger.warn({ msg: message, node });
  }
}
