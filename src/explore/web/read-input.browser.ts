// The browser build's stand-in for src/isa/read-input.ts (swapped in by src/explore/build.ts): the page
// hands the engine bytes and JSON, never paths, so reaching a file reader is a bug, said as such.

function noFiles(file: string): never {
  throw new Error(`internal: the browser explorer tried to read the file ${file} (the page passes bytes, not paths)`);
}

export function readInputBytes(file: string, _what: string, _limitName?: 'inputBytes' | 'onnxBytes' | 'outputBytes'): never {
  return noFiles(file);
}

export function readInputText(file: string, _what: string): never {
  return noFiles(file);
}
