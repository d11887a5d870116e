import type * as OnnxRuntime from 'onnxruntime-node';
import { EmbedderError } from './embedder';
import { meanPoolTokens, PaddedBatch, splitSentenceVectors } from './onnx-pooling';

type OnnxRuntimeModule = typeof OnnxRuntime;

/** Outputs the embedder can read, best first: a model's own sentence vector, else token vectors to mean-pool. */
const SENTENCE_OUTPUT = 'sentence_embedding';
const TOKEN_OUTPUTS = ['last_hidden_state', 'token_embeddings'];
const FED_INPUTS = new Set(['input_ids', 'attention_mask', 'token_type_ids']);

/**
 * An onnxruntime-node session of a sentence-embedding model: feeds `input_ids`, `attention_mask` and (when the model
 * declares it) zero `token_type_ids`, all int64, and turns the model's `sentence_embedding`, or else its mean-pooled
 * `last_hidden_state`, into unit vectors. onnxruntime-node (a native addon) is loaded on first use only, so that an
 * app embedding otherwise never loads it.
 */
export class OnnxModelSession {
  private constructor(
    private readonly ort: OnnxRuntimeModule,
    private readonly session: OnnxRuntime.InferenceSession,
    readonly modelPath: string,
    /** The output read: `sentence_embedding`, `last_hidden_state` or `token_embeddings`. */
    readonly outputName: string,
  ) {}

  /** Opens the model with `intraOpThreads` threads per run; throws an {@link EmbedderError} when it cannot. */
  static async open(modelPath: string, intraOpThreads: number): Promise<OnnxModelSession> {
    const ort = await loadOnnxRuntime();
    let session: OnnxRuntime.InferenceSession;
    try {
      session = await ort.InferenceSession.create(modelPath, {
        intraOpNumThreads: intraOpThreads,
        interOpNumThreads: 1,
        executionMode: 'sequential',
        graphOptimizationLevel: 'all',
        logSeverityLevel: 3,
      });
    } catch (error) {
      const message = `${modelPath} is not a loadable ONNX model: ${(error as Error).message}`;
      throw new EmbedderError(message, { modelPath }, { cause: error });
    }
    try {
      return new OnnxModelSession(ort, session, modelPath, chooseOutput(session, modelPath));
    } catch (error) {
      await session.release().catch(() => undefined);
      throw error;
    }
  }

  /** Runs one padded batch; one unit vector per row. */
  async run(batch: PaddedBatch): Promise<Float32Array[]> {
    const output = (await this.session.run(this.feeds(batch), [this.outputName]))[
      this.outputName
    ] as OnnxRuntime.Tensor;
    const pooled = this.outputName === SENTENCE_OUTPUT;
    const expected = pooled ? [batch.rows] : [batch.rows, batch.width];
    const dims = output.dims;
    const dimensions = dims[dims.length - 1];
    const shapeFits = dims.length === expected.length + 1 && expected.every((size, i) => dims[i] === size);
    if (output.type !== 'float32' || !shapeFits || !(dimensions > 0)) {
      const message = `The model output ${this.outputName} is ${output.type} [${dims.join(', ')}], expected float32 [${expected.join(', ')}, dimensions]`;
      throw new EmbedderError(message, { modelPath: this.modelPath });
    }
    const data = output.data as Float32Array;
    const vectors = pooled
      ? splitSentenceVectors(data, batch.rows, dimensions)
      : meanPoolTokens(data, batch, dimensions);
    output.dispose();
    return vectors;
  }

  /** When the model declares a fixed vector length for its output, checks that `actual` is that length. */
  checkDeclaredDimensions(actual: number): void {
    const metadata = this.session.outputMetadata?.find((value) => value.name === this.outputName);
    const declared = metadata?.isTensor ? metadata.shape[metadata.shape.length - 1] : undefined;
    if (typeof declared === 'number' && declared > 0 && declared !== actual) {
      const message = `${this.modelPath} declares ${declared}-dimensional ${this.outputName} but returned ${actual}`;
      throw new EmbedderError(message, { modelPath: this.modelPath });
    }
  }

  /** Frees the native session. */
  release(): Promise<void> {
    return this.session.release();
  }

  private feeds(batch: PaddedBatch): Record<string, OnnxRuntime.Tensor> {
    const shape = [batch.rows, batch.width];
    const inputs = this.session.inputNames;
    const feeds: Record<string, OnnxRuntime.Tensor> = {
      input_ids: new this.ort.Tensor('int64', batch.inputIds, shape),
    };
    if (inputs.includes('attention_mask')) {
      feeds['attention_mask'] = new this.ort.Tensor('int64', batch.attentionMask, shape);
    }
    if (inputs.includes('token_type_ids')) {
      feeds['token_type_ids'] = new this.ort.Tensor(
        'int64',
        new BigInt64Array(batch.rows * batch.width),
        shape,
      );
    }
    return feeds;
  }
}

async function loadOnnxRuntime(): Promise<OnnxRuntimeModule> {
  try {
    return await import('onnxruntime-node');
  } catch (error) {
    const message = `onnxruntime-node cannot be loaded: ${(error as Error).message}`;
    throw new EmbedderError(message, {}, { cause: error });
  }
}

/** Checks that the model takes only inputs the embedder can feed, and picks the output to read. */
function chooseOutput(session: OnnxRuntime.InferenceSession, modelPath: string): string {
  const unknown = session.inputNames.filter((name) => !FED_INPUTS.has(name));
  if (!session.inputNames.includes('input_ids') || unknown.length > 0) {
    const message = `${modelPath} takes inputs ${session.inputNames.join(', ')}; the embedder feeds only input_ids, attention_mask and token_type_ids`;
    throw new EmbedderError(message, { modelPath });
  }
  const output = [SENTENCE_OUTPUT, ...TOKEN_OUTPUTS].find((name) => session.outputNames.includes(name));
  if (output) return output;
  const message = `${modelPath} has outputs ${session.outputNames.join(', ')}; the embedder needs ${[SENTENCE_OUTPUT, ...TOKEN_OUTPUTS].join(' or ')}`;
  throw new EmbedderError(message, { modelPath });
}
