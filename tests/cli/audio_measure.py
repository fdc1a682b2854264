#!/usr/bin/env python3
"""Independent measurements of a rendered file's audio, decoded by the ffmpeg
CLI (which applies the container's edit list, so encoder priming is gone).
usage: audio_measure.py COMMAND FILE [ARGS]
  peak FROM TO         sample index (48 kHz, left channel) of the largest |x| in [FROM, TO) s
  level T0 T1 [F]      RMS in dBFS of [T0, T1) s, after a band-pass at F Hz when given
  cross T0 T1 DB W [F] first time in [T0, T1) where the W-second RMS crosses DB dBFS
  hf T0 T1             largest 5 ms RMS (dBFS) above 4 kHz in [T0, T1) s
  gap T0 T1            smallest 5 ms RMS (dBFS) in [T0, T1) s
"""
import array
import math
import subprocess
import sys

RATE = 48000


def decode(path, filt=None):
    cmd = ["ffmpeg", "-v", "error", "-i", path]
    if filt:
        cmd += ["-af", filt]
    cmd += ["-ac", "1", "-ar", str(RATE), "-f", "f32le", "-"]
    a = array.array("f")
    a.frombytes(subprocess.run(cmd, check=True, stdout=subprocess.PIPE).stdout)
    return a


def left(path):  # the left channel alone (no downmix)
    a = array.array("f")
    cmd = ["ffmpeg", "-v", "error", "-i", path, "-af", "pan=mono|c0=c0", "-ar", str(RATE),
           "-f", "f32le", "-"]
    a.frombytes(subprocess.run(cmd, check=True, stdout=subprocess.PIPE).stdout)
    return a


def rms_db(a, i0, i1):
    i1 = min(i1, len(a))
    if i1 <= i0:
        return -200.0
    s = sum(x * x for x in a[i0:i1]) / (i1 - i0)
    return 10 * math.log10(s) if s > 0 else -200.0


def band(f):
    return f"bandpass=f={f}:width_type=q:w=8,bandpass=f={f}:width_type=q:w=8" if f else None


def windows(a, t0, t1, w):
    step = int(w * RATE)
    i = int(t0 * RATE)
    while i + step <= min(int(t1 * RATE), len(a)):
        yield i, rms_db(a, i, i + step)
        i += step


def main():
    cmd, path, args = sys.argv[1], sys.argv[2], [float(x) for x in sys.argv[3:]]
    if cmd == "peak":
        a = left(path)
        i0, i1 = int(args[0] * RATE), int(args[1] * RATE)
        best = max(range(i0, min(i1, len(a))), key=lambda i: abs(a[i]))
        print(best)
    elif cmd == "level":
        a = decode(path, band(args[2]) if len(args) > 2 else None)
        print(f"{rms_db(a, int(args[0] * RATE), int(args[1] * RATE)):.2f}")
    elif cmd == "cross":
        t0, t1, db, w = args[:4]
        a = decode(path, band(args[4]) if len(args) > 4 else None)
        prev = None
        for i, lv in windows(a, t0, t1, w):
            if prev is not None and (prev - db) * (lv - db) <= 0:
                print(f"{(i + w * RATE / 2) / RATE:.3f}")
                return
            prev = lv
        print("none")
    elif cmd == "hf":
        a = decode(path, "highpass=f=4000,highpass=f=4000")
        print(f"{max(lv for _, lv in windows(a, args[0], args[1], 0.005)):.2f}")
    elif cmd == "gap":
        a = decode(path)
        print(f"{min(lv for _, lv in windows(a, args[0], args[1], 0.005)):.2f}")


main()
