# descent trace --svg: a standalone, well-formed SVG with one path per
# optimizer, legend and title; written whole or not at all.
. tests/lib.sh

# well_formed FILE: xmllint when Debian's libxml2-utils is there, otherwise
# the shape of the document checked with grep.
well_formed() {
    if command -v xmllint >/dev/null 2>&1; then
        xmllint --noout "$1" 2>"$TMP/xmllint" && return 0
        cat "$TMP/xmllint" >&2
        return 1
    fi
    head -n 1 "$1" | grep -q '^<?xml version="1.0"' && sed -n 2p "$1" | grep -q '^<svg xmlns="http://www.w3.org/2000/svg"' &&
        [ "$(tail -n 1 "$1")" = "</svg>" ]
}
command -v xmllint >/dev/null 2>&1 && how=xmllint || how="grep (no xmllint)"

run trace --surface booth --steps 50 --svg "$TMP/booth.svg"
if [ "$status" -eq 0 ] && [ ! -s "$TMP/out" ] && [ ! -s "$TMP/err" ] && [ -s "$TMP/booth.svg" ]; then
    ok "trace --svg writes the file, nothing on stdout or stderr"
else
    not_ok "trace --svg writes the file" "status $status" "$(cat "$TMP/err")"
fi
well_formed "$TMP/booth.svg" && ok "the SVG is well-formed ($how)" || not_ok "the SVG is well-formed ($how)"

n=$(grep -c 'class="trajectory"' "$TMP/booth.svg")
[ "$n" -eq 6 ] && ok "one trajectory path per optimizer (6)" || not_ok "one trajectory per optimizer" "$n paths"
bad=
for name in sgd momentum nesterov adagrad rmsprop adam; do
    grep -q "class=\"trajectory\" data-optimizer=\"$name\"" "$TMP/booth.svg" || bad="$bad path:$name"
    grep -q ">$name</text>" "$TMP/booth.svg" || bad="$bad legend:$name"
done
[ -z "$bad" ] && ok "each optimizer has its path and a legend entry" || not_ok "paths and legend" "missing:$bad"
grep -qF '>booth: f(x, y) = (x+2*y-7)^2 + (2*x+y-5)^2</text>' "$TMP/booth.svg" &&
    ok "the title names the surface and its formula" || not_ok "the title names the surface and its formula"
[ "$(grep -c '<path class="head"' "$TMP/booth.svg")" -ge 1 ] && grep -q 'class="minimum"' "$TMP/booth.svg" &&
    grep -q '<g id="bands"' "$TMP/booth.svg" && grep -q '<g id="contours"' "$TMP/booth.svg" &&
    grep -q '<g id="axes"' "$TMP/booth.svg" && ok "bands, contour lines, axes, heads and minimum are there" ||
    not_ok "bands, contour lines, axes, heads and minimum are there"

run trace --surface booth --steps 20 --opt sgd:lr=0.1 --opt adam --svg "$TMP/two.svg"
n=$(grep -c 'class="trajectory"' "$TMP/two.svg" 2>/dev/null)
[ "$status" -eq 0 ] && [ "$n" -eq 2 ] && ok "two --opt give two paths" || not_ok "two --opt give two paths" "status $status, $n paths"

# The paper: white for light, dark for dark.
paper() { sed -n 's/.*<rect id="paper"[^>]*fill="\(#[0-9a-f]*\)".*/\1/p' "$1"; }
run trace --surface booth --steps 5 --svg "$TMP/light.svg" --theme light
[ "$(paper "$TMP/light.svg")" = "#ffffff" ] && ok "--theme light: white paper" || not_ok "--theme light: white paper" "$(paper "$TMP/light.svg")"
case $(paper "$TMP/booth.svg") in \#[0-3][0-9a-f][0-3][0-9a-f][0-3][0-9a-f]) ok "default theme: dark paper" ;; *) not_ok "default theme: dark paper" "$(paper "$TMP/booth.svg")" ;; esac

# A diverging path stays finite: no inf or nan, numbers of sane size.
run trace --surface booth --steps 1000 --opt sgd:lr=0.2 --svg "$TMP/div.svg"
if [ "$status" -eq 0 ] && well_formed "$TMP/div.svg" && ! grep -Eiq 'nan|inf[^o]|e\+' "$TMP/div.svg" &&
    grep -q 'diverged at step' "$TMP/div.svg"; then
    ok "a diverging path is drawn with finite numbers and marked diverged"
else
    not_ok "a diverging path is drawn with finite numbers" "status $status" "$(grep -Eio '.{20}(nan|inf|e\+).{20}' "$TMP/div.svg" | head -n 3)"
fi

# Equal aspect: valley (x^2 + 64 y^2, view 20 x 5 units) keeps its 8:1
# ellipses: the tick labels are as many px apart per unit across as down.
run trace --scene scenes/valley.scene --svg "$TMP/valley.svg"
per_unit() { # AXIS(x|y) -> px per unit from the first and last tick label of that axis
    if [ "$1" = x ]; then
        sed -n 's/^<text x="\([-0-9.]*\)" y="[-0-9.]*" text-anchor="middle">\([-0-9.e+]*\)<.*/\1 \2/p' "$TMP/valley.svg"
    else
        sed -n 's/^<text x="[-0-9.]*" y="\([-0-9.]*\)" text-anchor="end">\([-0-9.e+]*\)<.*/\1 \2/p' "$TMP/valley.svg"
    fi | awk 'NR == 1 { p = $1; v = $2 } { q = $1; w = $2 } END { if (w != v) printf "%.3f", (q - p) / (w - v); else print "none" }'
}
px=$(per_unit x) py=$(per_unit y)
awk -v a="$px" -v b="$py" 'BEGIN { exit !(a > 0 && (a + b) * (a + b) < 1e-4) }' &&
    ok "valley's SVG: one unit as long across ($px px) as down" ||
    not_ok "valley's SVG: one unit as long across as down" "across $px px, down $py px per unit (y grows upward)"
# A mark's edge is 1.2 px at any scale, in its path's own units: viewers
# that ignore vector-effect (librsvg) drew a scaled-up edge over the mark.
bad=$(grep -o 'scale([0-9.]*)" d="[^"]*" fill="[^"]*" stroke="[^"]*" stroke-width="[0-9.]*"' "$TMP/valley.svg" |
    sed 's/scale(\([0-9.]*\)).*stroke-width="\([0-9.]*\)"/\1 \2/' | awk '($1 * $2 - 1.2)^2 > 1e-4')
[ -z "$bad" ] && grep -q 'class="minimum"' "$TMP/valley.svg" && grep -q '>known minimum</text>' "$TMP/valley.svg" &&
    ! grep -q 'non-scaling-stroke' "$TMP/valley.svg" &&
    ok "every mark's edge is 1.2 px in its own units" || not_ok "every mark's edge is 1.2 px in its own units" "$bad"

# The racers' names as a reader sees them: none touches another or covers
# another's head, where heads crowd (valley's minimum, six schedules at
# Booth's, the tour's seven): widths from the font itself (svglabels.py).
FONT=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf
if [ -r "$FONT" ] && command -v python3 >/dev/null 2>&1; then
    for sc in valley schedules tour; do
        run trace --scene "scenes/$sc.scene" --svg "$TMP/$sc-names.svg"
        if python3 tests/cli/svglabels.py "$FONT" "$TMP/$sc-names.svg" >"$TMP/names" &&
            ! grep -q '^0 names' "$TMP/names"; then
            ok "$sc: no name touches another or covers a head ($(tail -n 1 "$TMP/names"))"
        else
            not_ok "$sc: names clear of each other and of the heads" "$(cat "$TMP/names")"
        fi
    done
else
    skip "names clear of each other: DejaVu Sans Bold (fonts-dejavu-core) or python3 absent"
fi

# Unwritable places: one line, status 2, nothing left behind.
: >"$TMP/plainfile"
expect_fail "--svg under a plain file: status 2, one line" "cannot write $TMP/plainfile/x.svg" \
    trace --surface booth --svg "$TMP/plainfile/x.svg"
expect_fail "--svg into a missing directory: status 2" "cannot write $TMP/nodir/x.svg: No such file" \
    trace --surface booth --svg "$TMP/nodir/x.svg"
mkdir "$TMP/adir"
expect_fail "--svg naming a directory: status 2" "cannot write $TMP/adir" trace --surface booth --svg "$TMP/adir"
left=$(ls -d "$TMP"/adir.* "$TMP"/adir/* 2>/dev/null)
[ -z "$left" ] && ok "no temporary file left behind" || not_ok "no temporary file left behind" "$left"
expect_fail "--theme with a bad name" "unknown theme 'sepia'" trace --surface booth --svg "$TMP/t.svg" --theme sepia
[ ! -e "$TMP/t.svg" ] && ok "nothing written after a bad option" || not_ok "nothing written after a bad option"

finish
