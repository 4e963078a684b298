// Every Object.prototype name (constructor, __proto__, toString, valueOf, hasOwnProperty…) fed through every
// entry point keyed by user text: ONNX op types, initializer/tensor/node names, graph layer kinds, eltwise
// functions and input names, profile forms/ports/machine keys and µop ports, kernel ops/types/registers,
// and the CLI's names (--ops keys, --cpu, models, --set paths, --formats, --table, --variant). Each ends in
// a result or a typed error (exit 0/1/2), never an exception of JavaScript, and Object.prototype is untouched.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AddersimError, parseKernelFile } from '../../src/isa/index.ts';
import { loadModel, opTable } from '../../src/models/index.ts';
import { importOnnx } from '../../src/models/onnx/index.ts';
import { validateProfile } from '../../src/sim/profile/loader.ts';
import { scheduleKernel } from '../../src/sim/schedulers/schedule.ts';
import { loadProfile } from '../../src/sim/profile/loader.ts';
import { runCli } from '../cli/run-cli.ts';
import { buildModel } from '../models/onnx/build-model.ts';

const NAMES = Object.getOwnPropertyNames(Object.prototype);
const ROOT = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'addersim-proto-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const nano = JSON.parse(readFileSync(join(ROOT, 'cpu-profiles/via-nano-2000.json'), 'utf8')) as Record<string, any>;
const profile = loadProfile('via-nano-2000');

/** Runs f: a value or an AddersimError are fine; any other throw fails the test. */
async function typed(what: string, f: () => unknown): Promise<'ok' | string> {
  try {
    await f();
    return 'ok';
  } catch (e) {
    if (!(e instanceof AddersimError)) throw new Error(`${what}: ${(e as Error)?.stack ?? String(e)}`);
    return e.code;
  }
}

function unpolluted(): void {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual([...NAMES].sort());
  const probe: Record<string, unknown> = {};
  for (const k of ['counted', 'folded', 'excluded', 'latency', 'value', 'uops']) expect(probe[k], k).toBeUndefined();
}

const json = (x: unknown): unknown => JSON.parse(JSON.stringify(x)); // "__proto__" as a real key, like a file
const withKey = (key: string, value: unknown): Record<string, unknown> => JSON.parse(`{${JSON.stringify(key)}:${JSON.stringify(value)}}`);

describe.each(NAMES)('the name "%s"', (name) => {
  it('ONNX: op type, node, tensor and initializer names', async () => {
    const ops = buildModel({ nodes: [{ op: name, in: ['x'], out: ['y'] }] });
    expect(await typed('op type', () => importOnnx(ops, 'op.onnx'))).toBe('UNKNOWN_OP');
    expect(await typed('op type, allow unknown', () => importOnnx(ops, 'op.onnx', { allowUnknown: true }))).toMatch(/ok|SHAPE_MISMATCH/);
    const names = buildModel({
      input: { name, dims: [1, 3, 8, 8] },
      inits: { [name === '__proto__' ? 'w' : name]: { dims: [2, 3, 3, 3] } },
      nodes: [
        { op: 'Relu', in: [name], out: [`${name}_out`], name },
        { op: 'Relu', in: [`${name}_out`], out: ['y'] },
      ],
    });
    expect(await typed('tensor names', () => importOnnx(names, 'names.onnx'))).toMatch(/ok|BAD_INPUT/);
    unpolluted();
  });

  it('graph JSON: layer kind, eltwise fn, layer and input names', async () => {
    const graphs = [
      { schema: 'addersim/graph@1', name: 'g', input: { shape: [1, 4, 4] }, layers: [{ name: 'e', kind: name }] },
      { schema: 'addersim/graph@1', name: 'g', input: { shape: [1, 4, 4] }, layers: [{ name: 'e', kind: 'eltwise', fn: name }] },
      {
        schema: 'addersim/graph@1',
        name,
        input: { shape: [1, 4, 4] },
        layers: [
          { name, kind: 'relu' },
          { name: 'b', kind: 'relu', inputs: [name] },
        ],
      },
    ];
    for (const [i, g] of graphs.entries()) {
      const file = join(dir, `g${i}-${name}.json`);
      writeFileSync(file, JSON.stringify(g));
      expect(await typed(`graph ${i}`, async () => opTable((await loadModel(file)).graph, 'exact'))).not.toBe('');
    }
    unpolluted();
  });

  it('profiles: form, port and machine keys, µop ports', async () => {
    const variants: unknown[] = [
      { ...nano, forms: { ...nano.forms, ...withKey(name, nano.forms['add.f64']) } },
      { ...nano, ports: { ...nano.ports, ...withKey(name, 'a port') } },
      { ...nano, machine: { ...nano.machine, ...withKey(name, { value: 1, source: 'assumption: test' }) } },
      { ...nano, forms: { ...nano.forms, 'add.f64': { ...nano.forms['add.f64'], uops: [{ ports: [name], cycles: 1 }] } } },
    ];
    // A form key must parse as a form; a port key is a port like any other; a machine key is unknown; a µop port
    // must be declared (an inherited name is not).
    const want = [/^(BAD_INPUT|UNKNOWN_FORM)$/, /^(ok|BAD_INPUT)$/, /^BAD_INPUT$/, /^BAD_INPUT$/];
    for (const [i, p] of variants.entries())
      expect(await typed(`profile ${i}`, () => validateProfile(json(p), `p${i}.json`)), `variant ${i}`).toMatch(want[i]!);
    unpolluted();
  });

  it('kernels: op, type and register names', async () => {
    expect(await typed('op', () => parseKernelFile({ schema: 'addersim/kernel@1', name: 'k', body: [{ op: name, type: 'f64', dst: 'a' }] }))).toBe('BAD_INPUT');
    expect(await typed('type', () => parseKernelFile({ schema: 'addersim/kernel@1', name: 'k', body: [{ op: 'add', type: name, dst: 'a' }] }))).toMatch(
      /BAD_INPUT|UNKNOWN_FORM/,
    );
    if (/^[A-Za-z_][A-Za-z0-9_.]*$/.test(name)) {
      const k = parseKernelFile({
        schema: 'addersim/kernel@1',
        name: 'k',
        body: [{ loop: 'i', trip: 3, body: [{ op: 'add', type: 'f64', dst: name, src: [name, 'x'] }] }],
      });
      for (const s of ['serial', 'bound', 'cycle'] as const) expect(scheduleKernel(k, profile, s).cycles).toBeGreaterThan(0);
    }
    unpolluted();
  });

  it('CLI: --ops keys, --cpu, model, --set path, --formats, --table, --variant', async () => {
    const runs = [
      ['latency', '--ops', `${name}=5`, '--cpu', 'via-nano-2000', '--scheduler', 'serial'],
      ['latency', '--ops', `${name}.f64=5`, '--cpu', 'via-nano-2000', '--scheduler', 'serial'],
      ['latency', 'lenet5-bn', '--cpu', name],
      ['latency', name, '--cpu', 'via-nano-2000'],
      ['sweep', 'lenet5-bn', '--cpu', 'via-nano-2000', '--workers', '1', '--set', `forms.${name}.latency=1..2`],
      ['sweep', 'lenet5-bn', '--cpu', 'via-nano-2000', '--workers', '1', '--set', `machine.${name}=1..2`],
      ['report', '--formats', name, '--out', join(dir, 'r')],
      ['energy', 'lenet5-bn', '--table', name],
      ['ops', 'lenet5-bn', '--variant', name],
      ['profiles', 'show', name],
    ];
    for (const argv of runs) {
      const r = await runCli(...argv);
      expect([1, 2], `${argv.join(' ')}: ${r.err}`).toContain(r.code);
      expect(r.err, argv.join(' ')).not.toMatch(/internal error|native code|function /);
      expect(r.err.trimEnd().split('\n'), argv.join(' ')).toHaveLength(1);
    }
    unpolluted();
  });
});
