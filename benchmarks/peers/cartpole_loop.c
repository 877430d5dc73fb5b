/* The floor under Frontier's CartPole rows: Gymnasium's CartPole-v1 as a hand-written C loop.
 *
 *   cc -O2 -march=native -o cartpole_loop benchmarks/peers/cartpole_loop.c -lm && ./cartpole_loop
 *
 * Rows (JSON lines on stdout, the schema of benchmarks/peers/common.py's emit):
 *   rl/cartpole_steps_c_loop                  one environment, float64 (Gymnasium's dynamics)
 *   rl/cartpole_batched_4096_steps_c_loop     4,096 environments as arrays, float64
 *   rl/cartpole_batched_4096_steps_c_loop_float32  the same in float32 (sinf, cosf), as gymnax
 * Each step: a random action per environment (one xorshift64 bit), Gymnasium's Euler step,
 * the termination test, the 500-step time limit, and a reset (four uniforms in [-0.05, 0.05))
 * of every environment whose episode ended. Timing as common.measure: warm-up, then the best
 * of 5 repeats each lasting >= 0.5 s.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#ifndef COMPILER_FLAGS
#define COMPILER_FLAGS "compiler flags not recorded"
#endif

#define BATCH 4096
#define LIMIT 500

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static inline uint64_t next64(void) {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}
static inline double uniform(void) { return -0.05 + 0.1 * ((next64() >> 11) * 0x1.0p-53); }

/* One environment, float64. */
static double sx, sxd, sth, sthd;
static int selapsed;
static double sink;

static void single_steps(long steps) {
    uint64_t bits = 0;
    for (long i = 0; i < steps; i++) {
        if ((i & 63) == 0) bits = next64();
        double force = (bits >> (i & 63)) & 1 ? 10.0 : -10.0;
        double c = cos(sth), s = sin(sth);
        double temp = (force + 0.05 * (sthd * sthd) * s) / 1.1;
        double thacc = (9.8 * s - c * temp) / (0.5 * (4.0 / 3.0 - 0.1 * (c * c) / 1.1));
        double xacc = temp - 0.05 * thacc * c / 1.1;
        sx = sx + 0.02 * sxd;
        sxd = sxd + 0.02 * xacc;
        sth = sth + 0.02 * sthd;
        sthd = sthd + 0.02 * thacc;
        selapsed++;
        int terminated = sx < -2.4 || sx > 2.4 || sth < -0.20943951023931953 || sth > 0.20943951023931953;
        if (terminated || selapsed >= LIMIT) {
            sx = uniform(); sxd = uniform(); sth = uniform(); sthd = uniform();
            selapsed = 0;
        }
    }
    sink += sx;
}

/* 4,096 environments as structure-of-arrays, in double or float. */
#define DEFINE_BATCH(T, COS, SIN, SUFFIX)                                                       \
    static T x_##SUFFIX[BATCH], xd_##SUFFIX[BATCH], th_##SUFFIX[BATCH], thd_##SUFFIX[BATCH];    \
    static T obs_##SUFFIX[BATCH * 4];                                                           \
    static int elapsed_##SUFFIX[BATCH];                                                         \
    static unsigned char done_##SUFFIX[BATCH];                                                  \
    static uint64_t actions_##SUFFIX[BATCH / 64];                                               \
    static void batch_step_##SUFFIX(void) {                                                     \
        for (int w = 0; w < BATCH / 64; w++) actions_##SUFFIX[w] = next64();                    \
        for (int i = 0; i < BATCH; i++) {                                                       \
            T force = (actions_##SUFFIX[i >> 6] >> (i & 63)) & 1 ? (T)10 : (T)-10;              \
            T c = COS(th_##SUFFIX[i]), s = SIN(th_##SUFFIX[i]);                                 \
            T thd = thd_##SUFFIX[i], th = th_##SUFFIX[i], x = x_##SUFFIX[i], xd = xd_##SUFFIX[i]; \
            T temp = (force + (T)0.05 * (thd * thd) * s) / (T)1.1;                              \
            T thacc = ((T)9.8 * s - c * temp) / ((T)0.5 * ((T)4 / (T)3 - (T)0.1 * (c * c) / (T)1.1)); \
            T xacc = temp - (T)0.05 * thacc * c / (T)1.1;                                       \
            x = x + (T)0.02 * xd;                                                               \
            xd = xd + (T)0.02 * xacc;                                                           \
            th = th + (T)0.02 * thd;                                                            \
            thd = thd + (T)0.02 * thacc;                                                        \
            x_##SUFFIX[i] = x; xd_##SUFFIX[i] = xd; th_##SUFFIX[i] = th; thd_##SUFFIX[i] = thd;  \
            obs_##SUFFIX[4 * i] = x; obs_##SUFFIX[4 * i + 1] = xd;                              \
            obs_##SUFFIX[4 * i + 2] = th; obs_##SUFFIX[4 * i + 3] = thd;                        \
            int e = elapsed_##SUFFIX[i] + 1;                                                    \
            elapsed_##SUFFIX[i] = e;                                                            \
            done_##SUFFIX[i] = (x < (T)-2.4) | (x > (T)2.4) | (th < (T)-0.20943951023931953)    \
                | (th > (T)0.20943951023931953) | (e >= LIMIT);                                 \
        }                                                                                       \
        for (int i = 0; i < BATCH; i++) {                                                       \
            if (done_##SUFFIX[i]) {                                                             \
                x_##SUFFIX[i] = (T)uniform(); xd_##SUFFIX[i] = (T)uniform();                    \
                th_##SUFFIX[i] = (T)uniform(); thd_##SUFFIX[i] = (T)uniform();                  \
                elapsed_##SUFFIX[i] = 0;                                                        \
                obs_##SUFFIX[4 * i] = x_##SUFFIX[i]; obs_##SUFFIX[4 * i + 1] = xd_##SUFFIX[i];  \
                obs_##SUFFIX[4 * i + 2] = th_##SUFFIX[i]; obs_##SUFFIX[4 * i + 3] = thd_##SUFFIX[i]; \
            }                                                                                   \
        }                                                                                       \
        sink += obs_##SUFFIX[0];                                                                \
    }                                                                                           \
    static void batch_init_##SUFFIX(void) {                                                     \
        for (int i = 0; i < BATCH; i++) {                                                       \
            x_##SUFFIX[i] = (T)uniform(); xd_##SUFFIX[i] = (T)uniform();                        \
            th_##SUFFIX[i] = (T)uniform(); thd_##SUFFIX[i] = (T)uniform();                      \
        }                                                                                       \
    }

DEFINE_BATCH(double, cos, sin, f64)
DEFINE_BATCH(float, cosf, sinf, f32)

/* Seconds per call of `body`, the method of common.measure. */
static double measure(void (*body)(void *), void *arg, long *calls_out) {
    double t0 = now();
    while (now() - t0 < 0.2) body(arg);
    long calls = 1;
    for (;;) {
        double start = now();
        for (long i = 0; i < calls; i++) body(arg);
        double elapsed = now() - start;
        if (elapsed >= 0.5) break;
        long next = (long)(calls * 0.5 / (elapsed > 1e-9 ? elapsed : 1e-9) * 1.1);
        calls = next > calls * 2 ? next : calls * 2;
    }
    double best = 1e300;
    for (int r = 0; r < 5; r++) {
        double start = now();
        for (long i = 0; i < calls; i++) body(arg);
        double elapsed = now() - start;
        if (elapsed < best) best = elapsed;
    }
    *calls_out = calls;
    return best / calls;
}

static void run_single(void *arg) { (void)arg; single_steps(1000); }
static void run_f64(void *arg) { (void)arg; batch_step_f64(); }
static void run_f32(void *arg) { (void)arg; batch_step_f32(); }

static void emit(const char *bench, double rate, const char *detail, long calls) {
    printf("{\"bench\": \"%s\", \"impl\": \"c_loop\", \"value\": %.6g, \"unit\": \"steps/s\", "
           "\"higher_is_better\": true, \"detail\": \"%s; best of 5 x %ld calls, each repeat >= 0.5 s, "
           "after warm-up; %s\"}\n", bench, rate, detail, calls, COMPILER_FLAGS);
    fflush(stdout);
}

int main(void) {
    long calls;
    sx = uniform(); sxd = uniform(); sth = uniform(); sthd = uniform();
    double seconds = measure(run_single, NULL, &calls);
    emit("rl/cartpole_steps_c_loop", 1000 / seconds,
         "hand-written C, one env, float64, xorshift random actions, reset on terminated or 500 steps; one call = 1000 steps",
         calls);
    batch_init_f64();
    seconds = measure(run_f64, NULL, &calls);
    emit("rl/cartpole_batched_4096_steps_c_loop", BATCH / seconds,
         "hand-written C, 4096 envs as arrays, float64, xorshift random actions, same-step reset; one call = one step of all 4096",
         calls);
    batch_init_f32();
    seconds = measure(run_f32, NULL, &calls);
    emit("rl/cartpole_batched_4096_steps_c_loop_float32", BATCH / seconds,
         "hand-written C, 4096 envs as arrays, float32 (sinf, cosf), xorshift random actions, same-step reset; one call = one step of all 4096",
         calls);
    return sink == 12345.678 ? 1 : 0;
}
