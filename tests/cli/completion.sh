# Bash completion: subcommands, options, surfaces, optimizers, themes and
# scene files, asked of the completion function as bash would.
. tests/lib.sh

if ! command -v bash >/dev/null 2>&1; then
    skip "completion: bash is not installed"
    finish
    exit
fi
mkdir -p "$TMP/scenes" "$TMP/cwd"
: >"$TMP/scenes/lecture.scene"
: >"$TMP/cwd/mine.scene"
: >"$TMP/cwd/notes.txt"
sed "s|@SCENEDIR@|$TMP/scenes|" docs/descent.bash-completion >"$TMP/comp.bash"

# complete WORDS...: what the completion offers for the last word.
complete_() {
    (cd "$TMP/cwd" && bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _descent
        printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' sh "$TMP/comp.bash" "$BIN" "$@")
}
check() { # NAME WANT WORDS...
    name=$1 want=$2; shift 2
    got=$(complete_ "$@")
    [ "$got" = "$want" ] && ok "$name" || not_ok "$name" "want '$want'" "got  '$got'"
}

check "descent tr -> trace, train" "trace train " tr
check "descent wa -> walk" "walk " wa
check "descent o -> optimizers" "optimizers " o
check "descent --surface ro -> rosenbrock" "rosenbrock " --surface ro
got=$(complete_ --surface '')
bad=
for s in rosenbrock beale booth himmelblau rastrigin saddle; do
    case " $got" in *" $s "*) ;; *) bad="$bad $s" ;; esac
done
[ -z "$bad" ] && ok "--surface offers the surfaces" || not_ok "--surface offers the surfaces" "missing:$bad" "got: $got"
check "trace --opt: the six optimizers and bfgs" "adagrad adam bfgs momentum nesterov rmsprop sgd " trace --opt ''
check "--theme: the four themes" "dark high-contrast light monochrome " --theme ''
check "trace --theme l -> light" "light " trace --theme l
check "--speed m -> max" "max " --speed m
check "trace --s: trace's options starting with s" "--scene --seed --start --steps --surface --svg " trace --s
check "--th -> --theme (explorer)" "--theme " --th
check "--scene: scene files here and installed ones" "lecture.scene mine.scene " --scene ''
finish
