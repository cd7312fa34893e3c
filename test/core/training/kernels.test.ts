import * as assert from 'node:assert/strict';
import { kernels, transpose } from '../../../src/core/training/kernels';
import { wasmGemmAvailable } from '../../../src/core/training/wasmGemm';
import { rng } from '../../../src/core/metrics/stats';

describe('training kernels', () => {
  const js64 = kernels('float64');
  const wasm = kernels('float32');

  it('the float32 backend uses the WebAssembly SIMD kernel', () => {
    assert.ok(wasmGemmAvailable());
    assert.equal(wasm.gemmName, 'wasm-simd-f32');
  });

  const shapes: Array<[number, number, number]> = [[1, 1, 1], [3, 5, 7], [4, 8, 16], [13, 9, 33], [64, 384, 40], [37, 17, 1]];
  for (const [m, n, k] of shapes) {
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        it(`float32 WebAssembly product = float64 product: ${m}×${k} · ${k}×${n}${transA ? ', Aᵀ' : ''}${transB ? ', Bᵀ' : ''}`, () => {
          const next = rng(m * 1000 + n * 10 + k);
          const A = Float64Array.from({ length: m * k }, () => next() - 0.5);
          const B = Float64Array.from({ length: k * n }, () => next() - 0.5);
          const Ast = transA ? transpose(A, m, k) : A;
          const Bst = transB ? transpose(B, k, n) : B;
          const want = js64.gemm(m, n, k, A, B);
          const got = wasm.gemm(m, n, k, Float32Array.from(Ast), Float32Array.from(Bst), { transA, transB });
          assert.ok(got instanceof Float32Array);
          for (let i = 0; i < want.length; i++) assert.ok(Math.abs(got[i] - want[i]) < 1e-5 * Math.sqrt(k), `${i}: ${got[i]} vs ${want[i]}`);
          const js = kernels('float64').gemm(m, n, k, Ast, Bst, { transA, transB });
          for (let i = 0; i < want.length; i++) assert.ok(Math.abs(js[i] - want[i]) < 1e-12);
        });
      }
    }
  }

  it('writes into a given array and handles k = 0', () => {
    const out = new Float32Array(6).fill(7);
    wasm.gemm(2, 3, 0, new Float32Array(0), new Float32Array(0), { out });
    assert.deepEqual([...out], [0, 0, 0, 0, 0, 0]);
  });
});
