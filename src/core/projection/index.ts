export { umapLayout, defaultEpochs, UMAP_DEFAULTS, type UmapLayout, type UmapOptions } from './umap';
export { exactKnn, type Knn } from './knnGraph';
export { fuzzySimplicialSet, type FuzzyGraph } from './fuzzyGraph';
export { alignLayouts, matchIds, type AlignOptions, type LayoutAlignment } from './align';
export { selectPoints, DEFAULT_MAX_POINTS, type PointSelection, type SelectOptions } from './select';
export { pointNeighbours, type PointNeighbour } from './neighbours';
export { ProjectionStore, type StoredProjection } from './store';
export { projectCorpus, type ProjectOptions, type Projection } from './project';
export { knnRecall, trustworthiness, layoutKnn } from './quality';
