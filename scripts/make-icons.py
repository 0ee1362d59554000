#!/usr/bin/env python3
"""Writes src-tauri/icons/*.png (RGBA) with the standard library only.

Tauri needs icons/icon.png at build time on Linux, icons/icon.ico on Windows
and icons/icon.icns for the macOS bundle; `cargo tauri icon` and PIL are not
assumed to be present. Re-run after changing the drawing below.
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


def ico(sizes):
    # Windows icon with PNG-compressed entries (Vista and later read them);
    # tauri-build embeds icons/icon.ico in the Windows executable.
    images = [png(n) for n in sizes]
    out = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    for n, data in zip(sizes, images):
        out += struct.pack("<BBBBHHII", n % 256, n % 256, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    return out + b"".join(images)


def icns(entries):
    # macOS icon family: each entry a PNG under its OSType (ic07 = 128 px,
    # ic08 = 256, ic09 = 512, ic10 = 512@2x).
    body = b"".join(kind + struct.pack(">I", 8 + len(data)) + data for kind, data in ((k, png(n)) for k, n in entries))
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def write(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)
    print("wrote", name)


os.makedirs(OUT, exist_ok=True)
# The sizes desktops look for in the hicolor theme (the .deb installs each
# under usr/share/icons/hicolor/<size>/apps/), then Windows' and macOS' own.
for name, n in [("16x16.png", 16), ("24x24.png", 24), ("32x32.png", 32), ("48x48.png", 48), ("64x64.png", 64),
                ("128x128.png", 128), ("128x128@2x.png", 256), ("256x256.png", 256), ("icon.png", 512)]:
    write(name, png(n))
write("icon.ico", ico([16, 24, 32, 48, 64, 256]))
write("icon.icns", icns([(b"ic07", 128), (b"ic08", 256), (b"ic09", 512), (b"ic10", 1024)]))
