// Measures the functions of a TypeScript file by its layout (there is no TypeScript parser among the
// dependencies: TypeScript 7 ships a native compiler without a JS API). The source is formatted (one
// formatter pass): a function whose body spans lines opens on a line that starts a function and ends
// with its opening bracket `{` and closes at the matching `}` (or, for a start line ending in `(` with
// the parameters on the lines after, on the first later line with its indentation that starts with `}`). A start line is a `function` declaration, a method or constructor (a name, its parameters,
// optionally a return type, `{`; or a name and `(` with the parameters on the lines after), or any line
// ending in an arrow body (`=> {`, `=> ({`). Comments, strings and templates are blanked first, so a
// bracket or keyword inside them does not count. A start without its closing line is reported (the
// measurement never silently skips a function).

export interface FunctionSpan {
  readonly name: string;
  readonly line: number;
  readonly lines: number;
}

/** The source with comments, string and template contents blanked (line structure kept). */
export function blank(src: string): string {
  let out = '';
  let i = 0;
  const n = src.length;
  const keep = (c: string) => (c === '\n' ? '\n' : ' ');
  const templateDepth: number[] = []; // brace depth at each open `${`
  let depth = 0;
  while (i < n) {
    const c = src[i]!;
    const d = src[i + 1];
    if (c === '/' && d === '/') {
      while (i < n && src[i] !== '\n') (out += ' '), i++;
    } else if (c === '/' && d === '*') {
      out += '  ';
      i += 2;
      while (i < n && !(src[i] === '*' && src[i + 1] === '/')) (out += keep(src[i]!)), i++;
      out += '  ';
      i += 2;
    } else if (c === "'" || c === '"') {
      out += c;
      i++;
      while (i < n && src[i] !== c && src[i] !== '\n') {
        if (src[i] === '\\') (out += ' '), i++;
        out += ' ';
        i++;
      }
      out += c;
      i++;
    } else if (c === '`' || (c === '}' && templateDepth.length > 0 && templateDepth.at(-1) === depth)) {
      // a template, or its rest after a `${ … }`
      if (c === '}') templateDepth.pop();
      out += c;
      i++;
      while (i < n && src[i] !== '`') {
        if (src[i] === '\\') (out += ' '), i++;
        else if (src[i] === '$' && src[i + 1] === '{') {
          templateDepth.push(depth);
          break;
        }
        out += keep(src[i]!);
        i++;
      }
      if (i < n && src[i] === '`') (out += '`'), i++;
      else if (i < n) (out += '${'), (i += 2);
    } else if (c === '/' && isRegexStart(out)) {
      out += '/';
      i++;
      let cls = false;
      while (i < n && src[i] !== '\n' && (cls || src[i] !== '/')) {
        if (src[i] === '\\') (out += ' '), i++;
        else if (src[i] === '[') cls = true;
        else if (src[i] === ']') cls = false;
        out += ' ';
        i++;
      }
      out += '/';
      i++;
    } else {
      if (c === '{') depth++;
      else if (c === '}') depth--;
      out += c;
      i++;
    }
  }
  return out;
}

/** A `/` starts a regular expression after an operator or an opening bracket, not after a value. */
function isRegexStart(before: string): boolean {
  const m = /(\S+)\s*$/.exec(before);
  if (!m) return true;
  const t = m[1]!;
  if (/[\w$\])]!$/.test(t)) return false; // a non-null assertion (`x! / 2`), not a negation
  return /[(,=:[!&|?{};+\-*%<>~^]$/.test(t) || /\b(return|typeof|case|of|in)$/.test(t);
}

const CONTROL = new Set(['if', 'for', 'while', 'switch', 'catch', 'with', 'return', 'else', 'do', 'try', 'finally']);

/** The name of the function a (blanked) line starts, or null. */
export function functionStart(line: string): string | null {
  const s = line.trim();
  if (!s.endsWith('{') && !s.endsWith('(') && !s.endsWith('({')) return null;
  let m = /^(?:export\s+)?(?:default\s+)?(?:async\s+)?function\s*\*?\s*([\w$]*)/.exec(s);
  if (m) return m[1] || 'function';
  if (/=>\s*\(?\{$/.test(s)) {
    m = /^(?:export\s+)?(?:const|let|var)?\s*([\w$.]+)\s*[:=]/.exec(s);
    return m ? m[1]! : 'arrow';
  }
  m = /^(?:(?:public|private|protected|static|readonly|async|override|get|set)\s+)*([\w$]+)\s*(?:<[^(]*>)?\s*\((.*)$/.exec(s);
  if (m && !CONTROL.has(m[1]!) && (s.endsWith('(') || /\)\s*(?::.*)?\{$/.test(s))) return m[1]!;
  return null;
}

/** Every function of `src` whose body spans lines, with its length in lines (first to last). */
export function functionSpans(src: string): { spans: FunctionSpan[]; unclosed: string[] } {
  const text = blank(src);
  const lines = text.split('\n');
  const starts: number[] = [];
  for (let k = 0, at = 0; k < lines.length; k++) {
    starts.push(at);
    at += lines[k]!.length + 1;
  }
  const lineAt = (offset: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const spans: FunctionSpan[] = [];
  const unclosed: string[] = [];
  lines.forEach((line, k) => {
    const name = functionStart(line);
    if (name === null) return;
    const trimmed = line.trimEnd();
    // the body's `{` closes at its matching `}`; a start line ending in `(` (parameters on the lines
    // after) closes on the first later line with its indentation that starts with `}`
    let end = -1;
    if (trimmed.endsWith('{')) {
      let depth = 0;
      for (let i = starts[k]! + trimmed.length - 1; i < text.length; i++) {
        const c = text[i];
        if (c === '{') depth++;
        else if (c === '}' && --depth === 0) {
          end = lineAt(i);
          break;
        }
      }
    } else {
      const indent = line.length - line.trimStart().length;
      for (let j = k + 1; j < lines.length && end < 0; j++) {
        const l = lines[j]!;
        if (l.trim() === '') continue;
        const ind = l.length - l.trimStart().length;
        if (ind < indent) break;
        if (ind === indent && l.trimStart().startsWith('}')) end = j;
      }
      if (end < 0) return; // `name(` … `)` without a body: a call, not a function
    }
    if (end < 0) unclosed.push(`${k + 1}: ${line.trim()}`);
    else spans.push({ name, line: k + 1, lines: end - k + 1 });
  });
  return { spans, unclosed };
}
