#!/usr/bin/env python3
"""Writes src-tauri/icons/*.png (RGBA) with the standard library only.

Tauri needs icons/icon.png at build time on Linux; `cargo tauri icon` and PIL
are not assumed to be present. Re-run after changing the drawing below.
"""
import os
import struct
import zlib

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src-tauri", "icons")


def pixel(x, y, n):
    # A rounded teal square with a white "lens" ring: reads as "photos".
    u, v = (x + 0.5) / n, (y + 0.5) / n
    r = 0.18
    cx, cy = min(max(u, r), 1 - r), min(max(v, r), 1 - r)
    if (u - cx) ** 2 + (v - cy) ** 2 > r * r:
        return (0, 0, 0, 0)
    d = ((u - 0.5) ** 2 + (v - 0.52) ** 2) ** 0.5
    if 0.20 <= d <= 0.29 or d <= 0.09:
        return (255, 255, 255, 255)
    t = v
    return (int(20 + 30 * t), int(120 - 40 * t), int(140 - 20 * t), 255)


def png(n):
    rows = b"".join(
        b"\x00" + b"".join(struct.pack("4B", *pixel(x, y, n)) for x in range(n))
        for y in range(n)
    )

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", n, n, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


os.makedirs(OUT, exist_ok=True)
for name, n in [("32x32.png", 32), ("128x128.png", 128), ("128x128@2x.png", 256), ("icon.png", 512)]:
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(png(n))
    print("wrote", name)
