// Node-API binding of the scoring tile (gemm.h). queries(Q, mq, d) packs query rows once (an
// external freed with it); score(queries, T, S, blockMax | null, nt, threads) returns a Promise
// resolved when S (and blockMax) are filled. The work runs on libuv's thread pool
// plus `threads - 1` threads of its own, so the calling JavaScript thread stays free (a search
// scans the previous tile meanwhile). The typed arrays are held by references until then.
#define NAPI_VERSION 8
#include <node_api.h>

#include <exception>
#include <memory>
#include <string>
#include <vector>

#include "gemm.h"

namespace {

struct Call {
  napi_async_work work = nullptr;
  napi_deferred deferred = nullptr;
  std::vector<napi_ref> refs;  // every array the work reads or writes, held until it is done
  xlens::ScoreJob job{};
  xlens::CountJob count{};
  std::string error;  // set by the worker when scoring threw (e.g. out of memory)
  struct QueriesHandle* queries = nullptr;
};

template <typename T>
bool typed(napi_env env, napi_value v, napi_typedarray_type want, T** data, size_t* length) {
  bool is = false;
  if (napi_is_typedarray(env, v, &is) != napi_ok || !is) return false;
  napi_typedarray_type type;
  void* raw = nullptr;
  if (napi_get_typedarray_info(env, v, &type, length, &raw, nullptr, nullptr) != napi_ok || type != want) return false;
  *data = static_cast<T*>(raw);
  return true;
}

// What queries() returns: the packing and the Float32Array it packs from. release() frees both
// at once (a search's last chunk), instead of when the garbage collector gets to the handle: fresh
// pages for every search's packing cost more than the scoring of a small search.
struct QueriesHandle {
  std::unique_ptr<xlens::PackedQueries> packed;
  napi_ref source = nullptr;
  int inFlight = 0;       // score() calls not yet completed
  bool released = false;  // release() was called: free when no call is in flight

  void freeIfDone(napi_env env) {
    if (!released || inFlight > 0) return;
    packed.reset();
    if (source) napi_delete_reference(env, source), source = nullptr;
  }
};

bool floats(napi_env env, napi_value v, float** data, size_t* length) { return typed(env, v, napi_float32_array, data, length); }

bool count(napi_env env, napi_value v, size_t* out) {
  double x = 0;
  if (napi_get_value_double(env, v, &x) != napi_ok || !(x >= 0) || x > 9007199254740991.0 || x != static_cast<double>(static_cast<size_t>(x))) return false;
  *out = static_cast<size_t>(x);
  return true;
}

napi_value fail(napi_env env, const std::string& message) {
  napi_throw_type_error(env, nullptr, ("xlens_gemm: " + message).c_str());
  return nullptr;
}

napi_value Queries(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  float* Q;
  size_t lq, mq, d;
  if (argc != 3 || !floats(env, argv[0], &Q, &lq) || !count(env, argv[1], &mq) || !count(env, argv[2], &d)) return fail(env, "queries(Q: Float32Array, mq, d)");
  if (lq < mq * d) return fail(env, "Q is shorter than mq × d");
  // Packed on the first score() (a worker thread): the handle holds Q alive until then and after.
  auto* handle = new QueriesHandle();
  handle->packed = std::make_unique<xlens::PackedQueries>(Q, mq, d);
  napi_create_reference(env, argv[0], 1, &handle->source);
  napi_value out;
  napi_create_external(
      env, handle,
      [](napi_env env, void* data, void*) {
        auto* h = static_cast<QueriesHandle*>(data);
        if (h->source) napi_delete_reference(env, h->source);
        delete h;
      },
      nullptr, &out);
  return out;
}

// The optional 7th argument of score(): { thrScore: Float32Array, thrIndex: Int32Array,
// thrOff: Int32Array, histOff: Int32Array, hist: Int32Array, labels: Uint16Array | null, L, j0 }
// (see CountJob). Every offset is checked here: the kernel writes hist without bounds checks.
const char* readCount(napi_env env, napi_value o, size_t mq, size_t nt, xlens::CountJob* c, napi_value held[6]) {
  auto prop = [&](const char* name) {
    napi_value v = nullptr;
    napi_get_named_property(env, o, name, &v);
    return v;
  };
  size_t lScore, lIndex, lThr, lHistOff, lHist, lLabels = 0;
  float* thrScore;
  int32_t *thrIndex, *thrOff, *histOff, *hist;
  held[0] = prop("thrScore"), held[1] = prop("thrIndex"), held[2] = prop("thrOff"), held[3] = prop("histOff"), held[4] = prop("hist"), held[5] = prop("labels");
  if (!typed(env, held[0], napi_float32_array, &thrScore, &lScore) || !typed(env, held[1], napi_int32_array, &thrIndex, &lIndex) ||
      !typed(env, held[2], napi_int32_array, &thrOff, &lThr) || !typed(env, held[3], napi_int32_array, &histOff, &lHistOff) ||
      !typed(env, held[4], napi_int32_array, &hist, &lHist))
    return "count: thrScore must be a Float32Array; thrIndex, thrOff, histOff and hist Int32Arrays";
  uint16_t* labels = nullptr;
  napi_valuetype lt;
  napi_typeof(env, held[5], &lt);
  if (lt != napi_null && lt != napi_undefined && !typed(env, held[5], napi_uint16_array, &labels, &lLabels)) return "count: labels must be a Uint16Array or null";
  size_t L, j0;
  if (!count(env, prop("L"), &L) || !count(env, prop("j0"), &j0) || L < 1 || (!labels && L != 1)) return "count: L (≥ 1, 1 without labels) and j0 must be integers";
  if (lThr < mq + 1 || lHistOff < mq + 1) return "count: thrOff and histOff need mq + 1 entries";
  for (size_t i = 0; i < mq; i++) {
    int64_t a = thrOff[i], b = thrOff[i + 1], h = histOff[i], h1 = histOff[i + 1];
    if (a < 0 || b < a || static_cast<size_t>(b) > lScore || static_cast<size_t>(b) > lIndex) return "count: thrOff out of range";
    if (h < 0 || h1 < h + (b - a + 1) * static_cast<int64_t>(L) || static_cast<size_t>(h1) > lHist) return "count: histOff out of range";
  }
  if (labels) {
    if (lLabels < j0 + nt) return "count: labels shorter than the pool";
    for (size_t j = j0; j < j0 + nt; j++)
      if (labels[j] >= L) return "count: a label is ≥ L";
  }
  *c = xlens::CountJob{thrScore, thrIndex, thrOff, histOff, hist, labels, L, j0};
  return nullptr;
}

napi_value Score(napi_env env, napi_callback_info info) {
  size_t argc = 7;
  napi_value argv[7];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc != 6 && argc != 7) return fail(env, "expected 6 or 7 arguments");
  napi_valuetype qt, mt;
  napi_typeof(env, argv[0], &qt);
  void* raw = nullptr;
  if (qt != napi_external || napi_get_value_external(env, argv[0], &raw) != napi_ok) return fail(env, "the first argument must come from queries()");
  auto* handle = static_cast<QueriesHandle*>(raw);
  if (!handle->packed) return fail(env, "these queries were released");
  const xlens::PackedQueries* packed = handle->packed.get();
  float *T = nullptr, *S, *M = nullptr;
  uint16_t* Th = nullptr;
  size_t lt, ls, lm = 0, nt, threads;
  if (!floats(env, argv[1], &T, &lt) && !typed(env, argv[1], napi_uint16_array, &Th, &lt)) return fail(env, "T must be a Float32Array or a Uint16Array of binary16 values");
  if (!floats(env, argv[2], &S, &ls)) return fail(env, "S must be a Float32Array");
  napi_typeof(env, argv[3], &mt);
  if (mt != napi_null && mt != napi_undefined && !floats(env, argv[3], &M, &lm)) return fail(env, "blockMax must be a Float32Array or null");
  if (!count(env, argv[4], &nt) || !count(env, argv[5], &threads) || threads < 1) return fail(env, "nt and threads must be non-negative integers (threads ≥ 1)");
  const size_t mq = packed->mq, d = packed->d;
  if (lt < nt * d || ls < mq * nt) return fail(env, "an array is shorter than its shape");
  if (M && lm < mq * ((nt + 63) / 64)) return fail(env, "blockMax needs mq × ⌈nt / 64⌉ floats");

  napi_value held[6] = {};
  xlens::CountJob counting{};
  napi_valuetype ct = napi_undefined;
  if (argc == 7) napi_typeof(env, argv[6], &ct);
  const bool counts = ct == napi_object;
  if (argc == 7 && !counts && ct != napi_undefined && ct != napi_null) return fail(env, "count must be an object or undefined");
  if (counts)
    if (const char* why = readCount(env, argv[6], mq, nt, &counting, held)) return fail(env, why);

  auto* call = new Call();
  call->queries = handle;
  handle->inFlight++;
  call->count = counting;
  call->job = xlens::ScoreJob{packed, T, Th, S, M, nt, static_cast<int>(threads), counts ? &call->count : nullptr};
  auto hold = [&](napi_value v) {
    napi_valuetype t;
    napi_typeof(env, v, &t);
    if (t != napi_object && t != napi_external) return;
    napi_ref r;
    napi_create_reference(env, v, 1, &r);
    call->refs.push_back(r);
  };
  for (int i = 0; i < 4; i++) hold(argv[i]);
  if (counts)
    for (napi_value v : held) hold(v);
  napi_value promise, name;
  napi_create_promise(env, &call->deferred, &promise);
  napi_create_string_utf8(env, "xlens_gemm.score", NAPI_AUTO_LENGTH, &name);
  napi_create_async_work(
      env, nullptr, name,
      [](napi_env, void* data) {
        auto* call = static_cast<Call*>(data);
        try {
          xlens::scoreTile(call->job);
        } catch (const std::exception& e) {
          call->error = e.what();
          if (call->error.empty()) call->error = "failed";
        }
      },
      [](napi_env env, napi_status status, void* data) {
        auto* call = static_cast<Call*>(data);
        call->queries->inFlight--;
        call->queries->freeIfDone(env);
        for (napi_ref r : call->refs) napi_delete_reference(env, r);
        napi_value undefined;
        napi_get_undefined(env, &undefined);
        if (status == napi_ok && call->error.empty()) napi_resolve_deferred(env, call->deferred, undefined);
        else {
          napi_value msg, err;
          std::string text = "xlens_gemm.score: " + (status == napi_ok ? call->error : std::string("cancelled"));
          napi_create_string_utf8(env, text.c_str(), NAPI_AUTO_LENGTH, &msg);
          napi_create_error(env, nullptr, msg, &err);
          napi_reject_deferred(env, call->deferred, err);
        }
        napi_delete_async_work(env, call->work);
        delete call;
      },
      call, &call->work);
  napi_queue_async_work(env, call->work);
  return promise;
}

// release(queries): frees the packing now (at once, or when its calls in flight complete).
napi_value Release(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  void* raw = nullptr;
  napi_valuetype t;
  napi_typeof(env, argv[0], &t);
  if (argc != 1 || t != napi_external || napi_get_value_external(env, argv[0], &raw) != napi_ok) return fail(env, "release(queries) takes what queries() returned");
  auto* handle = static_cast<QueriesHandle*>(raw);
  handle->released = true;
  handle->freeIfDone(env);
  return nullptr;
}

// level() = the path in use; level(n) lowers it to min(n, what the CPU has) — for tests.
napi_value Level(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  int32_t want = -1;
  if (argc == 1 && napi_get_value_int32(env, argv[0], &want) != napi_ok) return fail(env, "level(n) takes an integer");
  napi_value v;
  napi_create_int32(env, want >= 0 ? xlens::useLevel(want) : xlens::activeLevel(), &v);
  return v;
}

}  // namespace

NAPI_MODULE_INIT() {
  napi_value fn;
  napi_create_function(env, "queries", NAPI_AUTO_LENGTH, Queries, nullptr, &fn);
  napi_set_named_property(env, exports, "queries", fn);
  napi_create_function(env, "score", NAPI_AUTO_LENGTH, Score, nullptr, &fn);
  napi_set_named_property(env, exports, "score", fn);
  napi_create_function(env, "release", NAPI_AUTO_LENGTH, Release, nullptr, &fn);
  napi_set_named_property(env, exports, "release", fn);
  napi_create_function(env, "level", NAPI_AUTO_LENGTH, Level, nullptr, &fn);
  napi_set_named_property(env, exports, "level", fn);
  return exports;
}
