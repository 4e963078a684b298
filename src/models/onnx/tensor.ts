// Decoding ONNX tensors (initializers, Constant attributes) into shapes and, when asked and present,
// values as plain numbers. Weights in an absent external-data file have a shape but no value.

import { badInput } from '../../isa/index.ts';
import type { TensorMsg } from './onnx-proto.ts';

export const DT = {
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  UINT16: 4,
  INT16: 5,
  INT32: 6,
  INT64: 7,
  STRING: 8,
  BOOL: 9,
  FLOAT16: 10,
  DOUBLE: 11,
  UINT32: 12,
  UINT64: 13,
  BFLOAT16: 16,
} as const;

const INT_TYPES: ReadonlySet<number> = new Set([DT.UINT8, DT.INT8, DT.UINT16, DT.INT16, DT.INT32, DT.INT64, DT.UINT32, DT.UINT64, DT.BOOL]);
export function isIntType(dtype: number): boolean {
  return INT_TYPES.has(dtype);
}

/** Values are decoded only for tensors up to this many elements (shape parameters, index tables). */
export const MAX_VALUE_ELEMENTS = 1 << 20;

export function numel(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function tensorDims(t: TensorMsg): number[] {
  return (t.dims ?? []).map(Number);
}

export function isExternal(t: TensorMsg): boolean {
  return t.dataLocation === 1 || (t.externalData?.length ?? 0) > 0;
}

function half(bits: number): number {
  const s = bits & 0x8000 ? -1 : 1;
  const e = (bits >> 10) & 0x1f;
  const m = bits & 0x3ff;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 31) return m ? NaN : s * Infinity;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}

/** The tensor's values, or undefined when they are external, too large, or of a type we do not read. */
export function tensorValues(t: TensorMsg, where: string): number[] | undefined {
  const dims = tensorDims(t);
  const n = numel(dims);
  if (n > MAX_VALUE_ELEMENTS || isExternal(t)) return undefined;
  const dt = t.dataType ?? 0;
  const raw = t.rawData;
  if (raw && raw.length > 0) {
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const size: Partial<Record<number, number>> = {
      [DT.FLOAT]: 4,
      [DT.DOUBLE]: 8,
      [DT.INT64]: 8,
      [DT.UINT64]: 8,
      [DT.INT32]: 4,
      [DT.UINT32]: 4,
      [DT.INT16]: 2,
      [DT.UINT16]: 2,
      [DT.FLOAT16]: 2,
      [DT.BFLOAT16]: 2,
      [DT.INT8]: 1,
      [DT.UINT8]: 1,
      [DT.BOOL]: 1,
    };
    const w = size[dt];
    if (w === undefined) return undefined;
    if (raw.byteLength !== n * w) throw badInput(`raw_data holds ${raw.byteLength} bytes, expected ${n * w} for dims [${dims.join(',')}]`, where);
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      const o = i * w;
      switch (dt) {
        case DT.FLOAT:
          out[i] = view.getFloat32(o, true);
          break;
        case DT.DOUBLE:
          out[i] = view.getFloat64(o, true);
          break;
        case DT.INT64:
          out[i] = Number(view.getBigInt64(o, true));
          break;
        case DT.UINT64:
          out[i] = Number(view.getBigUint64(o, true));
          break;
        case DT.INT32:
          out[i] = view.getInt32(o, true);
          break;
        case DT.UINT32:
          out[i] = view.getUint32(o, true);
          break;
        case DT.INT16:
          out[i] = view.getInt16(o, true);
          break;
        case DT.UINT16:
          out[i] = view.getUint16(o, true);
          break;
        case DT.FLOAT16:
          out[i] = half(view.getUint16(o, true));
          break;
        case DT.BFLOAT16:
          out[i] = new Float32Array(new Uint32Array([view.getUint16(o, true) << 16]).buffer)[0]!;
          break;
        case DT.INT8:
          out[i] = view.getInt8(o);
          break;
        default:
          out[i] = view.getUint8(o);
      }
    }
    return out;
  }
  const typed =
    dt === DT.FLOAT
      ? t.floatData
      : dt === DT.FLOAT16
        ? t.int32Data?.map(half)
        : dt === DT.DOUBLE
          ? t.doubleData
          : dt === DT.INT64
            ? t.int64Data
            : dt === DT.UINT32 || dt === DT.UINT64
              ? t.uint64Data
              : dt === DT.STRING
                ? undefined
                : t.int32Data;
  const vals = (typed ?? []).map(Number);
  if (vals.length === n) return vals;
  if (n === 0) return [];
  return undefined;
}
