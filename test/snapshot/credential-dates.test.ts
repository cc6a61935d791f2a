import { describe, expect, it } from 'vitest';
import type { GraphNode, PropertyValue } from '../../src/model/graph.js';
import { credentialDates, isActive } from '../../src/snapshot/facts.js';

const gcpKey = (props: Record<string, PropertyValue>): GraphNode => ({ id: 'gcp:sa-key:abc', kind: 'Credential', type: 'gcp:sa-key', provider: 'gcp', name: 'abc', tags: {}, props });

describe('credential dates of GCP service-account keys', () => {
  it('reads validAfterTime as creation and validBeforeTime as expiry', () => {
    const d = credentialDates(gcpKey({ validAfterTime: '2024-01-01T00:00:00Z', validBeforeTime: '2025-01-01T00:00:00Z' }));
    expect(d.created).toBe(Date.parse('2024-01-01T00:00:00Z'));
    expect(d.expires).toBe(Date.parse('2025-01-01T00:00:00Z'));
    expect(isActive(gcpKey({ validBeforeTime: '2025-01-01T00:00:00Z' }), Date.parse('2025-06-01T00:00:00Z'))).toBe(false);
  });

  it('takes the 9999-12-31 validBeforeTime of a key that never expires as no expiry', () => {
    const d = credentialDates(gcpKey({ validAfterTime: '2024-01-01T00:00:00Z', validBeforeTime: '9999-12-31T23:59:59Z' }));
    expect(d.expires).toBeUndefined();
    expect(isActive(gcpKey({ validBeforeTime: '9999-12-31T23:59:59Z' }), Date.parse('2030-01-01T00:00:00Z'))).toBe(true);
  });
});
