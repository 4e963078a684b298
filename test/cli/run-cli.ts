// Runs the CLI in-process with a capturing Io: exit code, stdout, stderr.
import { main } from '../../src/cli/main.ts';
import type { Io } from '../../src/cli/io.ts';

export async function runCli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t), isTTY: false };
  const code = await main(argv, io);
  return { code, out, err };
}

export async function runJson<T = any>(...argv: string[]): Promise<T> {
  const r = await runCli(...argv);
  if (r.code !== 0) throw new Error(`addersim ${argv.join(' ')} exited ${r.code}: ${r.err}`);
  return JSON.parse(r.out) as T;
}
