// The AdderNet paper's claims beside addersim's numbers (`paperClaims`, shared by `reproduce` and
// `report` through src/whatif/study.ts): LeNet-5 latency, the op-count tables and the energy ratio.

import { opTable } from '../models/op-table.ts';
import { applyVariant } from '../models/variants.ts';
import type { ShapedGraph } from '../models/graph.ts';
import { inferShapes } from '../models/shapes.ts';
import { zooModel } from '../models/zoo/index.ts';
import { energyOfCounts } from '../sim/energy/energy.ts';
import { loadEnergyTable } from '../sim/energy/table.ts';
import type { EnergyTable } from '../sim/energy/schema.ts';
import { loadProfile } from '../sim/profile/loader.ts';
import type { Profile } from '../sim/profile/schema.ts';
import { serialFromCounts } from '../sim/schedulers/serial.ts';
import type { ClaimRow } from '../sim/results/study-result.ts';
import { ARG, checkArgs } from '../isa/api-args.ts';
import { z } from 'zod';

function delta(addersim: number, paper: number): number {
  return (addersim - paper) / paper;
}

const REF = 'reference/addernet-paper.md';

/** The paper's CIFAR/ImageNet op-count columns (§1.1, §1.2) and why addersim's MACs differ. */
const PAPER_MACS: readonly { model: string; label: string; macs: number; text: string; adder: number; adderText: string; reason: string }[] = [
  {
    model: 'vgg-small',
    label: 'VGG-small',
    macs: 0.65e9,
    text: '0.65G',
    adder: 1.3e9,
    adderText: '1.30G',
    reason: "VGG-small with one FC 8192→10 has 0.608G MACs; the paper's exact VGG-small is unpublished",
  },
  {
    model: 'resnet20',
    label: 'ResNet-20',
    macs: 41.17e6,
    text: '41.17M',
    adder: 82.34e6,
    adderText: '82.34M',
    reason: "layer-exact count (code's topology, 1×1 projection shortcuts) is 40.81M; the 0.36M gap is unexplained",
  },
  {
    model: 'resnet32',
    label: 'ResNet-32',
    macs: 69.12e6,
    text: '69.12M',
    adder: 138.24e6,
    adderText: '138.24M',
    reason: "matches the official code's topology; Δ is the paper's rounding",
  },
  {
    model: 'resnet18',
    label: 'ResNet-18',
    macs: 1.8e9,
    text: '1.8G',
    adder: 3.6e9,
    adderText: '3.6G',
    reason: "torchvision shapes give 1.814G; Δ is the paper's rounding",
  },
  {
    model: 'resnet50-v1',
    label: 'ResNet-50',
    macs: 3.9e9,
    text: '3.9G',
    adder: 7.7e9,
    adderText: '7.7G',
    reason: 'ResNet-50 v1 (stride in the first 1×1) gives 3.858G; torchvision v1.5 (zoo resnet50) would be 4.089G',
  },
];

/** Op totals without zero entries (the serial model looks every form up, even with count 0). */
export function nonZero(t: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(t).filter(([, n]) => n > 0));
}

function shaped(model: string): ShapedGraph {
  return inferShapes(zooModel(model), `zoo:${model}`);
}

/**
 * The paper's claims beside addersim's numbers: LeNet-5 serial latency on the VIA Nano 2000 (paper's
 * counts and the zoo's LeNet-5-BN), the op-count tables, and the Horowitz energy ratio. Pure data.
 */
export function paperClaims(opts: { energyTable?: EnergyTable; nano?: Profile } = {}): ClaimRow[] {
  checkArgs('paperClaims', [['opts', z.strictObject({ energyTable: ARG.energyTable.optional(), nano: ARG.profile.optional() }), opts]]);
  const nano = opts.nano ?? loadProfile('via-nano-2000');
  const table = opts.energyTable ?? loadEnergyTable('horowitz-45nm');
  const rows: ClaimRow[] = [];
  lenetClaims(rows, nano);
  opCountClaims(rows);
  rows.push(energyRatioClaim(table));
  return rows;
}

/** LeNet-5 on the VIA Nano 2000: the paper's counts and the zoo's LeNet-5-BN through the serial model. */
function lenetClaims(rows: ClaimRow[], nano: Profile): void {
  const lat = (variant: string, quantity: string, paper: number, paperText: string, addersim: number, reason: string) =>
    rows.push({
      group: 'latency',
      model: 'lenet5-bn',
      variant,
      quantity,
      paper,
      paperText,
      addersim,
      deltaFraction: delta(addersim, paper),
      reason,
      source: `${REF} §1.4`,
    });

  // 1. The paper's own counts through the serial model (f64: the x87/double rows, mul 4 / add 2).
  const cnnSerial = serialFromCounts({ mul: 435_000, add: 435_000 }, nano, { dtype: 'f64' }).cycles;
  const adderSerial = serialFromCounts({ add: 870_000 }, nano, { dtype: 'f64' }).cycles;
  lat(
    'cnn',
    'serial cycles, paper counts (435K mul + 435K add, f64)',
    2_610_000,
    '2.6M (= 435K×4 + 435K×2)',
    cnnSerial,
    cnnSerial === 2_610_000 ? 'exact: Σ count × latency with mul.f64 4, add.f64 2' : "profile latencies differ from the paper's 4 / 2",
  );
  lat(
    'adder',
    'serial cycles, paper counts (870K add, f64)',
    1_740_000,
    '1.7M (= 870K×2)',
    adderSerial,
    adderSerial === 1_740_000 ? 'exact: Σ count × latency with add.f64 2' : "profile latency differs from the paper's 2",
  );

  // 2. The zoo's LeNet-5-BN (layer-exact MACs) through the same model.
  const lenet = shaped('lenet5-bn');
  const cnnOps = opTable(applyVariant(lenet, 'cnn', 'all'), 'paper');
  const adderOps = opTable(applyVariant(lenet, 'adder', 'all'), 'paper');
  const reasonLenet =
    cnnOps.macs === 416_520
      ? "the zoo's LeNet-5-BN is the standard LeNet-5 (416,520 MACs); the paper's 435K network is unpublished"
      : `the zoo's LeNet-5-BN has ${cnnOps.macs.toLocaleString('en-US')} MACs (standard LeNet-5 = 416,520); the paper's 435K network is unpublished`;
  rows.push({
    group: 'ops',
    model: 'lenet5-bn',
    variant: 'cnn',
    quantity: 'MACs (#Mul = #Add)',
    paper: 435_000,
    paperText: '~435K',
    addersim: cnnOps.macs,
    deltaFraction: delta(cnnOps.macs, 435_000),
    reason: reasonLenet,
    source: `${REF} §1.4–1.5`,
  });
  rows.push({
    group: 'ops',
    model: 'lenet5-bn',
    variant: 'adder',
    quantity: '#Add (2 × MACs), #Mul = 0',
    paper: 870_000,
    paperText: '~870K',
    addersim: adderOps.totals.add ?? 0,
    deltaFraction: delta(adderOps.totals.add ?? 0, 870_000),
    reason: reasonLenet,
    source: `${REF} §1.4–1.5`,
  });
  lat(
    'cnn',
    'serial cycles, zoo LeNet-5-BN (paper convention, f64)',
    2_610_000,
    '2.6M',
    serialFromCounts(nonZero(cnnOps.totals), nano, { dtype: 'f64' }).cycles,
    reasonLenet,
  );
  lat(
    'adder',
    'serial cycles, zoo LeNet-5-BN (paper convention, f64)',
    1_740_000,
    '1.7M',
    serialFromCounts(nonZero(adderOps.totals), nano, { dtype: 'f64' }).cycles,
    reasonLenet,
  );
  lat(
    'cnn/adder',
    'CNN / AdderNet serial latency',
    1.5,
    '2.6M / 1.7M ≈ 1.5',
    cnnSerial / adderSerial,
    'exact under the serial model; pipelined schedulers change it (see the latency section)',
  );
}

/** The op-count tables (#Mul / #Add / #XNOR), paper convention, every conv/FC converted as the paper counts. */
function opCountClaims(rows: ClaimRow[]): void {
  for (const m of PAPER_MACS) {
    const g = shaped(m.model);
    const cnn = opTable(applyVariant(g, 'cnn', 'all'), 'paper');
    const add = opTable(applyVariant(g, 'adder', 'all'), 'paper');
    const bnn = opTable(applyVariant(g, 'bnn', 'all'), 'paper');
    const src = `${REF} §1.1–1.2, §1.5`;
    const row = (variant: string, quantity: string, paper: number, paperText: string, v: number, reason: string) =>
      rows.push({ group: 'ops', model: m.model, variant, quantity, paper, paperText, addersim: v, deltaFraction: delta(v, paper), reason, source: src });
    row('cnn', '#Mul', m.macs, m.text, cnn.totals.mul ?? 0, m.reason);
    row('cnn', '#Add', m.macs, m.text, cnn.totals.add ?? 0, m.reason);
    row(
      'adder',
      '#Add (2 × MACs)',
      m.adder,
      m.adderText,
      add.totals.add ?? 0,
      `${m.reason}; the paper's #Mul = 0 ignores the multiplicative first conv and last FC`,
    );
    row('bnn', '#XNOR', m.macs, m.text, bnn.totals.xnor ?? 0, m.reason);
    row('bnn', '#Add', m.macs, m.text, bnn.totals.add ?? 0, m.reason);
  }
}

/** Energy (Horowitz 45 nm, paper view): AdderNet / CNN for the MAC-equivalent, on resnet20. */
function energyRatioClaim(table: EnergyTable): ClaimRow {
  const r20 = shaped('resnet20');
  const eCnn = energyOfCounts(opTable(applyVariant(r20, 'cnn', 'all'), 'paper').totals, table, { dtype: 'f32', label: 'resnet20 cnn' });
  const eAdd = energyOfCounts(opTable(applyVariant(r20, 'adder', 'all'), 'paper').totals, table, { dtype: 'f32', label: 'resnet20 adder' });
  const ratio = eAdd.energyPJ / eCnn.energyPJ;
  return {
    group: 'energy',
    model: 'resnet20',
    variant: 'adder/cnn',
    quantity: 'energy ratio, fp32, paper view',
    paper: 1.8 / 4.6,
    paperText: '(0.9+0.9)/(3.7+0.9) = 0.39',
    addersim: ratio,
    deltaFraction: delta(ratio, 1.8 / 4.6),
    reason: `exact: ${eAdd.exactPJ} pJ / ${eCnn.exactPJ} pJ (${table.name})`,
    source: `${REF} §3 (E_MAC 4.6, E_AC 0.9)`,
  };
}
