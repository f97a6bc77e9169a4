/**
 * Element Plus derives its whole palette from CSS variables. A school's theme colour becomes
 * `--el-color-primary` plus the tints and shade Element Plus uses for hover, focus and
 * backgrounds, mixed the way its SCSS does: towards white in light mode, towards the dark page
 * background in dark mode.
 *
 * @example
 * primaryVars('#1A7F5A', false)['--el-color-primary-light-9'] // '#e8f2ef'
 */

const hexColor = /^#([0-9a-f]{6})$/i;
const darkBackground = '#141414';

export function isHexColor(value: unknown): value is string {
  return typeof value === 'string' && hexColor.test(value);
}

function channels(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function toHex(rgb: number[]): string {
  return `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

/** `weight` of `color` mixed with `1 - weight` of `base`, like Sass's `mix(color, base, weight)`. */
export function mix(color: string, base: string, weight: number): string {
  const a = channels(color);
  const b = channels(base);
  return toHex(a.map((c, i) => c * weight + b[i]! * (1 - weight)));
}

export function primaryVars(color: string, dark: boolean): Record<string, string> {
  const base = dark ? darkBackground : '#ffffff';
  const vars: Record<string, string> = {
    '--el-color-primary': color.toLowerCase(),
    '--el-color-primary-dark-2': dark ? mix(color, '#ffffff', 0.8) : mix(color, '#000000', 0.8),
  };
  for (const step of [3, 5, 7, 8, 9]) {
    vars[`--el-color-primary-light-${step}`] = mix(color, base, 1 - step / 10);
  }
  return vars;
}

/** Black or white, whichever reads better on the colour (WCAG relative luminance). */
export function readableOn(color: string): '#000000' | '#ffffff' {
  const [r, g, b] = channels(color).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return luminance > 0.179 ? '#000000' : '#ffffff';
}
