/*
** rng.c — seeded random numbers (see rng.h): splitmix64 to seed,
** xoshiro256** to draw, the ziggurat for normal deviates.  Reference
** algorithms: https://prng.di.unimi.it/ (xoshiro256starstar.c and
** splitmix64.c, public domain), written out here from the published
** recurrences; the ziggurat from Marsaglia and Tsang's paper (rng.h).
** Written by hand: igraph's normal deviates (igraph_rng_get_normal) are
** the inverse of the normal distribution function (AS 241) applied to
** a uniform, no faster than Box-Muller and tied to igraph's own
** generator interface; GSL's (gsl_ran_gaussian_ziggurat) places a value
** within its layer by 24 random bits (x = j w_i, j < 2^24), where this
** one uses 53, and would be a new dependency for one function.
*/
#include <math.h>
#include <string.h>

#include "rng.h"

uint64_t dip_splitmix64(uint64_t *state) {
  uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

void dip_rng_seed(dip_rng *g, uint64_t seed) {
  int k;
  for (k = 0; k < 4; k++) g->s[k] = dip_splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k) {
  return (x << k) | (x >> (64 - k));
}

static inline uint64_t next(dip_rng *g) {
  uint64_t *s = g->s;
  uint64_t result = rotl(s[1] * 5, 7) * 9;
  uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return result;
}

uint64_t dip_rng_next(dip_rng *g) { return next(g); }

static inline double uniform(dip_rng *g) {
  return (double)(next(g) >> 11) * 0x1.0p-53;
}

double dip_rng_uniform(dip_rng *g) { return uniform(g); }

/* The unnormalised normal density. */
static double density(double x) { return exp(-0.5 * x * x); }

#define ZIG_R 3.654152885361009
#define ZIG_V 0.004928673233974655

void dip_ziggurat_init(dip_ziggurat *z) {
  int i;
  z->x[0] = ZIG_V / density(ZIG_R);
  z->x[1] = ZIG_R;
  for (i = 1; i <= 254; i++)
    z->x[i + 1] = sqrt(-2.0 * log(ZIG_V / z->x[i] + density(z->x[i])));
  z->x[256] = 0.0;
  z->y[0] = 0.0; /* layer 0 has the tail instead of a wedge */
  for (i = 1; i <= 255; i++) z->y[i] = density(z->x[i]);
  z->y[256] = 1.0;
}

/* x with its sign set from bit 8 of w (no branch: the bit is random). */
static inline double signed_by(uint64_t w, double x) {
  uint64_t b;
  memcpy(&b, &x, sizeof b);
  b ^= (w & 256) << 55;
  memcpy(&x, &b, sizeof x);
  return x;
}

/* A deviate from output w and those after it, when w's point is outside
** its layer's core: the tail or the wedge, else a new w. */
static double normal_rest(dip_rng *g, const dip_ziggurat *z, uint64_t w) {
  for (;;) {
    int i = (int)(w & 255);
    double x = (double)(w >> 11) * 0x1.0p-53 * z->x[i];
    if (x < z->x[i + 1]) return signed_by(w, x); /* the layer's core */
    if (i == 0) { /* the tail beyond r */
      double a, b;
      do {
        a = -log(1.0 - uniform(g)) / ZIG_R;
        b = -log(1.0 - uniform(g));
      } while (b + b < a * a);
      return signed_by(w, ZIG_R + a);
    }
    if (z->y[i] + uniform(g) * (z->y[i + 1] - z->y[i]) < density(x))
      return signed_by(w, x); /* in the wedge, under the curve */
    w = next(g);
  }
}

/* The common case inline: the point falls in its layer's core. */
static inline double normal(dip_rng *g, const dip_ziggurat *z) {
  uint64_t w = next(g);
  int i = (int)(w & 255);
  double x = (double)(w >> 11) * 0x1.0p-53 * z->x[i];
  if (x < z->x[i + 1]) return signed_by(w, x);
  return normal_rest(g, z, w);
}

double dip_rng_normal(dip_rng *g, const dip_ziggurat *z) {
  return normal(g, z);
}

void dip_rng_normals(dip_rng *g, const dip_ziggurat *z, double *out, int n) {
  int k;
  for (k = 0; k < n; k++) out[k] = normal(g, z);
}
