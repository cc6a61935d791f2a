export * from './types.js';
export * from './edge-kinds.js';
export * from './techniques/index.js';
