#!/usr/bin/env python3
"""Reads large type back from a captured screen, as a person reads it.

The screen (capture-pane -p, stdin) is turned into dots: a full block or '#'
is two dots one above the other, an upper or lower half block one dot. The
dot size is the shortest run of dots across and down; each band of text is
cut into glyphs of 4 dots across and 6 down and each glyph matched against
the digits and signs below. Prints one line per band ('?': not a digit or
sign). With --mean it instead checks that a "(a + b + ...) / n = m" read
from the screen adds up: prints the terms and exits 1 when they do not.
"""
import re
import sys

GLYPHS = {
    "0": ["###", "#.#", "#.#", "#.#", "###"],
    "1": [".#.", "##.", ".#.", ".#.", "###"],
    "2": ["###", "..#", "###", "#..", "###"],
    "3": ["###", "..#", "###", "..#", "###"],
    "4": ["#.#", "#.#", "###", "..#", "..#"],
    "5": ["###", "#..", "###", "..#", "###"],
    "6": ["###", "#..", "###", "#.#", "###"],
    "7": ["###", "..#", "..#", "..#", "..#"],
    "8": ["###", "#.#", "###", "#.#", "###"],
    "9": ["###", "#.#", "###", "..#", "###"],
    ".": ["...", "...", "...", "...", ".#."],
    "-": ["...", "...", "###", "...", "..."],
    "+": ["...", ".#.", "###", ".#.", "..."],
    "=": ["...", "###", "...", "###", "..."],
    "(": [".#.", "#..", "#..", "#..", ".#."],
    ")": [".#.", "..#", "..#", "..#", ".#."],
    "/": ["..#", "..#", ".#.", "#..", "#.."],
    "L": ["#..", "#..", "#..", "#..", "###"],
    " ": ["...", "...", "...", "...", "..."],
}
BY_DOTS = {"".join(rows): ch for ch, rows in GLYPHS.items()}
CELL = {"\u2588": (1, 1), "#": (1, 1), "\u2580": (1, 0), "\u2584": (0, 1)}


def dots(screen):
    width = max((len(l) for l in screen), default=0)
    grid = [[0] * width for _ in range(2 * len(screen))]
    for y, l in enumerate(screen):
        for x, c in enumerate(l):
            top, bottom = CELL.get(c, (0, 0))
            grid[2 * y][x], grid[2 * y + 1][x] = top, bottom
    return grid


def shortest_run(rows):
    best = None
    for r in rows:
        run = 0
        for v in list(r) + [0]:
            if v:
                run += 1
            elif run:
                best = run if best is None else min(best, run)
                run = 0
    return best


def read(screen):
    g = dots(screen)
    if not g or not any(any(r) for r in g):
        return []
    pw = shortest_run(g)
    ph = shortest_run(list(zip(*g)))
    out, y = [], 0
    while y < len(g):
        if not any(g[y]):
            y += 1
            continue
        band = g[y:y + 6 * ph]
        band += [[0] * len(g[0])] * (6 * ph - len(band))
        left = min(x for r in band for x, v in enumerate(r) if v)
        best = None
        for shift in range(3):
            x0 = left - shift * pw
            if x0 < 0:
                continue
            text = ""
            for gx in range(x0, len(g[0]), 4 * pw):
                key = "".join("#" if gx + c * pw < len(g[0]) and band[r * ph][gx + c * pw] else "."
                              for r in range(5) for c in range(3))
                text += BY_DOTS.get(key, "?")
            if best is None or text.count("?") < best.count("?"):
                best = text
        out.append(best.rstrip())
        y += 6 * ph
    return out


def main():
    screen = sys.stdin.read().split("\n")
    lines = read(screen)
    if "--mean" not in sys.argv:
        print("\n".join(lines))
        return 0
    text = " ".join(lines)
    num = r"-?\d+(?:\.\d+)?"
    m = re.search(r"\(\s*(%s(?:\s*\+\s*%s)*)\s*\)\s*/\s*(\d+)\s*=\s*(%s)" % (num, num, num), text)
    if not m:
        print("no (a + b + ...) / n = m in large type: %r" % text)
        return 1
    terms = [float(t) for t in re.findall(num, m.group(1))]
    n, mean = int(m.group(2)), float(m.group(3))
    decimals = len(m.group(3).split(".")[1]) if "." in m.group(3) else 0
    print("terms %s n %d mean %s" % (" ".join(re.findall(num, m.group(1))), n, m.group(3)))
    if len(terms) != n:
        print("%d terms shown for n = %d" % (len(terms), n))
        return 1
    if abs(sum(terms) / n - mean) > 0.5 * 10 ** -decimals + 1e-9:
        print("(%s) / %d = %g, not %s" % (" + ".join(map(str, terms)), n, sum(terms) / n, m.group(3)))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
