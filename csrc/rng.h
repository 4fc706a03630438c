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
** Standard normal: Box-Muller (1958) on two uniforms,
** sqrt(-2 ln(1 - u1)) cos(2 pi u2); one value per call (the sine
** partner is dropped, so each value uses exactly two outputs).
*/
double dip_rng_normal(dip_rng *g);

/* }====== */

#endif
