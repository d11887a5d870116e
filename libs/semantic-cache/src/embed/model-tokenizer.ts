import { Tokenizer } from '@huggingface/tokenizers';
import { EmbedderError } from './embedder';
import { OnnxModelFolder } from './onnx-model-folder';

/** The longest input of BERT-like sentence models: longer settings are lowered to it. */
export const MAX_MODEL_TOKENS = 512;

/**
 * Texts are cut to this many characters per allowed token before tokenizing: a token covers at least one character
 * in practice, so only text that truncation would drop anyway is skipped, and a huge prompt costs no huge tokenization.
 */
const CHARACTERS_PER_TOKEN_BOUND = 32;

/**
 * Turns texts into the token ids of a model, truncated to `maxLength` tokens (keeping the closing special token, e.g.
 * `[SEP]`, at the end). Wraps `@huggingface/tokenizers` (pure JS), built from the folder's tokenizer.json and
 * tokenizer_config.json; that library applies neither truncation nor padding itself.
 */
export class ModelTokenizer {
  private constructor(
    private readonly tokenizer: Tokenizer,
    /** Longest token sequence fed to the model, special tokens included. */
    readonly maxLength: number,
    /** The id padded sequences are filled with (`pad_token` of tokenizer_config.json, else 0). */
    readonly padId: number,
    private readonly specialIds: ReadonlySet<number>,
  ) {}

  /**
   * Builds the tokenizer of a model folder. `maxLength` defaults to the folder's limit (sentence_bert_config.json
   * `max_seq_length`, else tokenizer_config.json `model_max_length`), at most {@link MAX_MODEL_TOKENS}.
   */
  static fromFolder(folder: OnnxModelFolder, maxLength?: number): ModelTokenizer {
    let tokenizer: Tokenizer;
    try {
      tokenizer = new Tokenizer(folder.tokenizerJson, folder.tokenizerConfig);
    } catch (error) {
      const message = `The tokenizer of ${folder.dir} cannot be built from its tokenizer.json: ${(error as Error).message}`;
      throw new EmbedderError(message, { dir: folder.dir }, { cause: error });
    }
    const specialIds = new Set<number>();
    for (const [id, token] of tokenizer.get_added_tokens_decoder()) if (token.special) specialIds.add(id);
    const padId = tokenizer.token_to_id(tokenName(folder.tokenizerConfig['pad_token']) ?? '[PAD]') ?? 0;
    return new ModelTokenizer(tokenizer, resolveMaxLength(folder, maxLength), padId, specialIds);
  }

  /** The token ids of one text, special tokens included, at most {@link maxLength} of them. */
  encode(text: string): number[] {
    const ids = this.tokenizer.encode(text.slice(0, this.maxLength * CHARACTERS_PER_TOKEN_BOUND)).ids;
    if (ids.length <= this.maxLength) return ids;
    const last = ids[ids.length - 1];
    if (!this.specialIds.has(last)) return ids.slice(0, this.maxLength);
    return [...ids.slice(0, this.maxLength - 1), last];
  }
}

function resolveMaxLength(folder: OnnxModelFolder, requested: number | undefined): number {
  if (requested !== undefined && (!Number.isInteger(requested) || requested < 2)) {
    throw new EmbedderError(`The token limit must be an integer of at least 2, not ${requested}`, {
      requested,
    });
  }
  const configured = [
    requested,
    folder.sentenceConfig['max_seq_length'],
    folder.tokenizerConfig['model_max_length'],
  ];
  const first = configured.find((value): value is number => typeof value === 'number' && value >= 2);
  return Math.min(Math.floor(first ?? MAX_MODEL_TOKENS), MAX_MODEL_TOKENS);
}

/** tokenizer_config.json names special tokens as strings or as `{ content }` objects. */
function tokenName(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { content?: unknown }).content === 'string'
  ) {
    return (value as { content: string }).content;
  }
  return undefined;
}
