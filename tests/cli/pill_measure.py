#!/usr/bin/env python3
"""Measures a text background box (a "pill") and its shadow in a PNG, read
through the ffmpeg CLI (never vidforge's own PNG code).

usage: pill_measure.py FRAME.png R,G,B
prints one line of KEY=VALUE:
  pill=x0,y0,x1,y1     bounding box of the pixels within 8 of the pill colour
  shadow=x0,y0,x1,y1   bounding box of the dark pixels (every channel < 40)
  dark_inside=N        dark pixels (luma 40 below the pill's) inside the pill,
                       its corners left out: a shadow on the letters
  edge=W               pixels the shadow's bottom edge takes to go from 90% to
                       10% darkness, down the column of the pill's centre
"""
import subprocess
import sys


def frame(path):
    probe = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "stream=width,height",
                            "-of", "csv=p=0", path], capture_output=True, text=True, check=True)
    w, h = (int(v) for v in probe.stdout.strip().split(","))
    raw = subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-i", path,
                          "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
                         capture_output=True, check=True).stdout
    return w, h, raw


def bbox(w, h, test):
    xs, ys = [], []
    for y in range(h):
        for x in range(w):
            if test(x, y):
                xs.append(x)
                ys.append(y)
    return (min(xs), min(ys), max(xs) + 1, max(ys) + 1) if xs else (0, 0, 0, 0)


def main():
    w, h, raw = frame(sys.argv[1])
    pill = [int(v) for v in sys.argv[2].split(",")]
    px = lambda x, y: raw[(y * w + x) * 3:(y * w + x) * 3 + 3]
    luma = lambda c: 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
    is_pill = lambda x, y: all(abs(a - b) <= 8 for a, b in zip(px(x, y), pill))
    is_dark = lambda x, y: all(v < 40 for v in px(x, y))
    p = bbox(w, h, is_pill)
    s = bbox(w, h, is_dark)
    inset, dark_inside = 12, 0
    for y in range(p[1] + inset, p[3] - inset):
        for x in range(p[0] + inset, p[2] - inset):
            if luma(px(x, y)) < luma(pill) - 40:
                dark_inside += 1
    # the shadow's lower edge, below the pill, down the centre column
    cx, white = (p[0] + p[2]) // 2, 255.0
    levels = [1 - luma(px(cx, y)) / white for y in range(p[3], h)]
    top = max(levels) if levels else 0
    hi = next((i for i, v in enumerate(levels) if v < 0.9 * top), 0)
    lo = next((i for i, v in enumerate(levels) if v < 0.1 * top), 0)
    print("pill=%d,%d,%d,%d shadow=%d,%d,%d,%d dark_inside=%d edge=%d"
          % (p + s + (dark_inside, lo - hi)))


main()
