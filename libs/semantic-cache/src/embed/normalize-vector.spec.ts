import { dotProduct, l2NormalizeInPlace, toUnitVector } from './normalize-vector';

describe('vector normalization', () => {
  it('scales a vector to unit length in place', () => {
    const vector = new Float32Array([3, 4]);
    expect(l2NormalizeInPlace(vector)).toBe(vector);
    expect(Array.from(vector)).toEqual([Math.fround(0.6), Math.fround(0.8)]);
    expect(dotProduct(vector, vector)).toBeCloseTo(1, 6);
  });

  it('leaves a zero vector zero instead of dividing by 0', () => {
    expect(Array.from(toUnitVector([0, 0, 0]))).toEqual([0, 0, 0]);
  });

  it('refuses NaN and infinite components, and vectors of different lengths', () => {
    expect(() => toUnitVector([1, Number.NaN])).toThrow(RangeError);
    expect(() => toUnitVector([1, Number.POSITIVE_INFINITY])).toThrow(RangeError);
    expect(() => dotProduct(new Float32Array(2), new Float32Array(3))).toThrow(RangeError);
  });
});
