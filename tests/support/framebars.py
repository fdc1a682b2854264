#!/usr/bin/env python3
"""Reads the frame number drawn as 8 bars (bit k: a 40 px wide bar at
x = 40 k, white for 1, black for 0) in a region of each frame of a video.

    framebars.py VIDEO X Y [W H]   ->  one line per frame: the number, or -1
                                       when the region shows no bars (flat)

The region (default 320x240) is sampled along its middle row, at each bar's
centre, in the luma plane decoded by the ffmpeg CLI."""
import subprocess
import sys


def main():
    path, x, y = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    w = int(sys.argv[4]) if len(sys.argv) > 4 else 320
    h = int(sys.argv[5]) if len(sys.argv) > 5 else 240
    raw = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", path, "-vf", f"crop={w}:{h}:{x}:{y},format=gray",
         "-f", "rawvideo", "-"], check=True, stdout=subprocess.PIPE).stdout
    size = w * h
    step = w // 8
    for f in range(len(raw) // size):
        row = raw[f * size + (h // 2) * w:f * size + (h // 2 + 1) * w]
        vals = [row[k * step + step // 2] for k in range(8)]
        if all(40 < v < 200 for v in vals):
            print(-1)
            continue
        print(sum(1 << k for k, v in enumerate(vals) if v > 125))


main()
