// Decoding tensor payloads: raw little-endian bytes per data type, typed fields, and the cases
// where values are deliberately not read (external data, too large) or are inconsistent.

import { describe, expect, it } from 'vitest';
import { AddersimError } from '../../../src/isa/index.ts';
import { DT, MAX_VALUE_ELEMENTS, tensorValues } from '../../../src/models/onnx/tensor.ts';

const raw = (bytes: number[]) => Uint8Array.from(bytes);

describe('tensorValues', () => {
  it('raw int64 (including −1 and 2^40), int32, int8 and bool', () => {
    const i64 = new DataView(new ArrayBuffer(16));
    i64.setBigInt64(0, -1n, true);
    i64.setBigInt64(8, 2n ** 40n, true);
    expect(tensorValues({ dims: [2], dataType: DT.INT64, rawData: new Uint8Array(i64.buffer) }, 't')).toEqual([-1, 2 ** 40]);
    expect(tensorValues({ dims: [1], dataType: DT.INT32, rawData: raw([0xfe, 0xff, 0xff, 0xff]) }, 't')).toEqual([-2]);
    expect(tensorValues({ dims: [2], dataType: DT.INT8, rawData: raw([0x80, 0x7f]) }, 't')).toEqual([-128, 127]);
    expect(tensorValues({ dims: [2], dataType: DT.BOOL, rawData: raw([1, 0]) }, 't')).toEqual([1, 0]);
  });

  it('raw float32, float16 (1.0, −2.0, 65504) and bfloat16 (1.0)', () => {
    expect(tensorValues({ dims: [1], dataType: DT.FLOAT, rawData: raw([0, 0, 0x80, 0x3f]) }, 't')).toEqual([1]);
    expect(tensorValues({ dims: [3], dataType: DT.FLOAT16, rawData: raw([0x00, 0x3c, 0x00, 0xc0, 0xff, 0x7b]) }, 't')).toEqual([1, -2, 65504]);
    expect(tensorValues({ dims: [1], dataType: DT.BFLOAT16, rawData: raw([0x80, 0x3f]) }, 't')).toEqual([1]);
  });

  it('typed fields: int64_data, float_data, float16 bits in int32_data; scalars have dims []', () => {
    expect(tensorValues({ dims: [], dataType: DT.INT64, int64Data: [7] }, 't')).toEqual([7]);
    expect(tensorValues({ dims: [2], dataType: DT.FLOAT, floatData: [0.5, 2] }, 't')).toEqual([0.5, 2]);
    expect(tensorValues({ dims: [1], dataType: DT.FLOAT16, int32Data: [0x3c00] }, 't')).toEqual([1]);
  });

  it('no values for external data or oversized tensors; a wrong byte count is an error naming the tensor', () => {
    expect(tensorValues({ dims: [4], dataType: DT.FLOAT, dataLocation: 1 }, 't')).toBeUndefined();
    expect(tensorValues({ dims: [MAX_VALUE_ELEMENTS + 1], dataType: DT.FLOAT }, 't')).toBeUndefined();
    const e = (() => {
      try {
        tensorValues({ dims: [2], dataType: DT.INT64, rawData: raw([1, 2, 3]) }, 'm.onnx: initializer w');
      } catch (x) {
        return x;
      }
    })();
    expect(e).toBeInstanceOf(AddersimError);
    expect((e as Error).message).toBe('m.onnx: initializer w: raw_data holds 3 bytes, expected 16 for dims [2]');
  });
});
