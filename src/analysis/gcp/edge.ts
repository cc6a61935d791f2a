import { makeEdge } from '../../model/graph.js';

/** One attack edge with its evidence; `conditions` makes it conditional. */
export const edge = makeEdge;
