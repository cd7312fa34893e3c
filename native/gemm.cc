// Blocking follows Goto/BLIS with the roles chosen for XLens's output layout: documents are the
// vector dimension (a micro-panel of 32 documents, packed [t][32], streams from L2) and queries
// are broadcast (a micro-panel of 12 queries, packed [t][12], stays in L1), so a micro-tile is 12
// query rows × 32 consecutive documents of S. Padding rows and columns are zeros and never stored.
// The epilogue of a micro-tile, while its scores are in registers, folds block maxima and counts
// ranks (CountJob), so S is written once and never read back here.
#include "gemm.h"

#include <immintrin.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <new>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <vector>

namespace xlens {
namespace {

constexpr size_t MR = 12;          // queries per micro-tile
constexpr size_t NR = 32;          // documents per micro-tile
constexpr size_t BLOCK = 64;       // documents per block maximum (tileScorer.ts BLOCK)
constexpr size_t DOC_BLOCK = 256;  // documents per L2 block (256 × 384 × 4 B = 384 KB)
static_assert(DOC_BLOCK % BLOCK == 0, "a block maximum must be folded by one thread");

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

// packPanel<NR> from binary16 rows, widened exactly by F16C (every AVX2 CPU has it).
__attribute__((target("avx,f16c"))) void packPanelF16(const uint16_t* X, size_t rows, size_t d, size_t r0, float* out) {
  size_t valid = rows > r0 ? std::min(NR, rows - r0) : 0;
  alignas(32) float wide[8];
  for (size_t r = 0; r < valid; r++) {
    const uint16_t* src = X + (r0 + r) * d;
    size_t t = 0;
    for (; t + 8 <= d; t += 8) {
      _mm256_store_ps(wide, _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(src + t))));
      for (size_t e = 0; e < 8; e++) out[(t + e) * NR + r] = wide[e];
    }
    for (; t < d; t++) out[t * NR + r] = _cvtsh_ss(src[t]);
  }
  if (valid < NR)
    for (size_t t = 0; t < d; t++) std::memset(out + t * NR + valid, 0, (NR - valid) * sizeof(float));
}

// Where a micro-tile's scores go.
struct Out {
  float* S;
  size_t nt;
  float* blockMax;  // or nullptr
  size_t nb;        // blocks per row of blockMax
  const CountJob* count;
};

inline void foldMax(const Out& o, size_t row, size_t j, float m) {
  float& slot = o.blockMax[row * o.nb + j / BLOCK];
  if (j % BLOCK == 0) slot = m;
  else slot = std::max(slot, m);
}

// How many of query `row`'s thresholds the score s of tile document j beats, tallied by label.
// Two threads may tally one row (different documents): the increments are atomic.
inline void tally(const CountJob& c, size_t row, float s, size_t j) {
  const int32_t tb = c.thrOff[row], m = c.thrOff[row + 1] - tb;
  const int64_t g = static_cast<int64_t>(c.j0 + j);
  int32_t t = 0;
  while (t < m) {
    const float ts = c.thrScore[tb + t];
    if (s > ts || (s == ts && g < c.thrIndex[tb + t])) t++;
    else break;
  }
  if (t > 0) __atomic_fetch_add(&c.hist[c.histOff[row] + t * c.L + (c.labels ? c.labels[g] : 0)], 1, __ATOMIC_RELAXED);
}

// Label sets up to this size are counted with one mask per label (see microAvx512).
constexpr size_t MAX_MASKED_LABELS = 16;

// mask[l] = the micro-tile's documents (bits 0..cols) whose label is l.
inline void labelMasks(const CountJob& c, size_t j0, size_t cols, uint32_t* mask) {
  std::fill(mask, mask + c.L, 0u);
  for (size_t e = 0; e < cols; e++) mask[c.labels ? c.labels[c.j0 + j0 + e] : 0] |= 1u << e;
}

// The worst threshold of a row (no score reaches +inf when it has none).
inline float worst(const CountJob& c, size_t row) {
  return c.thrOff[row + 1] > c.thrOff[row] ? c.thrScore[c.thrOff[row]] : __builtin_inff();
}

__attribute__((target("avx512f,fma"))) void microAvx512(const float* pq, const float* pt, size_t d, const Out& o,
                                                        size_t rows, size_t cols, size_t q0, size_t j0) {
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
  const __mmask16 m0 = cols >= 16 ? 0xFFFF : static_cast<__mmask16>((1u << cols) - 1);
  const __mmask16 m1 = cols >= 32 ? 0xFFFF : cols <= 16 ? 0 : static_cast<__mmask16>((1u << (cols - 16)) - 1);
  uint32_t labelMask[MAX_MASKED_LABELS];
  bool labelled = false;
  for (size_t i = 0; i < rows; i++) {
    float* s = o.S + (q0 + i) * o.nt + j0;
    _mm512_mask_storeu_ps(s, m0, c[i][0]);
    _mm512_mask_storeu_ps(s + 16, m1, c[i][1]);
    // Padding columns (zero scores) must not raise a block's maximum.
    if (o.blockMax) foldMax(o, q0 + i, j0, cols == NR ? _mm512_reduce_max_ps(_mm512_max_ps(c[i][0], c[i][1])) : std::max(_mm512_mask_reduce_max_ps(m0, c[i][0]), m1 ? _mm512_mask_reduce_max_ps(m1, c[i][1]) : -__builtin_inff()));
    if (o.count) {
      // ≥ keeps ties with the worst threshold: they are decided by pool index below.
      const CountJob& cj = *o.count;
      const size_t row = q0 + i;
      const __m512 a = _mm512_set1_ps(worst(cj, row));
      uint32_t k = _mm512_mask_cmp_ps_mask(m0, c[i][0], a, _CMP_GE_OQ) | (uint32_t{_mm512_mask_cmp_ps_mask(m1, c[i][1], a, _CMP_GE_OQ)} << 16);
      if (__builtin_popcount(k) <= 4 || cj.L > MAX_MASKED_LABELS) {
        while (k) {
          const size_t e = __builtin_ctz(k);
          tally(cj, row, s[e], j0 + e);
          k &= k - 1;
        }
      } else {
        // Many documents above (a query whose relevant documents rank deep): whole masks per
        // threshold, counted by label with popcounts instead of one tally per document.
        if (!labelled) labelMasks(cj, j0, cols, labelMask), labelled = true;
        const int32_t tb = cj.thrOff[row], m = cj.thrOff[row + 1] - tb;
        const int64_t g0 = static_cast<int64_t>(cj.j0 + j0);
        int32_t* hist = cj.hist + cj.histOff[row];
        const uint32_t valid = cols >= 32 ? ~0u : (1u << cols) - 1;
        uint32_t prev = valid;  // documents beating thresholds [0, t): all, for t = 0
        for (int32_t t = 0; t <= m; t++) {
          uint32_t beats = 0;
          if (t < m) {
            const __m512 ts = _mm512_set1_ps(cj.thrScore[tb + t]);
            const uint32_t gt = _mm512_mask_cmp_ps_mask(m0, c[i][0], ts, _CMP_GT_OQ) | (uint32_t{_mm512_mask_cmp_ps_mask(m1, c[i][1], ts, _CMP_GT_OQ)} << 16);
            const uint32_t eq = _mm512_mask_cmp_ps_mask(m0, c[i][0], ts, _CMP_EQ_OQ) | (uint32_t{_mm512_mask_cmp_ps_mask(m1, c[i][1], ts, _CMP_EQ_OQ)} << 16);
            // A tie ranks above the threshold's document when its pool index is lower.
            const int64_t below = std::clamp<int64_t>(cj.thrIndex[tb + t] - g0, 0, 32);
            beats = (gt | (eq & (below >= 32 ? ~0u : (1u << below) - 1))) & prev;
          }
          // Exactly t thresholds beaten (beating is monotone in their worst-first order).
          const uint32_t exact = prev & ~beats;
          if (t > 0 && exact)
            for (size_t l = 0; l < cj.L; l++)
              if (const int n = __builtin_popcount(exact & labelMask[l])) __atomic_fetch_add(&hist[t * cj.L + l], n, __ATOMIC_RELAXED);
          prev = beats;
          if (!prev) break;
        }
      }
    }
  }
}

// Six queries × 16 documents per pass: 12 accumulators fit AVX2's 16 registers.
__attribute__((target("avx2,fma"))) void microAvx2(const float* pq, const float* pt, size_t d, const Out& o, size_t rows,
                                                   size_t cols, size_t q0, size_t j0) {
  for (size_t half = 0; half < MR && half < rows; half += 6) {
    for (size_t h = 0; h < NR && h < cols; h += 16) {
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
      const size_t n = std::min<size_t>(16, cols - h);
      for (size_t i = 0; i < 6 && half + i < rows; i++) {
        alignas(32) float v[16];
        _mm256_store_ps(v, c[i][0]);
        _mm256_store_ps(v + 8, c[i][1]);
        const size_t row = q0 + half + i, j = j0 + h;
        std::memcpy(o.S + row * o.nt + j, v, n * sizeof(float));
        if (o.blockMax) foldMax(o, row, j, *std::max_element(v, v + n));
        if (o.count) {
          const float a = worst(*o.count, row);
          for (size_t e = 0; e < n; e++)
            if (v[e] >= a) tally(*o.count, row, v[e], j + e);
        }
      }
    }
  }
}

using Micro = void (*)(const float*, const float*, size_t, const Out&, size_t, size_t, size_t, size_t);

// One thread's work: blocks of DOC_BLOCK documents taken in turn from `next` (threads that get
// less CPU, e.g. beside the thread scanning the previous tile, simply take fewer blocks). Each
// block is packed into `pt` and scored against every query panel while it sits in L2.
void work(const ScoreJob& job, const Out& o, Micro micro, float* pt, std::atomic<size_t>& next) {
  const size_t d = job.Q->d, mq = job.Q->mq;
  const float* pq = job.Q->packed();
  const size_t qPanels = (mq + MR - 1) / MR;
  const size_t perBlock = DOC_BLOCK / NR;
  const size_t panels = (job.nt + NR - 1) / NR;
  for (;;) {
    size_t b0 = next.fetch_add(1) * perBlock;
    if (b0 >= panels) break;
    size_t b1 = std::min(panels, b0 + perBlock);
    for (size_t p = b0; p < b1; p++) {
      if (job.Th) packPanelF16(job.Th, job.nt, d, p * NR, pt + (p - b0) * NR * d);
      else packPanel<NR>(job.T, job.nt, d, p * NR, pt + (p - b0) * NR * d);
    }
    for (size_t qp = 0; qp < qPanels; qp++) {
      size_t rows = std::min(MR, mq - qp * MR);
      for (size_t p = b0; p < b1; p++)
        micro(pq + qp * MR * d, pt + (p - b0) * NR * d, d, o, rows, std::min(NR, job.nt - p * NR), qp * MR, p * NR);
    }
  }
}

// Threads kept for the life of the process: a search makes hundreds of calls, and a thread
// started per call often began late (in Node, measured: a 1,024 × 4,096 tile took 14–19 ms on a
// new thread per call against 10–11 ms with one more thread than cores). Never destroyed: its
// threads are detached and end with the process.
class Pool {
 public:
  static Pool& get() {
    static Pool* pool = new Pool();
    return *pool;
  }

  // Posts task; returns false if no thread could be started.
  bool post(std::function<void()> task) {
    std::lock_guard<std::mutex> lock(mu_);
    if (idle_ == 0) {
      try {
        std::thread(&Pool::loop, this).detach();
        threads_++;
        idle_++;
      } catch (const std::system_error&) {
        // No new thread: the task waits for a busy one (inParallel skips it if it starts late).
        if (threads_ == 0) return false;
      }
    }
    tasks_.push_back(std::move(task));
    if (idle_ > 0) idle_--;
    cv_.notify_one();
    return true;
  }

 private:
  void loop() {
    for (;;) {
      std::function<void()> task;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [&] { return !tasks_.empty(); });
        task = std::move(tasks_.front());
        tasks_.pop_front();
      }
      task();
      std::lock_guard<std::mutex> lock(mu_);
      idle_++;
    }
  }

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> tasks_;
  size_t threads_ = 0, idle_ = 0;
};

// Runs fn(w) for w in [0, threads): w = 0 on the calling thread, the others on pool threads.
// fn must share its work dynamically (a helper that starts late finds little or nothing left);
// returns when every fn that started has returned, and skips those that had not started.
template <typename Fn>
void inParallel(size_t threads, Fn fn) {
  struct State {
    std::mutex mu;
    std::condition_variable cv;
    size_t running = 0;
    bool closed = false;
  };
  auto state = std::make_shared<State>();
  for (size_t w = 1; w < threads; w++) {
    bool posted = Pool::get().post([state, &fn, w] {
      {
        std::lock_guard<std::mutex> lock(state->mu);
        if (state->closed) return;
        state->running++;
      }
      fn(w);
      std::lock_guard<std::mutex> lock(state->mu);
      if (--state->running == 0) state->cv.notify_all();
    });
    if (!posted) break;
  }
  fn(0);
  std::unique_lock<std::mutex> lock(state->mu);
  state->closed = true;
  state->cv.wait(lock, [&] { return state->running == 0; });
}

std::atomic<int> active{-1};

}  // namespace

int cpuLevel() {
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) return 2;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return 1;
  return 0;
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

const float* PackedQueries::packed() const {
  std::call_once(once_, [&] {
    const size_t panels = (mq + MR - 1) / MR;
    size_t bytes = ((panels * MR * d * sizeof(float) + 63) / 64) * 64;
    float* p = static_cast<float*>(std::aligned_alloc(64, bytes ? bytes : 64));
    if (!p) throw std::bad_alloc();  // call_once lets a later call try again
    for (size_t qp = 0; qp < panels; qp++) packPanel<MR>(src, mq, d, qp * MR, p + qp * MR * d);
    data_ = p;
  });
  return data_;
}

PackedQueries::~PackedQueries() { std::free(data_); }

void scoreTile(const ScoreJob& job) {
  const size_t mq = job.Q->mq, d = job.Q->d;
  if (mq == 0 || job.nt == 0) return;
  const int level = activeLevel();
  if (level == 0) throw std::runtime_error("this CPU has neither AVX-512F nor AVX2 with FMA");
  const Out o{job.S, job.nt, job.blockMax, job.blockMax ? (job.nt + BLOCK - 1) / BLOCK : 0, job.count};
  if (d == 0) {
    // Every score is 0: no kernel, but the same maxima and counts.
    std::fill(job.S, job.S + mq * job.nt, 0.0f);
    if (job.blockMax) std::fill(job.blockMax, job.blockMax + mq * o.nb, 0.0f);
    if (job.count)
      for (size_t i = 0; i < mq; i++)
        for (size_t j = 0; j < job.nt; j++)
          if (0.0f >= worst(*job.count, i)) tally(*job.count, i, 0.0f, j);
    return;
  }
  const size_t blocks = (job.nt + DOC_BLOCK - 1) / DOC_BLOCK;
  const size_t threads = std::max<size_t>(1, std::min<size_t>(job.threads, blocks));
  const size_t tFloats = DOC_BLOCK * d;
  float* space = arena(threads * tFloats);
  std::atomic<size_t> next{0};
  Micro micro = level == 2 ? microAvx512 : microAvx2;
  job.Q->packed();
  inParallel(threads, [&](size_t w) { work(job, o, micro, space + w * tFloats, next); });
}

}  // namespace xlens
