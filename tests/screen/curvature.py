"""Reads a screen (stdin) with the explorer's cursor (U+253C) and the
Hessian's two rays through it, on x^2 - y^2 with the eigen-directions along
the axes: prints "up N solid of M drawn" for the cells left of the cursor on
its row (along x the surface curves up) and "down N solid of M drawn" for
the cells above and below it in its column (along y it curves down): N of
the M cells with dots a full braille row or column, i.e. drawn solid.
A braille cell's dots are the bits of its code point above U+2800."""
import sys

rows = sys.stdin.read().split("\n")
at = [(r, line.index("\u253c")) for r, line in enumerate(rows) if "\u253c" in line]
if not at:
    sys.exit("no cursor on the screen")
r, c = at[0]


def dots(ch):
    n = ord(ch) - 0x2800
    return n if 0 < n < 256 else 0


def cell(rr, cc):
    return rows[rr][cc] if 0 <= rr < len(rows) and cc < len(rows[rr]) else " "


# a full column: dots 1 2 3 7 (0x47) or 4 5 6 8 (0xb8); a full row: two dots side by side
full_col = lambda n: n & 0x47 == 0x47 or n & 0xB8 == 0xB8
full_row = lambda n: any(n & m == m for m in (0x09, 0x12, 0x24, 0xC0))
left = [dots(cell(r, c - k)) for k in range(1, 6)]
vert = [dots(cell(r + d, c)) for d in (-3, -2, -1, 1, 2, 3)]
print("up %d solid of %d drawn" % (sum(full_row(n) for n in left), sum(n > 0 for n in left)))
print("down %d solid of %d drawn" % (sum(full_col(n) for n in vert), sum(n > 0 for n in vert)))
