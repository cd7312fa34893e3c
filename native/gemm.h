// Exact fp32 scoring tile for XLens: S[i * nt + j] = Σ_t Q[i * d + t] · T[j * d + t].
//
// Every score is one chain of fused multiply-adds in ascending t, starting from 0, whatever the
// ISA path (AVX-512 or AVX2) or the element's position in the tile: identical vector pairs get
// bit-identical scores, and the same pair gets the same score in any call shape.
#pragma once
#include <cstddef>
#include <cstdint>
#include <mutex>

namespace xlens {

/** What the CPU can run: 2 = AVX-512F, 1 = AVX2 + FMA, 0 = neither (the addon is then unusable). */
int cpuLevel();

/** The path scoreTile takes: cpuLevel() unless lowered by useLevel (tests compare the paths). */
int activeLevel();
/** Lowers (or restores) the path to min(level, cpuLevel()); returns the path now in use. */
int useLevel(int level);

/**
 * Query rows packed once for every tile they are scored against (panels of 12, [t][12]). Packing
 * happens on the first scoreTile (a worker thread), not on the caller's: the rows at `src` must
 * stay alive and unchanged while this object is used.
 */
struct PackedQueries {
  const float* src;  // mq × d, row-major
  size_t mq = 0, d = 0;
  PackedQueries(const float* Q, size_t mq, size_t d) : src(Q), mq(mq), d(d) {}
  ~PackedQueries();
  PackedQueries(const PackedQueries&) = delete;
  PackedQueries& operator=(const PackedQueries&) = delete;
  /** The packed rows (packs them on first use; thread-safe). */
  const float* packed() const;

 private:
  mutable std::once_flag once_;
  mutable float* data_ = nullptr;  // 64-byte aligned, owned
};

struct CountJob {
  const float* thrScore;
  const int32_t* thrIndex;
  const int32_t* thrOff;   // mq + 1
  const int32_t* histOff;  // mq + 1
  int32_t* hist;
  const uint16_t* labels;  // per pool document, or nullptr (then L = 1)
  size_t L;
  size_t j0;               // pool index of the tile's first document
};

struct ScoreJob {
  const PackedQueries* Q;
  const float* T;     // nt × d, row-major (or nullptr with Th)
  const uint16_t* Th; // nt × d binary16 bit patterns, widened exactly while packing (or nullptr)
  float* S;           // mq × nt, row-major
  float* blockMax;    // mq × (nt / 64) maxima of runs of 64 scores, or nullptr
  size_t nt;
  int threads;        // ≥ 1
  const CountJob* count = nullptr;  // also count ranks over the scored tile
};

/** Scores the tile on up to `threads` threads (the calling one included). */
void scoreTile(const ScoreJob& job);

}  // namespace xlens
