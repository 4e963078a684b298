// Loop-nest printer. Output looks like:
//   for oc in 0..16:
//     for k in 0..27:
//       x0 = load.f32                  ; x[c,h,w]
//       acc = fma.f32 x0, w0, acc

import { formName } from './forms.ts';
import type { Kernel, Stmt } from './kernel.ts';
import { ARG, checkArgs } from './api-args.ts';

export function printBody(body: readonly Stmt[], indent = 0): string {
  const pad = '  '.repeat(indent);
  const lines: string[] = [];
  for (const s of body) {
    if (s.kind === 'loop') {
      lines.push(`${pad}for ${s.name} in 0..${s.trip}:`);
      lines.push(printBody(s.body, indent + 1));
    } else {
      const lhs = s.dst === undefined ? '' : `${s.dst} = `;
      const args = s.src.length ? ` ${s.src.join(', ')}` : '';
      const text = `${pad}${lhs}${formName(s)}${args}`;
      lines.push(s.note ? `${text.padEnd(Math.max(40, text.length + 1))}; ${s.note}` : text);
    }
  }
  return lines.filter((l) => l !== '').join('\n');
}

export function printKernel(k: Kernel): string {
  checkArgs('printKernel', [['kernel', ARG.kernel, k]]);
  const head = k.layer ? `kernel ${k.name}  (layer ${k.layer}${k.layerKind ? `, ${k.layerKind}` : ''})` : `kernel ${k.name}`;
  return `${head}\n${printBody(k.body, 1)}`;
}
