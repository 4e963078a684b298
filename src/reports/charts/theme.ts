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
  OKABE_ITO.blue,
  OKABE_ITO.orange,
  OKABE_ITO.black,
  OKABE_ITO.yellow,
  OKABE_ITO.vermillion,
  OKABE_ITO.skyBlue,
  OKABE_ITO.bluishGreen,
  OKABE_ITO.reddishPurple,
];

/** Printed figure widths: one column of a two-column paper (3.5 in) and the full page (7 in), in points. */
export const FIGURE_WIDTHS = {
  column: { widthPt: 252, heightPt: 180 },
  page: { widthPt: 504, heightPt: 240 },
} as const;
export const FIGURE_WIDTH_NAMES = ['column', 'page'] as const;
export type FigureWidth = (typeof FIGURE_WIDTH_NAMES)[number];

/** Font themes: serif matches a LaTeX paper body (Latin Modern is TeX's Computer Modern), sans a slide. */
export const FONT_THEMES = {
  serif: 'Latin Modern Roman, TeX Gyre Termes, DejaVu Serif, serif',
  sans: 'DejaVu Sans, Helvetica, Arial, sans-serif',
} as const;
export const FONT_THEME_NAMES = ['serif', 'sans'] as const;
export type FontTheme = (typeof FONT_THEME_NAMES)[number];

export const THEME = {
  /** Default size (sweeps, crossovers): the page width; study charts pick column or page per --figure-width. */
  widthPt: FIGURE_WIDTHS.page.widthPt,
  heightPt: FIGURE_WIDTHS.page.heightPt,
  /** Raster scale: PNG pixels per point (2 → 1008 × 480 px at the page size). */
  pxPerPt: 2,
  fontFamily: FONT_THEMES.serif,
  /** Printed sizes at 1:1 (the figure included at its natural width): 8 pt text, 9 pt title, 7 pt value labels. */
  fontSizePt: 8,
  titleSizePt: 9,
  labelSizePt: 7,
  /** Most series one legend shows; a chart with more is refused (callers facet it). */
  maxSeries: 16,
  outline: '#222222',
  grid: '#d0d0d0',
  background: '#ffffff',
} as const;

/** Fill patterns drawn over the colour by `overlay.ts` (white vector strokes or dots), for series whose
 *  grey levels come close (seriesStyles). */
export const SERIES_PATTERNS = ['solid', 'diagonal', 'dots', 'cross', 'horizontal'] as const;
export type SeriesPattern = (typeof SERIES_PATTERNS)[number];

export function seriesColour(i: number): string {
  return SERIES_COLOURS[i % SERIES_COLOURS.length]!;
}

/** The one colour of each network variant, in every chart kind (bars, lines, ratios, the explorer):
 *  the first three of the series order, so a variant chart looks as before. */
export const VARIANT_COLOURS: Readonly<Record<string, string>> = { cnn: OKABE_ITO.blue, adder: OKABE_ITO.orange, bnn: OKABE_ITO.black };

/** Series that are not variants (schedulers, energy kinds, low/high): the palette without the variants'
 *  colours, so no such series reads as a variant. Grey levels 112, 164, 121, 219, 142: the two that come
 *  close to an earlier one (121 to 112, 142 to 164) carry stroked hatching. */
const OTHER_COLOURS: readonly string[] = [OKABE_ITO.vermillion, OKABE_ITO.skyBlue, OKABE_ITO.bluishGreen, OKABE_ITO.yellow, OKABE_ITO.reddishPurple];
/** A chart of more than five series none of which is a variant (energy by action kind) also takes the
 *  variants' colours (no variant to confuse them with): blue 94 (near 112) and orange 163 (near 164) hatched. */
const WIDE_COLOURS: readonly string[] = [...OTHER_COLOURS, OKABE_ITO.blue, OKABE_ITO.orange, OKABE_ITO.black];
const WIDE_PATTERNS: readonly SeriesPattern[] = ['solid', 'solid', 'diagonal', 'solid', 'cross', 'horizontal', 'dots', 'solid'];
/** Past the colours: the colours again, each pass with other patterns. */
const LATER_PATTERNS: readonly SeriesPattern[] = ['dots', 'horizontal', 'diagonal', 'cross'];

/** The variant a series label names: `adder`, or `adder / cnn` (a ratio to the CNN); else undefined. */
export function variantOfLabel(label: string): string | undefined {
  const head = label.split(' / ')[0]!;
  return Object.hasOwn(VARIANT_COLOURS, head) ? head : undefined;
}

/**
 * Colour and fill pattern of each series of one chart, the palette's one place: a series naming a variant
 * takes its variant's colour (when no other series of the chart takes it too), every other series the next
 * non-variant colour and its pattern.
 */
export function seriesStyles(labels: readonly string[]): { colour: string; pattern: SeriesPattern }[] {
  const variants = labels.map(variantOfLabel);
  const unique = (v: string | undefined) => v !== undefined && variants.filter((x) => x === v).length === 1;
  const colours = labels.length > OTHER_COLOURS.length && variants.every((v) => v === undefined) ? WIDE_COLOURS : OTHER_COLOURS;
  let other = 0;
  return labels.map((_, i) => {
    const v = variants[i];
    if (unique(v)) return { colour: VARIANT_COLOURS[v!]!, pattern: 'solid' };
    const k = other++;
    const n = colours.length;
    const pass = Math.floor(k / n);
    return { colour: colours[k % n]!, pattern: pass === 0 ? WIDE_PATTERNS[k]! : LATER_PATTERNS[(pass - 1 + k) % LATER_PATTERNS.length]! };
  });
}
