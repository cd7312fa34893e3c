// Blocking follows Goto/BLIS with the roles chosen for XLens's output layout: documents are the
// vector dimension (a micro-panel of 32 documents, packed [t][32], streams from L2) and queries
// are broadcast (a micro-panel of 12 queries, packed [t][12], stays in L1), so a micro-tile is 12
// query rows × 32 consecutive documents of S. Padding rows and columns are zeros and never stored.
#include "gemm.h"

#include <immintrin.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <system_error>
#include <memory>
#include <thread>
#include <vector>

namespace xlens {
namespace {

constexpr size_t MR = 12;   // queries per micro-tile
constexpr size_t NR = 32;   // documents per micro-tile
constexpr size_t BLOCK = 64;  // documents per block maximum (tileScorer.ts BLOCK)
constexpr size_t DOC_BLOCK = 256;  // documents per L2 block (256 × 384 × 4 B = 384 KB)

struct AlignedFree {
  void operator()(float* p) const { std::free(p); }
};

// Packing space of the calling thread, kept between calls: a search scores hundreds of tiles of
// one shape, and fresh pages would be faulted in (and zeroed) on every call.
float* arena(size_t floats) {
  thread_local std::unique_ptr<float, AlignedFree> buffer;
  thread_local size_t capacity = 0;
  if (floats > capacity) {
    size_t bytes = ((floats * sizeof(float) + 63) / 64) * 64;
    buffer.reset(static_cast<float*>(std::aligned_alloc(64, bytes)));
    if (!buffer) throw std::bad_alloc();
    capacity = bytes / sizeof(float);
  }
  return buffer.get();
}

// Packs rows [r0, r0 + W) of a row-major (rows × d) matrix as [t][W], zero rows past `rows`.
template <size_t W>
void packPanel(const float* X, size_t rows, size_t d, size_t r0, float* out) {
  size_t valid = rows > r0 ? std::min(W, rows - r0) : 0;
  for (size_t r = 0; r < valid; r++) {
    const float* src = X + (r0 + r) * d;
    for (size_t t = 0; t < d; t++) out[t * W + r] = src[t];
  }
  if (valid < W)
    for (size_t t = 0; t < d; t++) std::memset(out + t * W + valid, 0, (W - valid) * sizeof(float));
}

// Stores a micro-tile row of 32 scores (only `cols` of them) and folds its maximum into blockMax.
inline void foldMax(float* blockMax, size_t nb, size_t row, size_t j, float m) {
  if (!blockMax) return;
  float& slot = blockMax[row * nb + j / BLOCK];
  if (j % BLOCK == 0) slot = m;
  else slot = std::max(slot, m);
}

__attribute__((target("avx512f,fma"))) void microAvx512(const float* pq, const float* pt, size_t d, float* S, size_t nt,
                                                        size_t rows, size_t cols, float* blockMax, size_t nb, size_t q0,
                                                        size_t j0) {
  __m512 c[MR][2];
  for (size_t i = 0; i < MR; i++) c[i][0] = c[i][1] = _mm512_setzero_ps();
  for (size_t t = 0; t < d; t++) {
    __m512 a0 = _mm512_load_ps(pt + t * NR);
    __m512 a1 = _mm512_load_ps(pt + t * NR + 16);
    const float* b = pq + t * MR;
#pragma GCC unroll 12
    for (size_t i = 0; i < MR; i++) {
      __m512 bi = _mm512_set1_ps(b[i]);
      c[i][0] = _mm512_fmadd_ps(a0, bi, c[i][0]);
      c[i][1] = _mm512_fmadd_ps(a1, bi, c[i][1]);
    }
  }
  __mmask16 m0 = cols >= 16 ? 0xFFFF : static_cast<__mmask16>((1u << cols) - 1);
  __mmask16 m1 = cols >= 32 ? 0xFFFF : cols <= 16 ? 0 : static_cast<__mmask16>((1u << (cols - 16)) - 1);
  for (size_t i = 0; i < rows; i++) {
    float* s = S + (q0 + i) * nt + j0;
    _mm512_mask_storeu_ps(s, m0, c[i][0]);
    _mm512_mask_storeu_ps(s + 16, m1, c[i][1]);
    // blockMax is requested only when nt is a multiple of 64, so the micro-tile is full here.
    if (blockMax) foldMax(blockMax, nb, q0 + i, j0, _mm512_reduce_max_ps(_mm512_max_ps(c[i][0], c[i][1])));
  }
}

// Six queries × 16 documents per pass: 12 accumulators fit AVX2's 16 registers.
__attribute__((target("avx2,fma"))) void microAvx2(const float* pq, const float* pt, size_t d, float* S, size_t nt,
                                                   size_t rows, size_t cols, float* blockMax, size_t nb, size_t q0,
                                                   size_t j0) {
  alignas(32) float out[NR];
  for (size_t half = 0; half < MR; half += 6) {
    if (half >= rows) break;
    for (size_t h = 0; h < NR; h += 16) {
      __m256 c[6][2];
      for (size_t i = 0; i < 6; i++) c[i][0] = c[i][1] = _mm256_setzero_ps();
      for (size_t t = 0; t < d; t++) {
        __m256 a0 = _mm256_load_ps(pt + t * NR + h);
        __m256 a1 = _mm256_load_ps(pt + t * NR + h + 8);
        const float* b = pq + t * MR + half;
#pragma GCC unroll 6
        for (size_t i = 0; i < 6; i++) {
          __m256 bi = _mm256_broadcast_ss(b + i);
          c[i][0] = _mm256_fmadd_ps(a0, bi, c[i][0]);
          c[i][1] = _mm256_fmadd_ps(a1, bi, c[i][1]);
        }
      }
      for (size_t i = 0; i < 6 && half + i < rows; i++) {
        _mm256_store_ps(out, c[i][0]);
        _mm256_store_ps(out + 8, c[i][1]);
        float* s = S + (q0 + half + i) * nt + j0 + h;
        size_t n = cols > h ? std::min<size_t>(16, cols - h) : 0;
        std::memcpy(s, out, n * sizeof(float));
        if (blockMax) {
          float m = out[0];
          for (size_t e = 1; e < 16; e++) m = std::max(m, out[e]);
          foldMax(blockMax, nb, q0 + half + i, j0 + h, m);
        }
      }
    }
  }
}

using Micro = void (*)(const float*, const float*, size_t, float*, size_t, size_t, size_t, float*, size_t, size_t, size_t);

// One thread's share, document panels [p0, p1): packed a block at a time into `pt`, each block
// scored against every query panel while it sits in L2.
void work(const ScoreJob& job, Micro micro, float* pt, size_t p0, size_t p1) {
  const size_t d = job.Q->d, mq = job.Q->mq;
  const size_t qPanels = (mq + MR - 1) / MR;
  const size_t perBlock = DOC_BLOCK / NR;
  const size_t nb = job.blockMax ? job.nt / BLOCK : 0;
  for (size_t b0 = p0; b0 < p1; b0 += perBlock) {
    size_t b1 = std::min(p1, b0 + perBlock);
    for (size_t p = b0; p < b1; p++) packPanel<NR>(job.T, job.nt, d, p * NR, pt + (p - b0) * NR * d);
    for (size_t qp = 0; qp < qPanels; qp++) {
      size_t rows = std::min(MR, mq - qp * MR);
      for (size_t p = b0; p < b1; p++) {
        size_t cols = std::min(NR, job.nt - p * NR);
        micro(job.Q->data + qp * MR * d, pt + (p - b0) * NR * d, d, job.S, job.nt, rows, cols, job.blockMax, nb, qp * MR,
              p * NR);
      }
    }
  }
}

}  // namespace

int cpuLevel() {
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) return 2;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return 1;
  return 0;
}

PackedQueries::PackedQueries(const float* Q, size_t mq_, size_t d_) : mq(mq_), d(d_) {
  const size_t panels = (mq + MR - 1) / MR;
  size_t bytes = ((panels * MR * d * sizeof(float) + 63) / 64) * 64;
  data = static_cast<float*>(std::aligned_alloc(64, bytes ? bytes : 64));
  if (!data) throw std::bad_alloc();
  for (size_t qp = 0; qp < panels; qp++) packPanel<MR>(Q, mq, d, qp * MR, data + qp * MR * d);
}

PackedQueries::~PackedQueries() { std::free(data); }

namespace {
std::atomic<int> active{-1};
}

int activeLevel() {
  int a = active.load();
  if (a < 0) active.compare_exchange_strong(a, cpuLevel()), a = active.load();
  return a;
}

int useLevel(int level) {
  active.store(std::max(0, std::min(level, cpuLevel())));
  return active.load();
}

void scoreTile(const ScoreJob& job) {
  const size_t mq = job.Q->mq, d = job.Q->d;
  if (mq == 0 || job.nt == 0) return;
  const int level = activeLevel();
  if (level == 0) throw std::runtime_error("this CPU has neither AVX-512F nor AVX2 with FMA");
  Micro micro = level == 2 ? microAvx512 : microAvx2;
  if (d == 0) {
    std::fill(job.S, job.S + mq * job.nt, 0.0f);
    if (job.blockMax) std::fill(job.blockMax, job.blockMax + mq * (job.nt / BLOCK), 0.0f);
    return;
  }
  const size_t panels = (job.nt + NR - 1) / NR;
  // Threads split the documents in whole blocks of 64 (two panels), so a block maximum is
  // folded by one thread only.
  const size_t pairs = (panels + 1) / 2;
  const size_t threads = std::max<size_t>(1, std::min<size_t>(job.threads, pairs));
  const size_t tFloats = DOC_BLOCK * d;
  float* space = arena(threads * tFloats);
  auto share = [&](size_t w) {
    size_t p0 = std::min(panels, 2 * (pairs * w / threads));
    size_t p1 = std::min(panels, 2 * (pairs * (w + 1) / threads));
    work(job, micro, space + w * tFloats, p0, p1);
  };
  std::vector<std::thread> pool;
  size_t spawned = 0;
  try {
    for (; spawned + 1 < threads; spawned++) pool.emplace_back(share, spawned);
  } catch (const std::system_error&) {
    // No more threads: this one takes the shares that have none.
  }
  for (size_t w = spawned; w < threads; w++) share(w);
  for (auto& t : pool) t.join();
}

}  // namespace xlens
