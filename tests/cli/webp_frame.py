# Writes frame N of an animated WebP as a still WebP and prints its x y w h;
# FFmpeg before 7.1 cannot decode animated WebP, but decodes its frames so.
# usage: webp_frame.py ANIMATED.webp OUT.webp N
import struct, sys
d = open(sys.argv[1], "rb").read()
i, n = 12, int(sys.argv[3])
while i + 8 <= len(d):
    tag, size = d[i:i+4], struct.unpack("<I", d[i+4:i+8])[0]
    body = d[i+8:i+8+size]
    if tag == b"ANMF":
        if n == 0:
            x, y = int.from_bytes(body[0:3], "little") * 2, int.from_bytes(body[3:6], "little") * 2
            w, h = int.from_bytes(body[6:9], "little") + 1, int.from_bytes(body[9:12], "little") + 1
            payload = body[16:]
            if payload[:4] == b"ALPH":  # a VP8X header lets decoders take the ALPH chunk
                vp8x = b"VP8X" + struct.pack("<I", 10) + bytes([16, 0, 0, 0]) + (w - 1).to_bytes(3, "little") + (h - 1).to_bytes(3, "little")
                payload = vp8x + payload
            open(sys.argv[2], "wb").write(b"RIFF" + struct.pack("<I", 4 + len(payload)) + b"WEBP" + payload)
            print(x, y, w, h)
            sys.exit(0)
        n -= 1
    i += 8 + size + (size & 1)
sys.exit(1)
