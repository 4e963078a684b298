// The paper theme of every chart: sizes in points, font sizes, and the Okabe–Ito colour-blind-safe
// palette ordered so that neighbouring series also differ in lightness (readable in grayscale);
// bars get dark outlines so adjacent fills stay separable when printed in black and white.

/** Okabe & Ito (2008) colours, with their grayscale luminance (Rec. 709, 0–255) in the comment. */
export const OKABE_ITO = {
  blue: '#0072B2', //  94
  orange: '#E69F00', // 163
  black: '#000000', //   0
  yellow: '#F0E442', // 219
  vermillion: '#D55E00', // 112
  skyBlue: '#56B4E9', // 164
  bluishGreen: '#009E73', // 121
  reddishPurple: '#CC79A7', // 142
} as const;

/** Series order: lightness alternates dark / light so any two neighbours differ by ≥ 45 grey levels. */
export const SERIES_COLOURS: readonly string[] = [
  OKABE_ITO.blue, OKABE_ITO.orange, OKABE_ITO.black, OKABE_ITO.yellow,
  OKABE_ITO.vermillion, OKABE_ITO.skyBlue, OKABE_ITO.bluishGreen, OKABE_ITO.reddishPurple,
];

export const THEME = {
  /** One column of a two-column paper is ~240 pt; full width ~500 pt. */
  widthPt: 500,
  heightPt: 280,
  /** Raster scale: PNG pixels per point (2 → 1000 × 560 px at the default size). */
  pxPerPt: 2,
  fontFamily: 'DejaVu Sans, Helvetica, Arial, sans-serif',
  fontSizePt: 9,
  titleSizePt: 10,
  outline: '#222222',
  grid: '#d0d0d0',
  background: '#ffffff',
} as const;

/**
 * Fill patterns drawn over the colour (white strokes): the lightness of series 5–8 is close in
 * grayscale (112–164), so those also carry a texture. Drawn by `patterns.ts` at render time.
 */
export const SERIES_PATTERNS = ['solid', 'solid', 'solid', 'solid', 'diagonal', 'dots', 'cross', 'horizontal'] as const;
export type SeriesPattern = (typeof SERIES_PATTERNS)[number];

export function seriesPattern(i: number): SeriesPattern {
  return SERIES_PATTERNS[i % SERIES_PATTERNS.length]!;
}

export function seriesColour(i: number): string {
  return SERIES_COLOURS[i % SERIES_COLOURS.length]!;
}
