import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { join } from 'node:path';
import { createGenerator } from 'ts-json-schema-generator';
import { describe, type Manifest } from './manifest';

const KINDS_FILE = join(__dirname, 'kubernetes-kinds.ts');

/**
 * Strict validation of Kubernetes documents against the API types: unknown fields (a misspelling) and wrong types
 * fail, as `kubectl apply --validate=strict` would on a real cluster.
 */
export class KubernetesSchema {
  private constructor(private readonly validators: Map<string, ValidateFunction>) {}

  /** Generates the schema from kubernetes-types (about a second). */
  static generate(): KubernetesSchema {
    const schema = createGenerator({
      path: KINDS_FILE,
      type: 'KubernetesKinds',
      skipTypeCheck: true,
      additionalProperties: false,
      expose: 'all',
      topRef: true,
      jsDoc: 'none',
    }).createSchema('KubernetesKinds');
    const ajv = new Ajv({ allErrors: true, strict: false });
    ajv.addSchema(schema, 'k8s');
    const kinds = (
      schema.definitions?.['KubernetesKinds'] as { properties: Record<string, { $ref: string }> }
    ).properties;
    const validators = new Map<string, ValidateFunction>();
    for (const [key, property] of Object.entries(kinds)) {
      validators.set(key, ajv.getSchema(`k8s${property.$ref}`)!);
    }
    return new KubernetesSchema(validators);
  }

  /** The kinds this schema knows, as "<apiVersion>/<kind>". */
  get kinds(): string[] {
    return [...this.validators.keys()];
  }

  /** Every problem of one document; empty when it is valid. */
  problems(doc: Manifest): string[] {
    const where = describe(doc);
    if (!doc.apiVersion || !doc.kind) return [`${where}: apiVersion and kind are required`];
    if (!doc.metadata?.name) return [`${where}: metadata.name is required`];
    const validate = this.validators.get(`${doc.apiVersion}/${doc.kind}`);
    if (!validate) return [`${where}: ${doc.apiVersion} ${doc.kind} is not a kind fleetcache deploys`];
    if (validate(doc)) return [];
    return (validate.errors ?? []).filter(isLeaf).map((error) => `${where}: ${formatError(error)}`);
  }
}

/** Ajv reports every branch of a failed anyOf; the branch errors say what is wrong, the anyOf itself does not. */
function isLeaf(error: ErrorObject): boolean {
  return error.keyword !== 'anyOf' && error.keyword !== 'oneOf';
}

function formatError(error: ErrorObject): string {
  const path = error.instancePath || '/';
  if (error.keyword === 'additionalProperties')
    return `${path}: unknown field "${(error.params as { additionalProperty: string }).additionalProperty}"`;
  return `${path}: ${error.message ?? error.keyword}`;
}
