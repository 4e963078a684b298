// The CPUs whose profiles scripts/import-llvm-mca.ts generates: -mcpu, identity, how llvm-mca's
// resources map to profile ports, the InstLatX64 file that measured the same core (if any), and notes.

import type { ResourceMap } from '../lib/profile-llvm-mca.ts';
import type { Feature } from '../../src/sim/profile/forms.ts';

export interface McaCpu {
  name: string;
  mcpu: string;
  arch: 'x86' | 'aarch64';
  description: string;
  vendor: string;
  model: string;
  microarchitecture: string;
  clock: { value: number; source: string };
  ports: Record<string, string>; // profile port → what it does
  resources: ResourceMap;
  /** AArch64 extensions (x86 features come from isa_features_llvm14.txt). */
  features?: Feature[];
  /** InstLatX64 extract (cpu-profiles/instlat/<file>.txt) and its SOURCES.md id. */
  measured?: { file: string; source: string };
  /** Extra notes (the generator adds its own). */
  notes: string[];
  /** The model's scheduler buffers (llvm-mca -all-stats) → the profile ports they feed; `lsq` = load/store
   *  queues (not schedulers); `total: 'rob'` = ports outside the queues use the unified MicroOpBuffer. */
  scheduler?: { queues: Record<string, string[]>; lsq?: string[]; total?: 'rob' };
}

const intelBig = (pfx: string, n: number): ResourceMap => ({
  ports: Object.fromEntries(Array.from({ length: n }, (_, i) => [`${pfx}Port${i}`, `p${i}`])),
  clusters:
    n === 8
      ? [['p0', 'p1', 'p5', 'p6'], ['p2', 'p3', 'p7'], ['p4']]
      : [
          ['p0', 'p1', 'p5', 'p6'],
          ['p2', 'p3', 'p7', 'p8'],
          ['p4', 'p9'],
        ],
  subunits: [
    { cols: [`${pfx}Divider`], pipes: ['p0'] },
    { cols: [`${pfx}FPDivider`], pipes: ['p0'] },
  ],
});
const intelPorts = (n: number, extra: Record<string, string> = {}): Record<string, string> => {
  const what: Record<string, string> = {
    p0: 'ALU, vector ALU/FMA/multiply, divider, branch',
    p1: 'ALU, vector ALU/FMA/multiply, integer multiply',
    p2: 'load / store address',
    p3: 'load / store address',
    p4: 'store data',
    p5: 'ALU, vector ALU, shuffle',
    p6: 'ALU, branch',
    p7: 'store address',
    ...extra,
  };
  return Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${i}`, what[`p${i}`] ?? 'port']));
};

export const MCA_CPUS: McaCpu[] = [
  {
    name: 'intel-skylake',
    mcpu: 'skylake',
    arch: 'x86',
    description:
      'Intel Skylake client (AVX2, FMA3): LLVM 14 scheduling model (llvm-mca -mcpu=skylake); InstLatX64 i5-6400T measurements kept as notes and in intel-skylake-measured.json.',
    vendor: 'Intel',
    model: 'Core i5-6400T (Skylake-S)',
    microarchitecture: 'Skylake',
    clock: { value: 2.2, source: 'instlatx64-skylake: header "Intel Core i5-6400T, 2200 MHz"' },
    ports: intelPorts(8),
    resources: intelBig('SKL', 8),
    measured: { file: 'intel_skylake', source: 'instlatx64-skylake' },
    notes: [
      'llvm-mca 14 Dispatch Width 6 is the model IssueWidth; Intel describes a 4-wide allocate/rename (not verified from an archived Intel document, cpu-timing/README.md §1.3).',
    ],
  },
  {
    name: 'intel-haswell',
    mcpu: 'haswell',
    arch: 'x86',
    description:
      'Intel Haswell (AVX2, FMA3): LLVM 14 scheduling model (llvm-mca -mcpu=haswell); InstLatX64 i7-4770 measurements kept as notes and in intel-haswell-measured.json.',
    vendor: 'Intel',
    model: 'Core i7-4770',
    microarchitecture: 'Haswell',
    clock: { value: 3.4, source: 'instlatx64-haswell: header "Intel(R) Core(TM) i7-4770 CPU @ 3.40GHz"' },
    ports: intelPorts(8),
    resources: intelBig('HW', 8),
    measured: { file: 'intel_haswell', source: 'instlatx64-haswell' },
    notes: [],
  },
  {
    name: 'intel-icelake-server',
    mcpu: 'icelake-server',
    arch: 'x86',
    description:
      'Intel Ice Lake server (AVX-512 incl. VNNI, VPOPCNTDQ, BITALG): LLVM 14 scheduling model (llvm-mca -mcpu=icelake-server); InstLatX64 Xeon Gold 6330 measurements as notes.',
    vendor: 'Intel',
    model: 'Xeon Gold 6330 (Ice Lake-SP)',
    microarchitecture: 'Sunny Cove (Ice Lake-SP)',
    clock: { value: 2.0, source: 'instlatx64-icx: header "Intel(R) Xeon(R) Gold 6330 CPU @ 2.00GHz"' },
    ports: intelPorts(10, { p8: 'store address', p9: 'store data' }),
    resources: intelBig('ICX', 10),
    measured: { file: 'intel_icelake_server_icx', source: 'instlatx64-icx' },
    notes: ['512-bit µops issue on p0 and p5 (port 1 vector ALU fused into p0 for 512-bit operations), as the LLVM model has it.'],
  },
  {
    name: 'intel-silvermont',
    mcpu: 'silvermont',
    arch: 'x86',
    description: 'Intel Silvermont (SSE4.2, out-of-order, 2-wide): LLVM 14 model (llvm-mca -mcpu=silvermont); InstLatX64 Celeron N2820 measurements as notes.',
    vendor: 'Intel',
    model: 'Celeron N2820 (Bay Trail-M)',
    microarchitecture: 'Silvermont',
    clock: { value: 2.13, source: 'instlatx64-silvermont: header "Intel(R) Celeron(R) CPU N2820 @ 2.13GHz"' },
    ports: {
      IEC0: 'integer execution cluster port 0',
      IEC1: 'integer execution cluster port 1 (multiply)',
      FPC0: 'FP/SIMD port 0 (multiply, divide, shuffle)',
      FPC1: 'FP/SIMD port 1 (add)',
      MEC: 'memory execution cluster (load/store)',
    },
    resources: {
      ports: { SLM_IEC_RSV0: 'IEC0', SLM_IEC_RSV1: 'IEC1', SLM_FPC_RSV0: 'FPC0', SLM_FPC_RSV1: 'FPC1', SLM_MEC_RSV: 'MEC' },
      clusters: [['IEC0', 'IEC1'], ['FPC0', 'FPC1'], ['MEC']],
      subunits: [
        { cols: ['SLMFPMultiplier'], pipes: ['FPC0'] },
        { cols: ['SLMFPDivider'], pipes: ['FPC0'] },
        { cols: ['SLMDivider'], pipes: ['IEC1'] },
      ],
    },
    measured: { file: 'intel_silvermont', source: 'instlatx64-silvermont' },
    scheduler: { queues: { SLM_FPC_RSV0: ['FPC0'], SLM_FPC_RSV1: ['FPC1'] }, total: 'rob' },
    notes: [],
  },
  {
    name: 'intel-atom',
    mcpu: 'atom',
    arch: 'x86',
    description: 'Intel Atom Bonnell (in-order, 2-wide, SSSE3, no POPCNT): LLVM 14 model (llvm-mca -mcpu=atom); InstLatX64 Atom 230 measurements as notes.',
    vendor: 'Intel',
    model: 'Atom 230 (Diamondville)',
    microarchitecture: 'Bonnell',
    clock: { value: 1.6, source: 'instlatx64-bonnell: header "Intel(R) Atom(TM) CPU 230 @ 1.60GHz"' },
    ports: { P0: 'port 0 (ALU, SIMD multiply, load/store)', P1: 'port 1 (ALU, FP add, branch)' },
    resources: { ports: { AtomPort0: 'P0', AtomPort1: 'P1' }, simultaneous: true },
    measured: { file: 'intel_atom_bonnell_diamondville', source: 'instlatx64-bonnell' },
    notes: [
      "Instructions that hold both ports (divide, 128-bit loads, PSHUFB…) are one µop per port, each busy the model's cycles (llvm-mca: a DIVSS next to integer adds takes 36 cycles, not 34).",
      'In-order: llvm-mca 14 models no buffers (MicroOpBufferSize 0). Several LLVM numbers differ from the measurement (cpu-timing/README.md §4.4), e.g. MOV r32,[m32] 1 in LLVM vs 3 measured; see the per-form notes.',
    ],
  },
  {
    name: 'amd-zen3',
    mcpu: 'znver3',
    arch: 'x86',
    description:
      'AMD Zen 3 (AVX2, FMA3): LLVM 14 scheduling model (llvm-mca -mcpu=znver3); InstLatX64 Ryzen 9 5950X measurements as notes and in amd-zen3-measured.json.',
    vendor: 'AMD',
    model: 'Ryzen 9 5950X (Vermeer)',
    microarchitecture: 'Zen 3',
    clock: { value: 3.4, source: 'instlatx64-zen3: header "Freq: 3393.19MHz", AMD Ryzen 9 5950X' },
    ports: {
      ALU0: 'integer ALU 0',
      ALU1: 'integer ALU 1 (multiply)',
      ALU2: 'integer ALU 2',
      ALU3: 'integer ALU 3',
      AGU0: 'address generation 0',
      AGU1: 'address generation 1',
      AGU2: 'address generation 2',
      BRU1: 'branch',
      FP0: 'FP pipe 0 (FMA/multiply)',
      FP1: 'FP pipe 1 (FMA/multiply, divide)',
      FP2: 'FP pipe 2 (add)',
      FP3: 'FP pipe 3 (add, integer multiply)',
      FP4: 'FP load / store-data pipe (LLVM Zn3FPP45 unit 0)',
      FP5: 'FP load / store-data pipe (LLVM Zn3FPP45 unit 1)',
      FPST: 'FP store',
      ST0: 'store data 0 (LLVM Zn3Store)',
      ST1: 'store data 1 (LLVM Zn3Store)',
    },
    resources: {
      ports: {
        Zn3ALU0: 'ALU0',
        Zn3ALU1: 'ALU1',
        Zn3ALU2: 'ALU2',
        Zn3ALU3: 'ALU3',
        Zn3AGU0: 'AGU0',
        Zn3AGU1: 'AGU1',
        Zn3AGU2: 'AGU2',
        Zn3BRU1: 'BRU1',
        Zn3FPP0: 'FP0',
        Zn3FPP1: 'FP1',
        Zn3FPP2: 'FP2',
        Zn3FPP3: 'FP3',
        'Zn3FPP45.0': 'FP4',
        'Zn3FPP45.1': 'FP5',
        Zn3FPSt: 'FPST',
        'Zn3Store.0': 'ST0',
        'Zn3Store.1': 'ST1',
      },
      clusters: [['ALU0', 'ALU1', 'ALU2', 'ALU3'], ['AGU0', 'AGU1', 'AGU2'], ['BRU1'], ['FP0', 'FP1', 'FP2', 'FP3'], ['FP4', 'FP5'], ['FPST'], ['ST0', 'ST1']],
      subunits: [{ cols: ['Zn3Divider', 'Zn3FPDivider'], pipes: ['ALU2', 'FP1'] }],
      ignore: ['Zn3LSU.0', 'Zn3LSU.1', 'Zn3LSU.2', 'Zn3Load.0', 'Zn3Load.1', 'Zn3Load.2', 'Zn3Multiplier'],
    },
    measured: { file: 'amd_zen3_vermeer', source: 'instlatx64-zen3' },
    scheduler: {
      queues: { Zn3Int: ['ALU0', 'ALU1', 'ALU2', 'ALU3', 'AGU0', 'AGU1', 'AGU2', 'BRU1'], Zn3FP: ['FP0', 'FP1', 'FP2', 'FP3', 'FP4', 'FP5', 'FPST'] },
      lsq: ['Zn3Load', 'Zn3Store'],
    },
    notes: [
      'The load/store queues (LLVM Zn3LSU, Zn3Load) are not modelled as ports; the two store units (Zn3Store) are ST0/ST1; FP loads and stores use the FP4/FP5 pipes (LLVM Zn3FPP45), integer ones the AGUs.',
    ],
  },
  {
    name: 'amd-zen2',
    mcpu: 'znver2',
    arch: 'x86',
    description: 'AMD Zen 2 (AVX2, FMA3): LLVM 14 scheduling model (llvm-mca -mcpu=znver2); InstLatX64 Ryzen 7 3700X measurements as notes.',
    vendor: 'AMD',
    model: 'Ryzen 7 3700X (Matisse)',
    microarchitecture: 'Zen 2',
    clock: { value: 4.1, source: 'instlatx64-zen2: header "OctalCore AMD Ryzen, 4100 MHz"' },
    ports: {
      ALU0: 'integer ALU 0',
      ALU1: 'integer ALU 1 (multiply)',
      ALU2: 'integer ALU 2 (divide)',
      ALU3: 'integer ALU 3',
      AGU0: 'address generation 0',
      AGU1: 'address generation 1',
      AGU2: 'address generation 2',
      FP0: 'FP pipe 0 (multiply, FMA, integer multiply)',
      FP1: 'FP pipe 1 (multiply)',
      FP2: 'FP pipe 2 (add, store data)',
      FP3: 'FP pipe 3 (add, FMA, divide)',
    },
    resources: {
      ports: {
        Zn2ALU0: 'ALU0',
        Zn2ALU1: 'ALU1',
        Zn2ALU2: 'ALU2',
        Zn2ALU3: 'ALU3',
        Zn2AGU0: 'AGU0',
        Zn2AGU1: 'AGU1',
        Zn2AGU2: 'AGU2',
        Zn2FPU0: 'FP0',
        Zn2FPU1: 'FP1',
        Zn2FPU2: 'FP2',
        Zn2FPU3: 'FP3',
      },
      clusters: [
        ['ALU0', 'ALU1', 'ALU2', 'ALU3'],
        ['AGU0', 'AGU1', 'AGU2'],
        ['FP0', 'FP1', 'FP2', 'FP3'],
      ],
      subunits: [
        { cols: ['Zn2Divider'], pipes: ['ALU2'] },
        { cols: ['Zn2Multiplier'], pipes: ['ALU1'] },
      ],
    },
    measured: { file: 'amd_zen2_matisse', source: 'instlatx64-zen2' },
    scheduler: { queues: { Zn2ALU: ['ALU0', 'ALU1', 'ALU2', 'ALU3'], Zn2AGU: ['AGU0', 'AGU1', 'AGU2'], Zn2FPU: ['FP0', 'FP1', 'FP2', 'FP3'] } },
    notes: [
      "LLVM 14 charges GPR loads 8 cycles on Zen 2; InstLatX64 measures 4 (cpu-timing/README.md §4.4): the profile keeps LLVM's value, the measurement is in the form note and latencyRange.",
    ],
  },
  {
    name: 'amd-jaguar',
    mcpu: 'btver2',
    arch: 'x86',
    description:
      'AMD Jaguar (btver2; AVX with 128-bit units, no AVX2/FMA): LLVM 14 scheduling model (llvm-mca -mcpu=btver2); InstLatX64 A4-5000 measurements as notes.',
    vendor: 'AMD',
    model: 'A4-5000 (Kabini)',
    microarchitecture: 'Jaguar (btver2)',
    clock: { value: 1.5, source: 'instlatx64-kabini: header "Freq: 1497.28MHz", AMD A4-5000' },
    ports: {
      ALU0: 'integer pipe 0',
      ALU1: 'integer pipe 1 (multiply, divide)',
      LAGU: 'load address',
      SAGU: 'store address',
      FPU0: 'FP/SIMD pipe 0 (FP add JFPA, vector ALU, vector integer multiply)',
      FPU1: 'FP/SIMD pipe 1 (FP multiply JFPM, vector ALU, store conversion)',
    },
    resources: {
      ports: { JALU0: 'ALU0', JALU1: 'ALU1', JLAGU: 'LAGU', JSAGU: 'SAGU', JFPU0: 'FPU0', JFPU1: 'FPU1' },
      clusters: [['ALU0', 'ALU1'], ['LAGU'], ['SAGU'], ['FPU0', 'FPU1']],
      subunits: [
        { cols: ['JFPA'], pipes: ['FPU0'] },
        { cols: ['JFPM'], pipes: ['FPU1'] },
        { cols: ['JVALU0', 'JVALU1'], pipes: ['FPU0', 'FPU1'] },
        { cols: ['JVIMUL'], pipes: ['FPU0'] },
        { cols: ['JSTC'], pipes: ['FPU1'] },
        { cols: ['JMul'], pipes: ['ALU1'] },
        { cols: ['JDiv'], pipes: ['ALU1'] },
      ],
    },
    measured: { file: 'amd_jaguar_kabini', source: 'instlatx64-kabini' },
    scheduler: { queues: { JALU01: ['ALU0', 'ALU1'], JFPU01: ['FPU0', 'FPU1'], JLSAGU: ['LAGU', 'SAGU'] } },
    notes: [
      "Jaguar's FP sub-units (JFPA adder, JFPM multiplier, JVALU, JVIMUL, JSTC) sit behind the two FP pipes; a sub-unit busy longer than its pipe's µop (divider, PSHUFB on JVALU) holds that µop longer. 256-bit AVX ops are two 128-bit µops.",
    ],
  },
  {
    name: 'arm-cortex-a57',
    mcpu: 'cortex-a57',
    arch: 'aarch64',
    description: 'Arm Cortex-A57 (out-of-order, 3-wide, NEON 128-bit, no dot product): LLVM 14 scheduling model (llvm-mca -mcpu=cortex-a57).',
    vendor: 'Arm',
    model: 'Cortex-A57',
    microarchitecture: 'Cortex-A57',
    clock: { value: 1.9, source: 'assumption: a typical Cortex-A57 clock (e.g. Jetson TX1 1.9 GHz); no archived source' },
    ports: {
      B: 'branch',
      I0: 'integer ALU 0',
      I1: 'integer ALU 1',
      M: 'integer multi-cycle (multiply, divide)',
      L: 'load',
      S: 'store',
      F0: 'FP/ASIMD pipe 0 (A57 "F0"/W)',
      F1: 'FP/ASIMD pipe 1 (A57 "F1"/X)',
    },
    resources: {
      ports: { A57UnitB: 'B', 'A57UnitI.0': 'I0', 'A57UnitI.1': 'I1', A57UnitM: 'M', A57UnitL: 'L', A57UnitS: 'S', A57UnitW: 'F0', A57UnitX: 'F1' },
      clusters: [['I0', 'I1'], ['M'], ['B'], ['L'], ['S'], ['F0', 'F1']],
    },
    features: [],
    notes: [
      'LLVM 14 uses this Cortex-A57 model also for -mcpu=cortex-a72…a78, x1, neoverse-n1/n2/v1 (cpu-timing/README.md §1.1). The table latency of FMLA is 10 while a dependent accumulator chain recurs every 4 cycles (llvm-mca-14-chain: fmla 4s 4.01): the form keeps the table latency; see fma notes.',
    ],
  },
  {
    name: 'arm-cortex-a55',
    mcpu: 'cortex-a55',
    arch: 'aarch64',
    description: 'Arm Cortex-A55 (in-order, dual-issue, NEON 128-bit, SDOT/UDOT): LLVM 14 scheduling model (llvm-mca -mcpu=cortex-a55).',
    vendor: 'Arm',
    model: 'Cortex-A55',
    microarchitecture: 'Cortex-A55',
    clock: { value: 1.8, source: 'assumption: a typical Cortex-A55 clock; no archived source' },
    ports: {
      ALU0: 'integer ALU 0',
      ALU1: 'integer ALU 1',
      MAC: 'integer multiply-accumulate',
      DIV: 'integer divide',
      B: 'branch',
      LD: 'load',
      ST: 'store',
      FPALU0: 'FP/ASIMD ALU 0',
      FPALU1: 'FP/ASIMD ALU 1',
      FPMAC0: 'FP multiply-accumulate 0',
      FPMAC1: 'FP multiply-accumulate 1',
      FPDIV: 'FP divide/sqrt (not pipelined)',
    },
    resources: {
      ports: {
        'CortexA55UnitALU.0': 'ALU0',
        'CortexA55UnitALU.1': 'ALU1',
        CortexA55UnitMAC: 'MAC',
        CortexA55UnitDiv: 'DIV',
        CortexA55UnitB: 'B',
        CortexA55UnitLd: 'LD',
        CortexA55UnitSt: 'ST',
        'CortexA55UnitFPALU.0': 'FPALU0',
        'CortexA55UnitFPALU.1': 'FPALU1',
        'CortexA55UnitFPMAC.0': 'FPMAC0',
        'CortexA55UnitFPMAC.1': 'FPMAC1',
        CortexA55UnitFPDIV: 'FPDIV',
      },
      clusters: [['ALU0', 'ALU1'], ['MAC'], ['DIV'], ['B'], ['LD'], ['ST'], ['FPALU0', 'FPALU1'], ['FPMAC0', 'FPMAC1'], ['FPDIV']],
      // 128-bit NEON writes (CortexA55WriteVq: SchedWriteRes<[FPALU, FPALU]>) hold both FP ALUs for one
      // cycle (1.00 on each in -instruction-tables, one µop): two µops, one per ALU, issued together
      simultaneous: true,
    },
    features: ['dotprod'],
    notes: [
      "In-order (MicroOpBufferSize 0). Dependent integer adds forward in 1 cycle in llvm-mca's simulation although the table says 3 (llvm-mca-14-chain); the profile keeps the table latency.",
    ],
  },
  {
    name: 'arm-cortex-a53',
    mcpu: 'cortex-a53',
    arch: 'aarch64',
    description:
      'Arm Cortex-A53 (in-order, dual-issue, NEON 128-bit): LLVM 14 scheduling model (llvm-mca -mcpu=cortex-a53), known to be coarse (flat 6-cycle FP/NEON); the newer upstream model (llvm-upstream-a53) is recorded in notes.',
    vendor: 'Arm',
    model: 'Cortex-A53',
    microarchitecture: 'Cortex-A53',
    clock: { value: 1.2, source: 'assumption: Raspberry Pi 3 class Cortex-A53 clock; no archived source' },
    ports: {
      ALU0: 'integer ALU 0',
      ALU1: 'integer ALU 1',
      MAC: 'integer multiply',
      DIV: 'integer divide',
      B: 'branch',
      LDST: 'load/store',
      FPALU: 'FP/ASIMD ALU',
      FPMDS: 'FP multiply/divide/sqrt',
    },
    resources: {
      ports: {
        'A53UnitALU.0': 'ALU0',
        'A53UnitALU.1': 'ALU1',
        A53UnitMAC: 'MAC',
        A53UnitDiv: 'DIV',
        A53UnitB: 'B',
        A53UnitLdSt: 'LDST',
        A53UnitFPALU: 'FPALU',
        A53UnitFPMDS: 'FPMDS',
      },
      clusters: [['ALU0', 'ALU1'], ['MAC'], ['DIV'], ['B'], ['LDST'], ['FPALU'], ['FPMDS']],
    },
    features: [],
    notes: [
      'llvm-upstream-a53 (newer than LLVM 14, partly measured on silicon) gives scalar FP 4c, ASIMD integer add 2c, and Q-form ops holding the 64-bit ASIMD pipe 2 cycles; LLVM 14 says 6c, rthr 1. This profile keeps LLVM 14 (so llvm-mca validation matches) — treat FP/NEON latencies as pessimistic; arm-cortex-a53-upstream.json extends it with the upstream numbers.',
    ],
  },
];
