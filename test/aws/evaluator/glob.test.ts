import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { globMatch } from '../../../src/glob.js';
import { matchAction, matchResource } from '../../../src/analysis/aws/policy/match.js';

const viaRegex = (pattern: string, text: string) =>
  new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 's').test(text);

describe('wildcard matching without regex backtracking', () => {
  it('agrees with the regex reading of * and ? on generated patterns and texts', () => {
    const chars = fc.constantFrom('a', 'b', ':', '/', '*', '?');
    fc.assert(
      fc.property(fc.string({ unit: chars, maxLength: 12 }), fc.string({ unit: fc.constantFrom('a', 'b', ':', '/'), maxLength: 16 }), (pattern, text) => {
        expect(globMatch(pattern, text)).toBe(viaRegex(pattern, text));
      }),
      { numRuns: 2000, seed: 7 },
    );
  });

  it('a pattern of 5,000 stars, or one too long for a regex, is decided (no hang, no crash)', () => {
    const stars = '*'.repeat(5000) + 'b';
    expect(globMatch(stars, 'a'.repeat(20_000))).toBe(false);
    expect(matchAction(`iam:${stars}`, 'iam:PassRole')).toBe(false);
    const huge = `iam:${'a'.repeat(2_000_000)}*`;
    expect(matchAction(huge, 'iam:PassRole')).toBe(false);
    expect(matchResource(`arn:aws:s3:::${'x'.repeat(2_000_000)}*`, 'arn:aws:s3:::bucket')).toBe(false);
  });
});
