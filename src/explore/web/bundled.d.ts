// Virtual modules the explorer build (src/explore/build.ts) provides to the browser bundles.
declare module 'addersim-explorer:data' {
  /** Raw JSON of every shipped CPU profile (cpu-profiles/NAME.json) by name. */
  export const PROFILES: Readonly<Record<string, unknown>>;
  /** Raw JSON of every shipped energy table (cpu-profiles/energy/NAME.json) by name. */
  export const ENERGY_TABLES: Readonly<Record<string, unknown>>;
}
declare module 'addersim-explorer:worker-source' {
  /** The engine worker's bundled script (started from a blob: URL, so the page works from file://). */
  const source: string;
  export default source;
}
