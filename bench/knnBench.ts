import type { Bench } from './figures';
import { benchKnn } from './knn';

export const knnBench: Bench = { name: 'knn', run: benchKnn };
