import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { EmbedderError } from './embedder';

/** The JSON files of a Hugging Face model folder, parsed, and where its ONNX graph is. */
export interface OnnxModelFolder {
  readonly dir: string;
  readonly tokenizerJson: Record<string, unknown>;
  readonly tokenizerConfig: Record<string, unknown>;
  /** config.json, or `{}` when the folder has none (it only gives `hidden_size`). */
  readonly modelConfig: Record<string, unknown>;
  /** sentence_bert_config.json of sentence-transformers exports (its `max_seq_length`), or `{}`. */
  readonly sentenceConfig: Record<string, unknown>;
  readonly modelPath: string;
}

/** Where the ONNX graph may be, in order: the Hugging Face export layout, then a flat folder. */
const MODEL_FILES = ['onnx/model.onnx', 'model.onnx'];

/**
 * Reads a local model folder in the Hugging Face layout (`tokenizer.json`, `tokenizer_config.json`, optionally
 * `config.json` and `sentence_bert_config.json`, and `onnx/model.onnx` or `model.onnx`); never downloads anything.
 * Throws an {@link EmbedderError} naming the folder (as `label`, e.g. the setting it came from) and what is missing or
 * unreadable.
 */
export async function readOnnxModelFolder(dir: string, label: string): Promise<OnnxModelFolder> {
  await requireDirectory(dir, label);
  const modelPath = await findModelFile(dir, label);
  return {
    dir,
    tokenizerJson: await readJsonFile(dir, 'tokenizer.json', label, true),
    tokenizerConfig: await readJsonFile(dir, 'tokenizer_config.json', label, true),
    modelConfig: await readJsonFile(dir, 'config.json', label, false),
    sentenceConfig: await readJsonFile(dir, 'sentence_bert_config.json', label, false),
    modelPath,
  };
}

async function requireDirectory(dir: string, label: string): Promise<void> {
  const found = await stat(dir).catch((error: unknown) => {
    throw new EmbedderError(`${label} ${dir} does not exist or cannot be read`, { dir }, { cause: error });
  });
  if (!found.isDirectory()) throw new EmbedderError(`${label} ${dir} is not a directory`, { dir });
}

async function findModelFile(dir: string, label: string): Promise<string> {
  for (const file of MODEL_FILES) {
    const path = join(dir, file);
    if (await isFile(path)) return path;
  }
  throw new EmbedderError(`${label} ${dir} has no ${MODEL_FILES.join(' (nor ')})`, { dir });
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function readJsonFile(
  dir: string,
  file: string,
  label: string,
  required: boolean,
): Promise<Record<string, unknown>> {
  const path = join(dir, file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (!required && (error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new EmbedderError(`${label} ${dir} has no ${file}`, { dir, file }, { cause: error });
  }
  return parseJsonObject(text, path);
}

function parseJsonObject(text: string, path: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new EmbedderError(
      `${path} is not valid JSON: ${(error as Error).message}`,
      { path },
      { cause: error },
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new EmbedderError(`${path} does not hold a JSON object`, { path });
  }
  return parsed as Record<string, unknown>;
}
