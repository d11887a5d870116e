import { Injectable } from '@nestjs/common';

/**
 * Whether this process takes traffic. It drains from the moment it is told to stop (SIGTERM): readiness fails at
 * once, so the load balancer stops sending requests, while the HTTP server keeps answering those already routed.
 */
@Injectable()
export class ServingState {
  private drainingSince?: number;

  /** Whether the process is draining (shutting down). */
  get draining(): boolean {
    return this.drainingSince !== undefined;
  }

  /** Starts draining (idempotent). */
  startDraining(): void {
    this.drainingSince ??= Date.now();
  }
}
