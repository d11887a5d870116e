/** Who a signed-in session belongs to. */
export interface SessionIdentity {
  user: string;
  tenant: string;
}

declare module 'fastify' {
  /** What this service keeps in a session (besides @fastify/session's cookie). */
  interface Session {
    user?: string;
    tenant?: string;
    /** When the session was created (epoch ms): its absolute lifetime counts from here. */
    createdAt?: number;
  }
}
