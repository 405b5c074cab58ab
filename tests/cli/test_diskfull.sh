# A full disk on the store's side: record, import, status and packet say the disk is full and
# that the store is intact (not "not a kpistat store"), exit 74, and work again once there is
# room. A file-size limit of 0 (ulimit -f) stands in for the full disk everywhere; a real full
# file system (a small tmpfs) is used too when this user may mount one.
. tests/cli/lib.sh

FULLMSG="cannot open the store: the disk is full (or the file size limit was reached), so its working files (-wal, -shm) cannot be made; the store itself is intact: make room and try again"

"$KP" init >/dev/null
"$KP" catalog load samples/city/catalog.yaml >/dev/null
"$KP" record permits.issued 2026-09 300 >/dev/null
snapshot "$T/before"

limited() {	# limited CMD...: run it with a file size limit of 0 (its stderr through a pipe)
	run bash -c "trap '' XFSZ; (ulimit -f 0; exec \"\$@\") 2>&1 >/dev/null | cat >&2; exit \${PIPESTATUS[0]}" sh "$@"
}
for cmd in "record permits.issued 2026-10 5" "import samples/city/measurements.csv" "status" \
    "packet --program tulstat --period 2026-10 -o $T/p.pdf"; do
	# shellcheck disable=SC2086
	limited "$KP" $cmd
	checks=$((checks + 1))
	[ "$rc" = 74 ] || fail "$cmd with no room: exit status $rc, expected 74"
	expect_err "kpistat: $KPISTAT_DB: $FULLMSG"
done
checks=$((checks + 1))
[ ! -e "$T/p.pdf" ] || fail "a packet was written"
store_ok "after the file size limit"
snapshot "$T/after"
same_file "$T/before" "$T/after"
expect_rc 0 "$KP" record permits.issued 2026-10 5

M=$T/mnt
mkdir "$M"
if mount -t tmpfs -o size=4m tmpfs "$M" 2>/dev/null; then
	trap 'umount "$M" 2>/dev/null; chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
	export KPISTAT_DB=$M/kp.db
	"$KP" init >/dev/null
	"$KP" catalog load samples/city/catalog.yaml >/dev/null
	"$KP" record permits.issued 2026-09 300 >/dev/null
	snapshot "$T/before"
	dd if=/dev/zero of="$M/filler" bs=4k 2>/dev/null
	for cmd in "record permits.issued 2026-10 5" "import samples/city/measurements.csv" \
	    "packet --program tulstat --period 2026-10 -o $T/p.pdf"; do
		# shellcheck disable=SC2086
		expect_rc 74 "$KP" $cmd
		expect_err "kpistat: $KPISTAT_DB: $FULLMSG"
	done
	# Room for the working files but not for the import: the write fails, nothing is stored.
	truncate -s -96K "$M/filler"
	expect_rc 74 "$KP" import samples/city/measurements.csv --reason "full disk"
	expect_err "the store's disk is full (or the file size limit was reached): nothing was written; make room and try again"
	rm "$M/filler"
	store_ok "after the full disk"
	snapshot "$T/after"
	same_file "$T/before" "$T/after"
	expect_rc 0 "$KP" import samples/city/measurements.csv --reason "after the full disk"
	umount "$M"
else
	echo "test_diskfull.sh: skipping the full tmpfs checks (mount not allowed here)"
fi
finish
