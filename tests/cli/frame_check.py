#!/usr/bin/env python3
"""Pixel checks on decoded video frames, for the captions tests.

usage: frame_check.py VIDEO W H FRAME COLOUR [X0 Y0 X1 Y1]
  COLOUR: red, yellow, blue, white, lit (any channel over 96)
prints "COUNT X0 Y0 X1 Y1": how many pixels of that colour the frame has
(inside the optional box), and their bounding box (-1s when none).

usage: frame_check.py --psnr A B [FRAME]
prints the PSNR (dB, RGB, 99 when equal) between the two videos' frame
FRAME, or the lowest over all frames when FRAME is absent.
"""
import math
import subprocess
import sys

COLOURS = {
    "red": lambda r, g, b: r > 150 and g < 80 and b < 80,
    "yellow": lambda r, g, b: r > 150 and g > 150 and b < 90,
    "blue": lambda r, g, b: b > 150 and r < 90 and g < 90,
    "white": lambda r, g, b: r > 150 and g > 150 and b > 150,
    "lit": lambda r, g, b: max(r, g, b) > 96,
}


def frames(path, w, h):
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", path, "-f", "rawvideo",
                          "-pix_fmt", "rgb24", "-"], check=True,
                         stdout=subprocess.PIPE).stdout
    size = w * h * 3
    return [raw[i:i + size] for i in range(0, len(raw) - size + 1, size)]


def size_of(path):
    out = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                          "stream=width,height", "-of", "csv=p=0", path], check=True,
                         stdout=subprocess.PIPE, text=True).stdout
    w, h = out.strip().split(",")[:2]
    return int(w), int(h)


def psnr(a, b):
    mse = sum((x - y) ** 2 for x, y in zip(a, b)) / len(a)
    return 99.0 if mse == 0 else 10 * math.log10(255 * 255 / mse)


def main(argv):
    if argv[1] == "--psnr":
        w, h = size_of(argv[2])
        fa, fb = frames(argv[2], w, h), frames(argv[3], w, h)
        pick = [int(argv[4])] if len(argv) > 4 else range(min(len(fa), len(fb)))
        print("%.2f" % min(psnr(fa[i], fb[i]) for i in pick))
        return 0
    path, w, h, n, colour = argv[1], int(argv[2]), int(argv[3]), int(argv[4]), argv[5]
    box = [int(v) for v in argv[6:10]] if len(argv) >= 10 else [0, 0, w, h]
    f = frames(path, w, h)[n]
    test = COLOURS[colour]
    count, bb = 0, [w, h, -1, -1]
    for y in range(max(0, box[1]), min(h, box[3])):
        for x in range(max(0, box[0]), min(w, box[2])):
            i = (y * w + x) * 3
            if test(f[i], f[i + 1], f[i + 2]):
                count += 1
                bb = [min(bb[0], x), min(bb[1], y), max(bb[2], x), max(bb[3], y)]
    if not count:
        bb = [-1, -1, -1, -1]
    print(count, *bb)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
