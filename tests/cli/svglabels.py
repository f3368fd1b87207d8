#!/usr/bin/python3
"""Checks the racers' names on a descent SVG as a reader would see them:
no two names touch (their 3 px halos apart) and no name covers another
racer's head mark. The names' widths come from the font the SVG asks for,
DejaVu Sans Bold, read from its TrueType hmtx table (not from descent's own
estimate). Usage: svglabels.py FONT.ttf FILE.svg; prints one line per
problem and exits 1 when there is one, 0 otherwise."""
import re
import struct
import sys


def advances(path):
    """Advance widths in em of the font's characters 32..126."""
    d = open(path, "rb").read()
    tables = {}
    for i in range(struct.unpack(">H", d[4:6])[0]):
        tag, _, off, size = struct.unpack(">4sIII", d[12 + 16 * i:28 + 16 * i])
        tables[tag.decode()] = off
    upem = struct.unpack(">H", d[tables["head"] + 18:tables["head"] + 20])[0]
    n_metrics = struct.unpack(">H", d[tables["hhea"] + 34:tables["hhea"] + 36])[0]
    cmap = tables["cmap"]
    sub = None
    for i in range(struct.unpack(">H", d[cmap + 2:cmap + 4])[0]):
        pid, eid, off = struct.unpack(">HHI", d[cmap + 4 + 8 * i:cmap + 12 + 8 * i])
        if pid == 3 and eid == 1:
            sub = cmap + off
    seg2 = struct.unpack(">H", d[sub + 6:sub + 8])[0]
    seg = seg2 // 2
    ends = struct.unpack(">%dH" % seg, d[sub + 14:sub + 14 + seg2])
    starts = struct.unpack(">%dH" % seg, d[sub + 16 + seg2:sub + 16 + 2 * seg2])
    deltas = struct.unpack(">%dh" % seg, d[sub + 16 + 2 * seg2:sub + 16 + 3 * seg2])
    ro_at = sub + 16 + 3 * seg2
    ros = struct.unpack(">%dH" % seg, d[ro_at:ro_at + seg2])

    def glyph(c):
        for i in range(seg):
            if starts[i] <= c <= ends[i]:
                if ros[i] == 0:
                    return (c + deltas[i]) & 0xFFFF
                a = ro_at + 2 * i + ros[i] + 2 * (c - starts[i])
                g = struct.unpack(">H", d[a:a + 2])[0]
                return (g + deltas[i]) & 0xFFFF if g else 0
        return 0

    out = {}
    for c in range(32, 127):
        g = min(glyph(c), n_metrics - 1)
        out[chr(c)] = struct.unpack(">H", d[tables["hmtx"] + 4 * g:tables["hmtx"] + 4 * g + 2])[0] / upem
    return out


def main():
    em = advances(sys.argv[1])
    svg = open(sys.argv[2]).read()
    names = []
    for m in re.finditer(r'<text x="([-0-9.]+)" y="([-0-9.]+)" class="label"(?: font-size="([0-9.]+)")?'
                         r'[^>]*>([^<]*)</text>', svg):
        # without a size of its own a name has the page's, 13 px
        x, y, size, text = float(m.group(1)), float(m.group(2)), float(m.group(3) or 13), m.group(4)
        w = sum(em.get(c, 0.8) for c in text) * size
        # the text's box: from its baseline up an em, down a fifth; halo 1.5 px
        names.append((text, x - 1.5, y - size - 1.5, x + w + 1.5, y + 0.2 * size + 1.5))
    heads = [(float(m.group(1)), float(m.group(2)))
             for m in re.finditer(r'<path class="head" transform="translate\(([-0-9.]+) ([-0-9.]+)\)', svg)]
    bad = 0
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]:
                print("names touch: %s and %s" % (a[0], b[0]))
                bad = 1
        for k, (hx, hy) in enumerate(heads):
            if k != i and a[1] < hx + 6 and hx - 6 < a[3] and a[2] < hy + 6 and hy - 6 < a[4]:
                print("name %s covers head %d at (%.0f, %.0f)" % (a[0], k, hx, hy))
                bad = 1
    print("%d names, %d heads" % (len(names), len(heads)))
    sys.exit(bad)


main()
