import { Logger } from '@nestjs/common';

/** An entity type prompts may name, and where its records are read (`GET <url>/<id>`). */
export interface EntitySource {
  entity: string;
  url: string;
}

/** An entity a prompt names: `product 42`, `product #42`, `products 42`. */
export interface EntityMention {
  entity: string;
  id: string;
}

/** Longest a record read may take, ms; and the most of it that goes into the prompt, characters. */
const READ_TIMEOUT_MS = 1000;
const MAX_RECORD_CHARS = 1500;
/** Most entities one prompt may pull in. */
const MAX_MENTIONS = 5;

/** Parses `entity=url` pairs (SEMANTIC_CACHE_ENTITY_SOURCES, validated already). */
export function parseEntitySources(spec: string | undefined): EntitySource[] {
  if (!spec) return [];
  return spec.split(',').map((pair) => {
    const at = pair.indexOf('=');
    return { entity: pair.slice(0, at), url: pair.slice(at + 1).replace(/\/+$/, '') };
  });
}

/**
 * Retrieval of the entities a prompt names: their records become the model's context on a miss, and the answer is
 * tagged `<entity>:<id>` so that it is dropped when the entity changes.
 */
export class EntityRetriever {
  private readonly log = new Logger(EntityRetriever.name);

  constructor(private readonly sources: readonly EntitySource[]) {}

  /** The entities `prompt` names, of the known types, in order, each once. */
  mentions(prompt: string): EntityMention[] {
    const found = new Map<string, EntityMention>();
    for (const { entity } of this.sources) {
      const pattern = new RegExp(`\\b${entity}s?\\s*(?:#|no\\.?|number|id)?\\s*(\\d{1,12})\\b`, 'gi');
      for (const match of prompt.matchAll(pattern))
        found.set(`${entity}:${match[1]}`, { entity, id: match[1] });
    }
    return [...found.values()].slice(0, MAX_MENTIONS);
  }

  /** The records of the mentions, as context lines; a record that cannot be read is left out (logged). */
  async retrieve(mentions: readonly EntityMention[]): Promise<string[]> {
    const records = await Promise.all(mentions.map((mention) => this.read(mention)));
    return records.filter((record): record is string => record !== undefined);
  }

  private async read(mention: EntityMention): Promise<string | undefined> {
    const source = this.sources.find((s) => s.entity === mention.entity);
    if (!source) return undefined;
    try {
      const response = await fetch(`${source.url}/${mention.id}`, {
        signal: AbortSignal.timeout(READ_TIMEOUT_MS),
      });
      if (!response.ok) return `${mention.entity} ${mention.id}: not found (${response.status})`;
      const body = (await response.text()).slice(0, MAX_RECORD_CHARS);
      return `${mention.entity} ${mention.id}: ${body}`;
    } catch (error) {
      this.log.warn({
        msg: 'entity read failed',
        entity: mention.entity,
        id: mention.id,
        err: String(error),
      });
      return undefined;
    }
  }
}
