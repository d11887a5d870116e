/** Prints a line of human progress on stderr (stdout carries only the one JSON line of results). */
export function progress(message: string): void {
  process.stderr.write(`[semantic-bench] ${message}\n`);
}
