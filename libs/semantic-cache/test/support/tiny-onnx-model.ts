import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { onnx } from 'onnx-proto';

/**
 * A tiny but real sentence-embedding model folder in the Hugging Face layout, generated at test time (nothing is
 * downloaded): a WordPiece `tokenizer.json`, `tokenizer_config.json`, `config.json` (model_type bert) and an ONNX
 * graph whose "transformer" is one embedding-table lookup (Gather) with deterministic pseudo-random weights. Its
 * `last_hidden_state` output makes the embedder do the attention-masked mean pooling and normalization itself; the
 * `sentence_embedding` variant also pools and normalizes inside the graph, like sentence-transformers exports.
 */
export interface TinyModelOptions {
  /** Folder name, the last part of the embedder's id (default `tiny-embedder`). */
  readonly name?: string;
  /** Hidden size (default 384). */
  readonly dimensions?: number;
  /** `last_hidden_state` only (default), or also a pooled, normalized `sentence_embedding`. */
  readonly output?: 'last_hidden_state' | 'sentence_embedding';
  /** Declares a `token_type_ids` input and adds a token-type embedding (default false). */
  readonly tokenTypeIds?: boolean;
  /** Seed of the weights (default 1): the same seed gives the same vectors in every variant. */
  readonly seed?: number;
  /** `model_max_length` of tokenizer_config.json (default 512). */
  readonly modelMaxLength?: number;
  /** Writes `model.onnx` at the top of the folder instead of `onnx/model.onnx`. */
  readonly modelAtTop?: boolean;
}

const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]'];
const WORDS = [
  'cache',
  'redis',
  'fleet',
  'truck',
  'route',
  'hello',
  'world',
  'password',
  'reset',
  'how',
  'do',
  'i',
];
const CHARACTERS = 'abcdefghijklmnopqrstuvwxyz0123456789'.split('');

/** The vocabulary of the tiny tokenizer: specials, a few whole words, single characters and `##` continuations. */
export const TINY_VOCABULARY: readonly string[] = [
  ...SPECIAL_TOKENS,
  ...WORDS,
  ...CHARACTERS,
  ...CHARACTERS.map((character) => `##${character}`),
];

/** Writes the tiny model folder `<parentDir>/<name>` and returns its path. */
export async function createTinyModelFolder(
  parentDir: string,
  options: TinyModelOptions = {},
): Promise<string> {
  const dir = join(parentDir, options.name ?? 'tiny-embedder');
  const dimensions = options.dimensions ?? 384;
  const modelPath = options.modelAtTop ? join(dir, 'model.onnx') : join(dir, 'onnx', 'model.onnx');
  await mkdir(join(dir, 'onnx'), { recursive: true });
  await writeFile(join(dir, 'tokenizer.json'), JSON.stringify(tinyTokenizerJson()));
  await writeFile(
    join(dir, 'tokenizer_config.json'),
    JSON.stringify(tinyTokenizerConfig(options.modelMaxLength)),
  );
  await writeFile(join(dir, 'config.json'), JSON.stringify(tinyModelConfig(dimensions)));
  await writeFile(modelPath, buildTinyOnnxModel(options));
  return dir;
}

/** A WordPiece tokenizer.json over {@link TINY_VOCABULARY}, lower-casing, with [CLS] ... [SEP] around each text. */
export function tinyTokenizerJson(): Record<string, unknown> {
  const vocab = Object.fromEntries(TINY_VOCABULARY.map((token, id) => [token, id]));
  const special = (content: string, id: number) => ({
    id,
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  });
  const cls = { SpecialToken: { id: '[CLS]', type_id: 0 } };
  const sep = { SpecialToken: { id: '[SEP]', type_id: 0 } };
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((token, id) => special(token, id)),
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase: true,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [cls, { Sequence: { id: 'A', type_id: 0 } }, sep],
      pair: [cls, { Sequence: { id: 'A', type_id: 0 } }, sep, { Sequence: { id: 'B', type_id: 1 } }, sep],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [2], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [3], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab,
    },
  };
}

function tinyTokenizerConfig(modelMaxLength = 512): Record<string, unknown> {
  return {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: true,
    model_max_length: modelMaxLength,
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    mask_token: '[UNK]',
    clean_up_tokenization_spaces: true,
  };
}

function tinyModelConfig(dimensions: number): Record<string, unknown> {
  return {
    model_type: 'bert',
    architectures: ['BertModel'],
    hidden_size: dimensions,
    vocab_size: TINY_VOCABULARY.length,
    max_position_embeddings: 512,
    num_attention_heads: 1,
    num_hidden_layers: 1,
  };
}

const DataType = onnx.TensorProto.DataType;
type Dim = number | string;

/** The ONNX graph of the tiny model, serialized (about 100 KB at 384 dimensions). */
export function buildTinyOnnxModel(options: TinyModelOptions = {}): Uint8Array {
  const dimensions = options.dimensions ?? 384;
  const random = mulberry32(options.seed ?? 1);
  const table = (rows: number) => Float32Array.from({ length: rows * dimensions }, random);
  const initializer: onnx.ITensorProto[] = [
    tensor('embeddings', DataType.FLOAT, [TINY_VOCABULARY.length, dimensions], table(TINY_VOCABULARY.length)),
  ];
  const node: onnx.INodeProto[] = [
    graphNode('Gather', ['embeddings', 'input_ids'], ['word_vectors'], [intAttribute('axis', 0)]),
  ];
  const input: onnx.IValueInfoProto[] = [valueInfo('input_ids', DataType.INT64, ['batch', 'sequence'])];
  input.push(valueInfo('attention_mask', DataType.INT64, ['batch', 'sequence']));
  if (options.tokenTypeIds) {
    initializer.push(tensor('type_embeddings', DataType.FLOAT, [2, dimensions], table(2)));
    node.push(
      graphNode('Gather', ['type_embeddings', 'token_type_ids'], ['type_vectors'], [intAttribute('axis', 0)]),
    );
    node.push(graphNode('Add', ['word_vectors', 'type_vectors'], ['last_hidden_state']));
    input.push(valueInfo('token_type_ids', DataType.INT64, ['batch', 'sequence']));
  } else {
    node.push(graphNode('Identity', ['word_vectors'], ['last_hidden_state']));
  }
  const output: onnx.IValueInfoProto[] = [
    valueInfo('last_hidden_state', DataType.FLOAT, ['batch', 'sequence', dimensions]),
  ];
  if (options.output === 'sentence_embedding') {
    initializer.push(...poolingConstants());
    node.push(...poolingNodes());
    output.push(valueInfo('sentence_embedding', DataType.FLOAT, ['batch', dimensions]));
  }
  const graph = onnx.GraphProto.create({ name: 'tiny_embedder', initializer, node, input, output });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'fleetcache-test',
    opsetImport: [{ domain: '', version: 17 }],
    graph,
  });
  return onnx.ModelProto.encode(model).finish();
}

function poolingConstants(): onnx.ITensorProto[] {
  return [
    tensor('axis_1', DataType.INT64, [1], new BigInt64Array([1n])),
    tensor('axis_2', DataType.INT64, [1], new BigInt64Array([2n])),
    tensor('epsilon', DataType.FLOAT, [], new Float32Array([1e-9])),
  ];
}

/** Attention-masked mean over the sequence, then L2 normalization: what sentence-transformers exports add. */
function poolingNodes(): onnx.INodeProto[] {
  return [
    graphNode('Cast', ['attention_mask'], ['mask_float'], [intAttribute('to', DataType.FLOAT)]),
    graphNode('Unsqueeze', ['mask_float', 'axis_2'], ['mask_3d']),
    graphNode('Mul', ['last_hidden_state', 'mask_3d'], ['masked']),
    graphNode('ReduceSum', ['masked', 'axis_1'], ['summed'], [intAttribute('keepdims', 0)]),
    graphNode('ReduceSum', ['mask_3d', 'axis_1'], ['token_count'], [intAttribute('keepdims', 0)]),
    graphNode('Max', ['token_count', 'epsilon'], ['safe_count']),
    graphNode('Div', ['summed', 'safe_count'], ['mean']),
    graphNode(
      'LpNormalization',
      ['mean'],
      ['sentence_embedding'],
      [intAttribute('axis', -1), intAttribute('p', 2)],
    ),
  ];
}

function tensor(
  name: string,
  dataType: number,
  dims: number[],
  values: Float32Array | BigInt64Array,
): onnx.ITensorProto {
  const rawData = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  return onnx.TensorProto.create({ name, dataType, dims, rawData });
}

function valueInfo(name: string, elemType: number, dims: Dim[]): onnx.IValueInfoProto {
  const dim = dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d }));
  return onnx.ValueInfoProto.create({ name, type: { tensorType: { elemType, shape: { dim } } } });
}

function graphNode(
  opType: string,
  input: string[],
  output: string[],
  attribute: onnx.IAttributeProto[] = [],
) {
  return onnx.NodeProto.create({ opType, input, output, name: `${output[0]}_${opType}`, attribute });
}

function intAttribute(name: string, value: number): onnx.IAttributeProto {
  return onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INT, i: value });
}

/** A small deterministic PRNG (mulberry32) giving floats in [-0.5, 0.5). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  };
}
