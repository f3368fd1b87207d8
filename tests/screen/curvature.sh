# Screen tests of x, the Hessian's eigen-directions at the cursor: the note
# names how they are drawn in words true on every theme and without colour
# (it said "white up, red down": the light theme draws black, NO_COLOR no
# colour at all), and the drawing matches it: on the saddle x^2 - y^2 the
# ray along x (curving up) is solid, the one along y (curving down) dashed.
. tests/lib.sh
. tests/tmux.sh

SADDLE="--formula 'x^2 - y^2' --view -1,1,-1,1 --start 0,0 --opt sgd"
for th in nocolor light dark; do
    case $th in
    nocolor) cmd="env NO_COLOR=1 LANG=C.UTF-8 LC_ALL=C.UTF-8 $BIN $SADDLE" ;;
    *) cmd="$UTF8 $BIN $SADDLE --theme $th" ;;
    esac
    start "h$th" "$cmd" 120x30
    if wait_for "h$th" 'step 0/'; then
        T send-keys -t "h$th" x
        if wait_still "h$th" 'Hessian eigenvalues -2, 2: a saddle'; then
            grep -qF '(solid +, dashed -)' "$TMP/screen" && ! grep -Eq 'white|red down' "$TMP/screen" &&
                ok "$th: x's note says solid +, dashed -" ||
                not_ok "$th: x's note says solid +, dashed -" "$(tail -n 1 "$TMP/screen")"
            python3 tests/screen/curvature.py <"$TMP/screen" >"$TMP/rays" 2>&1
            grep -q '^up 5 solid of 5 drawn$' "$TMP/rays" && grep -Eq '^down 0 solid of [3-6] drawn$' "$TMP/rays" &&
                ok "$th: the ray curving up is solid, the one curving down dashed" ||
                not_ok "$th: the ray curving up is solid, the one curving down dashed" "$(cat "$TMP/rays")" "$(cat "$TMP/screen")"
        else
            not_ok "$th: x shows the saddle's Hessian" "$(tail -n 2 "$TMP/screen")"
        fi
    else
        not_ok "$th: the explorer opens" "$(cat "$TMP/screen")"
    fi
    stop "h$th"
done
finish
