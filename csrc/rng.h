/*
** rng.h — a small seeded random number generator (rng.c) for every
** stochastic computation: no global state, one generator per run, the
** same stream for the same seed on every platform.
**
** xoshiro256** 1.0 (Blackman & Vigna, "Scrambled linear pseudorandom
** number generators", ACM TOMS 47(4), 2021), its state filled from the
** seed by splitmix64 (Steele, Lea & Flood, OOPSLA 2014), as the authors
** recommend.
*/
#ifndef DIPLOMAT_RNG_H
#define DIPLOMAT_RNG_H

#include <stdint.h>

/* {====== Random numbers ====== */

typedef struct dip_rng {
  uint64_t s[4];
} dip_rng;

/* One step of splitmix64 on *state: advances it, returns the output. */
uint64_t dip_splitmix64(uint64_t *state);
/* Seeds g: its four words are the first four splitmix64 outputs. */
void dip_rng_seed(dip_rng *g, uint64_t seed);
/* The next 64 random bits (xoshiro256**). */
uint64_t dip_rng_next(dip_rng *g);
/* Uniform on [0, 1): the top 53 bits of the next output times 2^-53. */
double dip_rng_uniform(dip_rng *g);

/*
** Standard normal deviates by the ziggurat method (G. Marsaglia and W. W.
** Tsang, "The ziggurat method for generating random variables", Journal
** of Statistical Software 5(8), 2000) with 256 layers of equal area v
** under f(x) = exp(-x^2 / 2): nearly every value costs one output of the
** generator and no logarithm or cosine.  The layers, from
** r = 3.654152885361009 and v = r f(r) + the tail area beyond r =
** 0.004928673233974655:
**   x[0] = v / f(r), x[1] = r,
**   x[i + 1] = sqrt(-2 log(v / x[i] + f(x[i]))) for i = 1..254,
**   x[256] = 0;  y[i] = f(x[i]) for i = 1..255, y[256] = 1.
** One value: w = the next output; layer i = w & 255, negative when bit 8
** of w is set, u = (w >> 11) 2^-53, x = u x[i].  x < x[i + 1]: x.  Else,
** in layer 0, the tail (Marsaglia 1964): a = -log(1 - u1) / r, b =
** -log(1 - u2) from two more uniforms, until 2 b >= a^2, then r + a;
** in another layer, y = y[i] + u3 (y[i + 1] - y[i]) from one more
** uniform: x when y < f(x), else start again with a new w.
*/
typedef struct dip_ziggurat {
  double x[257], y[257];
} dip_ziggurat;

/* Fills z with the layers above (a few microseconds). */
void dip_ziggurat_init(dip_ziggurat *z);
/* A standard normal deviate drawn from g with the layers z. */
double dip_rng_normal(dip_rng *g, const dip_ziggurat *z);
/* The next n deviates of dip_rng_normal in out[0..n-1] (one call for
** many: the same values, without a call for each). */
void dip_rng_normals(dip_rng *g, const dip_ziggurat *z, double *out, int n);

/* }====== */

#endif
