export * from './chokepoints.js';
export * from './fix-text.js';
export * from './fix-units.js';
export * from './types.js';
export * from './without.js';
export * from './search.js';
