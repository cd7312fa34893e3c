export { scoreBlocks, search } from './search';
export { nearestNeighbours, marginRescore, type Neighbours, type NeighbourOptions } from './bitext';
export { ortAvailable } from './tileScorer';
export { nativeAvailable, nativeIsa } from './nativeScorer';
export type { DocLabels, ResolvedBackend, RetrievalBackend, SearchOptions, SearchResult, TopK } from './types';
export { referenceSearch, type ReferenceResult } from './reference';
