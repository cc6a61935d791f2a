import { describe, expect, it } from 'vitest';
import { allow, doc, gaad, user } from '../../helpers/aws-estate.js';
import { analyseEstate, userArn } from './estate.js';

// A conditional tier-zero mark must say what it hangs on (issue 9: "a conditional crown jewel
// must carry its condition text").
describe('tier zero: the conditions of a conditional mark are kept as text', () => {
  const node = (statement: object) => {
    const g = analyseEstate({ 'gaad.json': gaad({ users: [user('111111111111', 'ops', { inline: { p: doc(statement) } })] }) });
    return g.nodes.find((n) => n.id === userArn('ops'))!;
  };

  it('an admin grant behind a source-IP condition is conditional tier zero, citing the condition', () => {
    const n = node({ ...allow(['*']), Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } });
    expect(n.tierZero?.conditional).toBe(true);
    expect(n.tierZero?.conditions).toMatch(/aws:SourceIp/);
  });

  it('an unconditional admin grant has no condition text', () => {
    const n = node(allow(['*']));
    expect(n.tierZero?.conditional).toBe(false);
    expect(n.tierZero?.conditions).toBeUndefined();
  });
});
