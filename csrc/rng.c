/*
** rng.c — seeded random numbers (see rng.h): splitmix64 to seed,
** xoshiro256** to draw, Box-Muller for normal deviates.  Reference
** algorithms: https://prng.di.unimi.it/ (xoshiro256starstar.c and
** splitmix64.c, public domain), written out here from the published
** recurrences.
*/
#include <math.h>

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

uint64_t dip_rng_next(dip_rng *g) {
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

double dip_rng_uniform(dip_rng *g) {
  return (double)(dip_rng_next(g) >> 11) * 0x1.0p-53;
}

double dip_rng_normal(dip_rng *g) {
  const double two_pi = 6.283185307179586476925286766559;
  double u1 = dip_rng_uniform(g), u2 = dip_rng_uniform(g);
  return sqrt(-2.0 * log(1.0 - u1)) * cos(two_pi * u2);
}
