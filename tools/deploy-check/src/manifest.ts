import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** The repository root. */
export const ROOT = resolve(__dirname, '../../..');

/** A rendered Kubernetes document (only the parts the checks read are typed). */
export interface Manifest {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

/** Parses a multi-document YAML stream; a YAML syntax error throws. */
export function parseYamlDocuments<T = Manifest>(text: string): T[] {
  return parseAllDocuments(text)
    .map((doc) => {
      if (doc.errors.length) throw new Error(doc.errors.map((e) => e.message).join('\n'));
      return doc.toJS() as T;
    })
    .filter((doc) => doc !== null && doc !== undefined);
}

/** `kubectl kustomize <dir>`: the documents `kubectl apply -k <dir>` would send. */
export function kustomize(dir: string): Manifest[] {
  const output = execFileSync('kubectl', ['kustomize', resolve(ROOT, dir)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 32 * 1024 * 1024,
  });
  return parseYamlDocuments(output);
}

/** "Kind/name" of a document, for messages. */
export function describe(doc: Manifest): string {
  return `${doc.kind ?? '?'}/${doc.metadata?.name ?? '?'}`;
}

/** The one document of a kind and name; throws if it is missing. */
export function find<T = Manifest>(docs: Manifest[], kind: string, name: string): T {
  const found = docs.find((d) => d.kind === kind && d.metadata?.name === name);
  if (!found) throw new Error(`${kind}/${name} is not rendered`);
  return found as T;
}
