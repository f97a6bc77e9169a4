import { describe, expect, it } from 'vitest';
import { isHexColor, mix, primaryVars, readableOn } from './theme-colors.ts';

describe('theme colours', () => {
  it('mixes like Sass mix()', () => {
    expect(mix('#000000', '#ffffff', 0.5)).toBe('#808080');
    expect(mix('#1a7f5a', '#ffffff', 1)).toBe('#1a7f5a');
    expect(mix('#1a7f5a', '#ffffff', 0)).toBe('#ffffff');
  });

  it('derives the Element Plus primary palette from a school colour', () => {
    const light = primaryVars('#1A7F5A', false);
    expect(light['--el-color-primary']).toBe('#1a7f5a');
    expect(light['--el-color-primary-light-9']).toBe(mix('#1a7f5a', '#ffffff', 0.1));
    expect(light['--el-color-primary-dark-2']).toBe(mix('#1a7f5a', '#000000', 0.8));
    const dark = primaryVars('#1A7F5A', true);
    expect(dark['--el-color-primary-light-9']).toBe(mix('#1a7f5a', '#141414', 0.1));
  });

  it('accepts only #rrggbb colours', () => {
    expect(isHexColor('#B8322A')).toBe(true);
    expect(isHexColor('red')).toBe(false);
    expect(isHexColor('#fff')).toBe(false);
    expect(isHexColor('#1A7F5A;background:url(x)')).toBe(false);
  });

  it('picks readable text on the colour', () => {
    expect(readableOn('#1A7F5A')).toBe('#ffffff');
    expect(readableOn('#F5D90A')).toBe('#000000');
  });
});
