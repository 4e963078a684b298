// Small DOM helpers of the explorer page: lookup, element building, number format, selects, downloads.

export const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Record<string, string>> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) if (v !== undefined) e.setAttribute(k, v);
  e.append(...children);
  return e;
}
export const fmt = (n: number): string => n.toLocaleString('en-US');
export function fillSelect(sel: HTMLSelectElement, values: readonly string[], current: string): void {
  sel.replaceChildren(...values.map((v) => el('option', { value: v }, v)));
  sel.value = current;
}

export function downloadUrl(name: string, url: string): void {
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
}
export function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  downloadUrl(name, url);
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
