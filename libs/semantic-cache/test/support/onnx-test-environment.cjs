// Jest's Node environment runs tests in their own V8 context, with their own typed-array constructors; the tensors
// onnxruntime-node's native binding returns are built from the main context's, so onnxruntime-common's
// `data instanceof Float32Array` check rejects them ("A float32 tensor's data must be type of function
// Float32Array()"). This environment gives the test context the main context's typed arrays, as plain Node has.
// Use it with a `@jest-environment <rootDir>/test/support/onnx-test-environment.cjs` docblock in suites that run
// ONNX models.
const { TestEnvironment } = require('jest-environment-node');

const TYPED_ARRAYS = [
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
];

/** jest-environment-node with the typed-array constructors of the main V8 context (for onnxruntime-node). */
class OnnxTestEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of TYPED_ARRAYS) this.global[name] = globalThis[name];
  }
}

module.exports = OnnxTestEnvironment;
