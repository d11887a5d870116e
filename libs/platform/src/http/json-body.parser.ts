import type { FastifyInstance } from 'fastify';
import { MalformedBodyError } from './malformed-body.error';

/** Limits of a JSON request body's shape, checked before validation sees it. */
export interface JsonBodyLimits {
  /** Deepest nesting of objects and arrays (the body itself is depth 1). */
  maxDepth: number;
  /** Most object keys plus array elements in the whole body. */
  maxMembers: number;
}

/** Entities are flat records: a body deeper or wider than this is a mistake or an attack. */
export const JSON_BODY_LIMITS: Readonly<JsonBodyLimits> = Object.freeze({ maxDepth: 8, maxMembers: 256 });

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Replaces Fastify's JSON parser with one that refuses, with a 400 that says why, before any validation runs:
 * bytes that are not UTF-8, JSON that does not parse, a body nested deeper or with more members than `limits`, a
 * string or key that is not well-formed Unicode (a lone surrogate such as "\ud800"), and a `__proto__` key.
 * The shape is walked without recursion, so no depth can overflow the stack.
 */
export function parseJsonBodiesStrictly(
  fastify: FastifyInstance,
  limits: JsonBodyLimits = JSON_BODY_LIMITS,
): void {
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, raw, done) => {
    try {
      done(null, parseJsonBody(raw as Buffer, limits));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}

/** Parses and checks one body (see parseJsonBodiesStrictly); throws MalformedBodyError. */
export function parseJsonBody(raw: Buffer, limits: JsonBodyLimits = JSON_BODY_LIMITS): unknown {
  if (raw.length === 0) return undefined;
  const value = parseJson(decodeUtf8(raw));
  checkShape(value, limits);
  return value;
}

/** JSON.parse without a reviver: V8 parses any depth iteratively, a reviver would recurse. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new MalformedBodyError(
      'INVALID_JSON',
      `Request body is not valid JSON: ${(error as Error).message.slice(0, 120)}`,
    );
  }
}

function decodeUtf8(raw: Buffer): string {
  try {
    return STRICT_UTF8.decode(raw);
  } catch {
    throw new MalformedBodyError('INVALID_ENCODING', 'Request body is not valid UTF-8');
  }
}

/** Walks the parsed value breadth-first with an explicit queue: depth, member count and well-formed strings. */
function checkShape(root: unknown, limits: JsonBodyLimits): void {
  let level: unknown[] = [root];
  let members = 0;
  for (let depth = 1; level.length > 0; depth += 1) {
    const next: unknown[] = [];
    for (const value of level) {
      if (typeof value === 'string') {
        requireWellFormed(value);
        continue;
      }
      if (value === null || typeof value !== 'object') continue;
      if (depth > limits.maxDepth)
        throw new MalformedBodyError(
          'BODY_TOO_DEEP',
          `Request body is nested too deeply (at most ${limits.maxDepth} levels of objects and arrays)`,
        );
      const children = Array.isArray(value) ? value : ownEntries(value as Record<string, unknown>);
      members += children.length;
      if (members > limits.maxMembers)
        throw new MalformedBodyError(
          'BODY_TOO_LARGE',
          `Request body has too many members (at most ${limits.maxMembers} keys and array elements in all)`,
        );
      for (const child of children) next.push(child);
    }
    level = next;
  }
}

/** An object's keys (checked here) and values (checked on the next level). */
function ownEntries(object: Record<string, unknown>): unknown[] {
  const keys = Object.keys(object);
  for (const key of keys) {
    if (key === '__proto__')
      throw new MalformedBodyError('INVALID_BODY', 'Request body must not contain a "__proto__" key');
    requireWellFormed(key);
  }
  return keys.map((key) => object[key]);
}

function requireWellFormed(text: string): void {
  if (!(text as string & { isWellFormed(): boolean }).isWellFormed())
    throw new MalformedBodyError(
      'INVALID_UNICODE',
      `Request body has a string that is not well-formed Unicode (a lone surrogate): ${JSON.stringify(text.slice(0, 40))}`,
    );
}
