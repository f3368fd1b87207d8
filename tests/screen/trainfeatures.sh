# descent train --features on a terminal: the progress bar of the feature
# extraction fills to every image of the three splits, then the one line
# saying what was computed; piped, no bar (tests/cli/trainfeatures.sh).
. tests/lib.sh

DATA=../shared/data/cifar-10-subset/cifar-10-batches-bin
WAIT_TENTHS=300
. tests/tmux.sh
if [ ! -f "$DATA/data_batch_1.bin" ]; then
    skip "train features bar: no CIFAR-10 subset at $DATA"
    finish
    exit
fi

start bar "$BIN train --data $DATA --features hog+hue --iters 0 --test 1000 >$TMP/out" 120x20
if wait_for bar '^features: hog\+hue, 154 values'; then
    grep -q '^features hog+hue: \[##############################\] 6000/6000 images$' "$TMP/screen" &&
        ok "the bar fills to 6000/6000 images" || not_ok "the bar fills to 6000/6000 images" "$(cat "$TMP/screen")"
    grep -q 'images in [0-9.]* s ([0-9]* images/s, [0-9]* threads)' "$TMP/screen" &&
        ok "then the time and speed" || not_ok "then the time and speed" "$(grep features "$TMP/screen")"
else
    not_ok "train --features on a terminal" "$(cat "$TMP/screen")"
fi
wait_file "$TMP/bar.status"
expect "it exits 0" [ "$(cat "$TMP/bar.status" 2>/dev/null)" = 0 ]
if grep -q '\[#' "$TMP/out"; then not_ok "the bar stays off stdout"; else ok "the bar stays off stdout"; fi

# The panel on features: the weights view instead of templates, every class
# named under it, training under way; s saves a model that --load reads with
# its features.
start panel "$UTF8 $BIN train --tui --data $DATA --features hog+hue --iters 1000000 --save $TMP/p.model" 150x45
if wait_for panel 'iteration [1-9][0-9]*/'; then
    grep -q "weights on hog+hue: each cell's strongest edge, hue bars" "$TMP/screen" &&
        ok "panel: the feature weights view" || not_ok "panel: the feature weights view" "$(head -n 5 "$TMP/screen")"
    if grep -q "templates: the rows of W" "$TMP/screen"; then not_ok "panel: no pixel templates"; else ok "panel: no pixel templates"; fi
    missing=
    for c in airplane automobile bird cat deer dog frog horse ship truck; do
        grep -q "$c" "$TMP/screen" || missing="$missing $c"
    done
    expect "panel: every class named" [ -z "$missing" ]
    grep -q '[─│╱╲]' "$TMP/screen" && ok "panel: HOG strokes drawn" || not_ok "panel: HOG strokes drawn"
    grep -q '[▁▂▃▄▅▆▇█]' "$TMP/screen" && ok "panel: hue bars drawn" || not_ok "panel: hue bars drawn"
    wait_for panel 'validation images: predicted / true, edges, hues' &&
        ok "panel: validation images with their edges and hues" ||
        not_ok "panel: validation images with their edges and hues" "$(tail -n 20 "$TMP/screen")"
    T send-keys -t panel s
    if wait_file "$TMP/p.model"; then
        sleep 0.5
        "$BIN" train --data "$DATA" --load "$TMP/p.model" --iters 0 >"$TMP/out" 2>"$TMP/err"
        tail -n 1 "$TMP/out" | grep -q "features=hog+hue dim=154" && ok "panel: s saves the features with the model" ||
            not_ok "panel: s saves the features with the model" "$(tail -n 2 "$TMP/err")"
    else
        not_ok "panel: s saves the features with the model" "no file"
    fi
    T send-keys -t panel q
else
    not_ok "panel on features" "$(cat "$TMP/screen")"
fi

# The net on features: its first hidden units in feature space.
start net "$UTF8 $BIN train --tui --data $DATA --features hog+hue --model mlp --iters 1000000" 150x45
if wait_for net 'iteration [1-9][0-9]*/'; then
    grep -q "W1 rows 1-10 of 100 on hog+hue: strongest edges, hue bars" "$TMP/screen" &&
        ok "net panel: hidden units in feature space" || not_ok "net panel: hidden units in feature space" "$(head -n 5 "$TMP/screen")"
    T send-keys -t net q
else
    not_ok "net panel on features" "$(cat "$TMP/screen")"
fi
finish
