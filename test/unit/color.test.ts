import { describe, expect, it } from 'vitest';
import { colorLevel } from '../../src/io/color.js';

describe('colorLevel', () => {
  it.each([
    ['a TTY', { isTTY: true, env: {}, colorFlag: true }, 1],
    ['not a TTY', { isTTY: false, env: {}, colorFlag: true }, 0],
    ['--no-color on a TTY', { isTTY: true, env: {}, colorFlag: false }, 0],
    ['NO_COLOR=1 on a TTY', { isTTY: true, env: { NO_COLOR: '1' }, colorFlag: true }, 0],
    ['NO_COLOR empty on a TTY (unset per no-color.org)', { isTTY: true, env: { NO_COLOR: '' }, colorFlag: true }, 1],
    ['TERM=dumb on a TTY', { isTTY: true, env: { TERM: 'dumb' }, colorFlag: true }, 0],
    ['FORCE_COLOR=1 off a TTY', { isTTY: false, env: { FORCE_COLOR: '1' }, colorFlag: true }, 1],
    ['FORCE_COLOR=3 off a TTY', { isTTY: false, env: { FORCE_COLOR: '3' }, colorFlag: true }, 3],
    ['FORCE_COLOR=true off a TTY', { isTTY: false, env: { FORCE_COLOR: 'true' }, colorFlag: true }, 1],
    ['FORCE_COLOR=0 on a TTY', { isTTY: true, env: { FORCE_COLOR: '0' }, colorFlag: true }, 0],
    ['FORCE_COLOR with NO_COLOR', { isTTY: true, env: { FORCE_COLOR: '1', NO_COLOR: '1' }, colorFlag: true }, 0],
    ['FORCE_COLOR with --no-color', { isTTY: false, env: { FORCE_COLOR: '1' }, colorFlag: false }, 0],
    ['FORCE_COLOR with TERM=dumb', { isTTY: false, env: { FORCE_COLOR: '1', TERM: 'dumb' }, colorFlag: true }, 1],
  ] as const)('%s', (_name, inputs, level) => {
    expect(colorLevel({ ...inputs, env: { ...inputs.env } })).toBe(level);
  });
});
