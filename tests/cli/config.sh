# The settings file: found under XDG_CONFIG_HOME or ~/.config, gives
# defaults the command line overrides, and reports mistakes by line.
. tests/lib.sh

export XDG_CONFIG_HOME="$TMP/xdg"
mkdir -p "$XDG_CONFIG_HOME/descent" "$TMP/home/.config/descent"
CONF=$XDG_CONFIG_HOME/descent/config
paper() { sed -n 's/.*<rect id="paper"[^>]*fill="\(#[0-9a-f]*\)".*/\1/p' "$1"; }

run trace --surface booth --steps 3 --svg "$TMP/none.svg"
[ "$status" -eq 0 ] && [ "$(paper "$TMP/none.svg")" != "#ffffff" ] && ok "no settings file: built-in defaults (dark)" ||
    not_ok "no settings file: built-in defaults" "status $status" "$(cat "$TMP/err")"

cat >"$CONF" <<'END'
# lecture hall

   theme   =   light
speed = max
data = /somewhere/with spaces # not a comment
END
run trace --surface booth --steps 3 --svg "$TMP/light.svg"
[ "$status" -eq 0 ] && [ "$(paper "$TMP/light.svg")" = "#ffffff" ] && ok "theme = light from the file (comments, blanks, spaces)" ||
    not_ok "theme = light from the file" "status $status" "$(cat "$TMP/err")"
run trace --surface booth --steps 3 --svg "$TMP/dark.svg" --theme dark
[ "$status" -eq 0 ] && [ "$(paper "$TMP/dark.svg")" != "#ffffff" ] && ok "--theme dark overrides the file" ||
    not_ok "--theme dark overrides the file" "status $status" "$(cat "$TMP/err")"
run trace --surface booth --steps 3 --svg="$TMP/dark2.svg" --theme=monochrome
[ "$status" -eq 0 ] && grep -q 'stroke-dasharray="7 3"' "$TMP/dark2.svg" && ok "--theme=NAME overrides the file too" ||
    not_ok "--theme=NAME overrides the file too" "status $status"

# XDG_CONFIG_HOME unset (or relative): ~/.config/descent/config.
printf 'theme = light\n' >"$TMP/home/.config/descent/config"
printf 'theme = dark\n' >"$CONF"
for xdg in unset relative; do
    if [ $xdg = unset ]; then
        env -u XDG_CONFIG_HOME HOME="$TMP/home" "$BIN" trace --surface booth --steps 2 --svg "$TMP/home.svg" 2>"$TMP/err"
    else
        env XDG_CONFIG_HOME=xdg HOME="$TMP/home" "$BIN" trace --surface booth --steps 2 --svg "$TMP/home.svg" 2>"$TMP/err"
    fi
    [ "$(paper "$TMP/home.svg")" = "#ffffff" ] && ok "XDG_CONFIG_HOME $xdg: ~/.config/descent/config is read" ||
        not_ok "XDG_CONFIG_HOME $xdg: ~/.config/descent/config is read" "$(cat "$TMP/err")"
done

# data = DIR is train's --data; --data or --dataset on the command line win.
printf 'data = %s/no-such-data\n' "$TMP" >"$CONF"
run train --iters 0
expect "data = DIR: train looks there" sh -c "[ $status -eq 2 ] && grep -q 'no-such-data' '$TMP/err'"
run train --iters 0 --dataset synthetic
expect "--dataset overrides the file's data" sh -c "[ $status -eq 0 ] && grep -q 'dataset=synthetic' '$TMP/out'"
rm -f "$CONF"

# Mistakes: FILE:LINE: message, status 2.
bad() { # bad NAME PATTERN CONTENT
    printf '%b' "$3" >"$CONF"
    expect_fail "$1" "$2" trace --surface booth --steps 1
}
bad "unknown key, by line" "^descent: $CONF:3: unknown key 'colour' (valid: theme, scene, speed, data, pace)\$" '# c\ntheme = light\ncolour = red\n'
bad "unknown theme, by line" "^descent: $CONF:1: theme: unknown theme 'sepia' (valid: dark, light, high-contrast, monochrome)\$" 'theme = sepia\n'
bad "bad speed, by line" "^descent: $CONF:2: speed: '7' is not a speed (valid: 1, 2, 5, " '\nspeed = 7\n'
bad "a line without =" "^descent: $CONF:1: 'speed 50' is not key = value\$" 'speed 50\n'
bad "an empty value" "^descent: $CONF:1: theme: no value after '='\$" 'theme =\n'
bad "an overlong line" "^descent: $CONF:1: line longer than 1024 bytes\$" "data = $(printf '%02000d' 0)\n"
rm "$CONF"; mkdir "$CONF"
expect_fail "a directory in the file's place" "^descent: $CONF: is a folder, not a regular file" trace --surface booth --steps 1
rmdir "$CONF"

# Every command checks the file, and names it and the line.
printf 'theme = light\ncolour = red\n' >"$CONF"
for cmd in "walk" "walk svm --plain" "surfaces" "optimizers" "--help" "--version"; do
    # shellcheck disable=SC2086
    run $cmd
    [ "$status" -eq 2 ] && [ "$(cat "$TMP/err")" = "descent: $CONF:2: unknown key 'colour' (valid: theme, scene, speed, data, pace)" ] &&
        [ ! -s "$TMP/out" ] && ok "descent $cmd checks the settings file" ||
        not_ok "descent $cmd checks the settings file" "status $status" "$(cat "$TMP/err")"
done
# A scene setting's mistakes name the settings file and line, not --scene.
printf '\nscene = %s/missing.scene\n' "$TMP" >"$CONF"
expect_fail "a missing scene in the file: named with the file and line" "^descent: $CONF:2: scene: '$TMP/missing.scene' is not a scene" trace --steps 1
printf '[surface]\nname = boot\n' >"$TMP/typo.scene"
printf 'scene = %s/typo.scene\n' "$TMP" >"$CONF"
run trace --steps 1
[ "$status" -eq 2 ] && head -n 1 "$TMP/err" | grep -q "^descent: $CONF:1: scene: $TMP/typo.scene:2:8: unknown surface 'boot'" &&
    ! grep -q -- "--scene" "$TMP/err" && ok "a bad scene in the file: the file and line, then the scene's located message" ||
    not_ok "a bad scene in the file: the file and line, then the scene's located message" "$(cat "$TMP/err")"
# Text as text: a byte-order mark, CRLF; a NUL byte by line and column.
printf '\357\273\277theme = light\r\nspeed = 50\r\n' >"$CONF"
run trace --surface booth --steps 2 --svg "$TMP/bom.svg"
[ "$status" -eq 0 ] && [ "$(paper "$TMP/bom.svg")" = "#ffffff" ] && ok "a settings file with a BOM and CRLF lines is read" ||
    not_ok "a settings file with a BOM and CRLF lines is read" "$(cat "$TMP/err")"
printf 'theme = light\nspeed = 5\0\n' >"$CONF"
expect_fail "a NUL byte in the settings file: its line and column" "^descent: $CONF:2: a NUL byte at column 10" surfaces
printf 'speed = 0x14\n' >"$CONF"
expect_fail "one number syntax: speed = 0x14 refused" "^descent: $CONF:1: speed: '0x14' is not a speed" surfaces
rm -f "$CONF"
mkfifo "$CONF"
expect_fail "a FIFO in the file's place: refused, no hang" "^descent: $CONF: .*not a regular file" surfaces
rm -f "$CONF"
# A HOME that cannot be entered, with no settings file: commands run (as
# root, checked as the user nobody, since root enters any folder).
as_user=
[ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1 && as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"
if [ "$(id -u)" -ne 0 ] || [ -n "$as_user" ]; then
    mkdir -p "$TMP/lockedhome"
    chmod 000 "$TMP/lockedhome"
    chmod 755 "$TMP"
    $as_user env -u XDG_CONFIG_HOME HOME="$TMP/lockedhome" "$BIN" trace --surface booth --steps 1 >"$TMP/out" 2>"$TMP/err"
    st=$?
    chmod 700 "$TMP/lockedhome"
    [ "$st" -eq 0 ] && [ ! -s "$TMP/err" ] && [ -s "$TMP/out" ] && ok "an unreadable HOME without a settings file does not stop commands" ||
        not_ok "an unreadable HOME without a settings file does not stop commands" "status $st" "$(cat "$TMP/err")"
else
    skip "unreadable HOME: running as root without setpriv"
fi

# The explorer takes speed and theme from the file.
if command -v tmux >/dev/null 2>&1; then
    printf 'speed = max\ntheme = high-contrast\n' >"$CONF"
    SOCK=config-test-$$
    T() { tmux -L "$SOCK" -f /dev/null "$@"; }
    trap 'T kill-server >/dev/null 2>&1; rm -rf "$TMP"' EXIT
    T new-session -d -s c -x 120 -y 40 "env XDG_CONFIG_HOME=$XDG_CONFIG_HOME LANG=C.UTF-8 $BIN --surface booth; sleep 60"
    T new-session -d -s d -x 120 -y 40 "env XDG_CONFIG_HOME=$XDG_CONFIG_HOME LANG=C.UTF-8 $BIN --surface booth --speed 5 --theme light; sleep 60"
    i=0
    while [ $i -lt 50 ]; do
        T capture-pane -p -t c | head -n 1 >"$TMP/c"
        T capture-pane -p -t d | head -n 1 >"$TMP/d"
        grep -q 'step 0/' "$TMP/c" && grep -q 'step 0/' "$TMP/d" && break
        sleep 0.1
        i=$((i + 1))
    done
    grep -q ' high-contrast  paused max  step 0/' "$TMP/c" && ok "the explorer starts with speed and theme from the file" ||
        not_ok "the explorer starts with speed and theme from the file" "$(cat "$TMP/c")"
    grep -q ' light  paused 5/s  step 0/' "$TMP/d" && ok "--speed and --theme override the file in the explorer" ||
        not_ok "--speed and --theme override the file in the explorer" "$(cat "$TMP/d")"
else
    skip "config in the explorer: tmux is not installed"
fi

finish
