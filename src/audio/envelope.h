/* Gains over time, as pure functions of the plan's numbers: a track's
 * volume (constant or dB keyframes), its fades along their curves, and the
 * ducking envelope built from the known windows of the tracks it listens to.
 * Times in seconds; gains as amplitude factors unless named _db. */
#ifndef VF_AUDIO_ENVELOPE_H
#define VF_AUDIO_ENVELOPE_H

#include "vidforge/mix.h"

/* Amplitude of a fade at progress x (0: silent, 1: full), VfFadeCurve:
 * linear x; log log10(1 + 9x); exp (10^x - 1) / 9. x is clamped to 0..1. */
double vf_fade_gain(int curve, double x);

/* The track's volume in dB at tt seconds from its start: constant, or linear
 * in dB between keyframes (held before the first and after the last). */
double vf_volume_db_at(const VfMixTrack *t, double tt);

/* Fades of a track heard for len seconds from its start, at tt: the
 * product of the fade in and the fade out (1 between them). */
double vf_fades_at(const VfMixTrack *t, double tt, double len);

/* A span of the output where a listened-to track sounds. */
typedef struct VfDuckWindow {
    double start, end;
} VfDuckWindow;

/* How far ducked (0: not, 1: the full depth) at output time t: 1 inside a
 * window, a linear ramp over `attack` seconds up to a window's start and
 * over `release` seconds after its end; the largest over all windows.
 * (The gain is depth * amount in dB, so each ramp is linear in dB.) */
double vf_duck_amount(const VfDuckWindow *w, int nb, double attack, double release, double t);

#endif
