// What the ONNX importer did with every node: counted as a layer, folded into a recognised layer,
// or excluded with a reason. `work` estimates arithmetic per sample (MAC-equivalents for conv/FC/
// adder layers, output elements otherwise) so reports can print the share of work covered.

export const EXCLUSION_REASONS = ['constant', 'shape arithmetic', 'no-op', 'unknown op'] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

export interface OnnxCoverage {
  readonly file: string;
  readonly opset: number;
  readonly producer: string;
  /** Batch size in the file; all counts are per sample. */
  readonly batch: number;
  readonly nodes: { readonly total: number; readonly counted: number; readonly folded: number; readonly excluded: number };
  readonly excludedBy: Readonly<Record<ExclusionReason, number>>;
  /** Nodes per ONNX op type and what became of them. */
  readonly byOpType: Readonly<Record<string, { counted: number; folded: number; excluded: number }>>;
  /** Estimated work per sample: in layers (counted, incl. folded nodes) and in excluded unknown ops
   *  (MACs for a Conv / MatMul / Gemm without a layer kind, else one op per output element). */
  readonly work: { readonly covered: number; readonly excluded: number };
  /** covered / (covered + excluded); 1 when nothing with work was left out. */
  readonly workShare: number;
  /** Recognised patterns: AdderNet layers, sign-binarised layers, biases folded into conv/FC. */
  readonly recognised: { readonly adder: number; readonly binary: number; readonly biasAdds: number };
  /** Every node excluded as an unknown op (only with allowUnknown). */
  readonly unknown: readonly { readonly node: string; readonly opType: string; readonly reason: string; readonly work: number }[];
}
