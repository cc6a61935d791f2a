import type { EntryDocs, TechniqueSpec } from '../types.js';

export type Tags = TechniqueSpec['tags'];

/** The technique maker of one provider's catalogue file: every entry there names that provider. */
export const techniquesOf =
  (provider: TechniqueSpec['provider']) =>
  (id: string, edgeKind: string, title: string, docs: EntryDocs, tags: Tags): TechniqueSpec => ({ id, provider, edgeKind, title, docs, tags });
