#!/bin/sh
# Writes the man page: docs/descent.1.in with its @...@ parts filled from the
# program's own help, which comes from the option tables, so the page lists
# every command and option there is.
#   sh docs/mkman.sh BIN TEMPLATE VERSION SCENEDIR > descent.1
set -eu
BIN=$1 TEMPLATE=$2 VERSION=$3 SCENEDIR=$4

# roff-safe text: backslashes, hyphens in option names, leading dots.
esc() { sed -e 's/\\/\\e/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"; }

# An option's help wrapped onto indented lines -> one line again.
join_wrapped() {
    awk '/^  --/ { if (held != "") print held; held = $0; next }
         held != "" && /^     / { sub(/^ +/, ""); held = held " " $0; next }
         { if (held != "") print held; held = ""; print }
         END { if (held != "") print held }'
}

# "  --name ARG   help" lines -> .TP entries. The fields are split at a
# unit separator, not a tab: read merges runs of tabs, and a flag's empty
# ARG would take its help's place.
US=$(printf '\037')
options() {
    join_wrapped | sed -n "s/^  --\([a-z0-9-]*\)\( \([^ ]*\)\)\{0,1\}  *\(.*\)\$/\1$US\3$US\4/p" |
        while IFS=$US read -r name arg help; do
            printf '.TP\n\\fB\\-\\-%s\\fR' "$(printf %s "$name" | sed 's/-/\\-/g')"
            [ -n "$arg" ] && printf ' \\fI%s\\fR' "$arg"
            printf '\n%s\n' "$(printf %s "$help" | esc)"
        done
}

commands() {
    "$BIN" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z0-9-]*\)  *\(.*\)$/\1	\2/p'
}

command_section() {
    commands | while IFS='	' read -r cmd help; do
        printf '.SS "descent %s"\n%s.\n' "$cmd" "$(printf %s "$help" | esc)"
        # A command without options answers --help with an error: no list.
        if out=$("$BIN" "$cmd" --help 2>/dev/null); then
            printf '%s\n' "$out" | options
        fi
    done
}

explorer_options() {
    "$BIN" --help | sed -n '/^Explorer options:/,$p' | options
}

tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
while IFS= read -r line; do
    case $line in
    @COMMANDS@) command_section ;;
    @EXPLORER_OPTIONS@) explorer_options ;;
    *) printf '%s\n' "$line" | sed -e "s|@VERSION@|$VERSION|g" -e "s|@SCENEDIR@|$SCENEDIR|g" ;;
    esac
done <"$TEMPLATE" >"$tmp"
cat "$tmp"
