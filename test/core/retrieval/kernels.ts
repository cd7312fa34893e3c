import { nativeAvailable, type ResolvedBackend } from '../../../src/core/retrieval';

/**
 * The scoring kernels every search test runs on: TypeScript, ONNX Runtime, and the native kernel
 * where it is built (always on Linux x64, where nativeScorer.test.ts fails without it).
 */
export const KERNELS: ResolvedBackend[] = ['ts', 'ort', ...(nativeAvailable() ? (['native'] as const) : [])];
