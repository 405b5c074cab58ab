# The usage lines stay one text: every command's usage in the command table (what `kpistat help
# COMMAND` and `kpistat COMMAND --help` print) appears, sub-command by sub-command, in the
# README's command table and in the man page's SYNOPSIS, and every command has a man section.
. tests/cli/lib.sh

command -v groff >/dev/null || { echo "test_docs.sh: groff missing (make deps installs groff-base)"; exit 1; }
groff -man -Tascii -rLL=3000n -rHY=0 kpistat.1 2>/dev/null | col -b | sed 's/^ *//; s/  */ /g' >"$T/man.txt"

run "$KP" help
names=$(sed -n '/^commands:/,/^$/s/^  \([a-z][a-z]*\) .*/\1/p' "$T/out")
checks=$((checks + 1))
[ -n "$names" ] || fail "no commands listed by 'kpistat help'"
for name in $names; do
	run "$KP" help "$name"
	usage=$(sed -n '1s/^usage: kpistat //p' "$T/out")
	run "$KP" "$name" --help
	checks=$((checks + 1))
	[ "$(sed -n '1s/^usage: kpistat //p' "$T/out")" = "$usage" ] || fail "$name --help and help $name differ"
	# Split "a x | a y" into its sub-commands ("a x", "a y"); a bare "|" inside options stays.
	printf '%s\n' "$usage" | awk -v n="$name" '{
		s = $0; out = "";
		while ((i = index(s, " | " n " ")) > 0) { print substr(s, 1, i - 1); s = substr(s, i + 3) }
		print s }' >"$T/parts"
	while IFS= read -r part; do
		md=$(printf '%s' "$part" | sed 's/|/\\|/g')
		checks=$((checks + 1))
		grep -qF -- "| \`$md\` |" README.md || fail "README's command table lacks '| \`$md\` |'"
		checks=$((checks + 1))
		grep -qxF -- "kpistat $part" "$T/man.txt" || fail "man page SYNOPSIS lacks 'kpistat $part'"
	done <"$T/parts"
	checks=$((checks + 1))
	grep -q "^\.SS $name\b" kpistat.1 || fail "man page has no COMMANDS section for '$name'"
done
finish
