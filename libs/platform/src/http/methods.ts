/** Methods that change state: they need credentials (API_AUTH=writes) and count against the stricter rate limit. */
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Whether an HTTP method writes. */
export function isWriteMethod(method: string): boolean {
  return WRITES.has(method);
}
