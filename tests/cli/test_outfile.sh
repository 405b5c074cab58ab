# Output files (stat/outfile.c): every -o and --skip-bad file is replaced whole or not at all;
# a device, FIFO or /dev/stdout is written in place and never replaced; a symbolic link is
# followed and kept; - is standard output; a full disk leaves the old file and no temporary file.
. tests/cli/lib.sh

"$KP" init >/dev/null
"$KP" catalog load samples/city/catalog.yaml >/dev/null
"$KP" import samples/city/measurements.csv --by "sample data" >/dev/null
"$KP" export >"$T/export.csv"
pkt() { "$KP" packet --program tulstat --period 2026-10 --deterministic "$@"; }

no_temp_left() {	# no_temp_left DIR: no outfile temporary (.NAME.XXXXXX) left in DIR
	checks=$((checks + 1))
	[ -z "$(find "$1" -maxdepth 1 -name '.*.??????' | head -1)" ] ||
		fail "temporary file left: $(find "$1" -maxdepth 1 -name '.*.??????')"
}

# A device that is always full: a clear error, exit 74, and the device is still a device. A
# copy of /dev/full made with mknod (as root), so that a regression cannot replace the real one.
if mknod "$T/full" c 1 7 2>/dev/null; then FULL=$T/full; else FULL=/dev/full; fi
expect_rc 74 pkt -o "$FULL"
expect_err "kpistat: $FULL: cannot write the PDF: No space left on device"
checks=$((checks + 1))
[ -c "$FULL" ] || fail "packet -o $FULL replaced the device"
expect_rc 74 "$KP" export -o "$FULL"
expect_err "kpistat: $FULL: cannot write: the disk is full (or the file size limit was reached)"
checks=$((checks + 1))
[ -c "$FULL" ] || fail "export -o $FULL replaced the device"
no_temp_left "$T"

# A symbolic link stays a link; its target (here relative, then dangling) gets the content.
echo old >"$T/target.csv"
ln -s target.csv "$T/link.csv"
expect_rc 0 "$KP" export -o "$T/link.csv"
checks=$((checks + 1))
[ -L "$T/link.csv" ] || fail "export replaced the symbolic link"
same_file "$T/target.csv" "$T/export.csv"
mkdir "$T/sub"
ln -s sub/new.pdf "$T/dangling.pdf"
expect_rc 0 pkt -o "$T/dangling.pdf"
expect_out "wrote $T/dangling.pdf: 23 pages"
checks=$((checks + 1))
[ -L "$T/dangling.pdf" ] && [ "$(head -c 5 "$T/sub/new.pdf")" = "%PDF-" ] ||
	fail "a dangling link's target was not written"
pkt -o "$T/direct.pdf" >/dev/null
same_file "$T/sub/new.pdf" "$T/direct.pdf"

# - and /dev/stdout are standard output (a pipe here, a file there); nothing is created.
run sh -c "\"\$0\" export -o - | cat" "$KP"
same_file "$T/out" "$T/export.csv"
run sh -c "\"\$0\" export -o /dev/stdout | cat" "$KP"
same_file "$T/out" "$T/export.csv"
expect_rc 0 "$KP" export -o /dev/stdout
same_file "$T/out" "$T/export.csv"
run sh -c "\"\$0\" packet --program tulstat --period 2026-10 --deterministic -o - | cat" "$KP"
same_file "$T/out" "$T/direct.pdf"
checks=$((checks + 1))
[ ! -e ./- ] && [ ! -e "$T/-" ] || fail "a file named '-' was created"

# A FIFO is written in place and stays a FIFO.
mkfifo "$T/fifo"
cat "$T/fifo" >"$T/from-fifo" &
expect_rc 0 "$KP" export -o "$T/fifo"
wait
same_file "$T/from-fifo" "$T/export.csv"
checks=$((checks + 1))
[ -p "$T/fifo" ] || fail "the FIFO was replaced"

# The file's mode is kept when it is replaced; a new one follows the umask.
chmod 640 "$T/target.csv"
expect_rc 0 "$KP" export -o "$T/target.csv"
checks=$((checks + 1))
[ "$(stat -c %a "$T/target.csv")" = 640 ] || fail "mode became $(stat -c %a "$T/target.csv"), expected 640"
(umask 027; "$KP" export -o "$T/new.csv")
checks=$((checks + 1))
[ "$(stat -c %a "$T/new.csv")" = 640 ] || fail "a new file's mode ignores the umask"

# A directory, a missing directory: cannot create, exit 73.
expect_rc 73 "$KP" export -o "$T/sub"
expect_err "kpistat: $T/sub: cannot create: is a directory"
expect_rc 73 "$KP" export -o "$T/nosuch/x.csv"
expect_err "kpistat: $T/nosuch/x.csv: cannot create: No such file or directory"

# Permissions still count: a read-only file is not replaced, and a file in a directory where no
# temporary file can be made says why (checked as user nobody, when root can switch to it).
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	P=$T/perm
	mkdir -p "$P/ro" "$P/rw"
	chmod 711 "$T"
	cp "$KPISTAT_DB" "$P/kp.db"
	chmod 666 "$P/kp.db"
	echo old >"$P/ro/x.csv"
	chmod 666 "$P/ro/x.csv"
	echo keep >"$P/rw/ro.csv"
	chmod 444 "$P/rw/ro.csv"
	chmod 555 "$P/ro"
	chmod 777 "$P" "$P/rw"
	# A copy nobody can run: the checkout may sit in a directory only root can enter (mktemp -d).
	install -m 755 "$KP" "$P/kpistat"
	nobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups env KPISTAT_DB="$P/kp.db" "$@"; }
	expect_rc 73 nobody "$P/kpistat" export -o "$P/ro/x.csv"
	expect_err "kpistat: $P/ro/x.csv: cannot create a temporary file beside it (Permission denied): the file is replaced whole, so its directory must be writable"
	expect_rc 73 nobody "$P/kpistat" export -o "$P/rw/ro.csv"
	expect_err "kpistat: $P/rw/ro.csv: cannot write: Permission denied"
	checks=$((checks + 1))
	[ "$(cat "$P/ro/x.csv")" = old ] && [ "$(cat "$P/rw/ro.csv")" = keep ] || fail "a file was changed"
	chmod 700 "$T"
else
	echo "test_outfile.sh: skipping the permission checks (needs root and setpriv)"
fi

# The disk fills up while writing (a 100 KB file-size limit; the export is 135 KB): exit 74,
# the old file whole, through a link too, and no temporary file left.
echo "the old export" >"$T/old.csv"
cp "$T/old.csv" "$T/old.ref"
for target in "$T/old.csv" "$T/link.csv"; do
	cp "$T/old.ref" "$T/target.csv"
	run bash -c "trap '' XFSZ; ulimit -f 100; exec \"\$0\" export -o \"\$1\"" "$KP" "$target"
	checks=$((checks + 1))
	[ "$rc" = 74 ] || fail "export onto a full disk: exit status $rc, expected 74"
	expect_err "kpistat: $target: cannot write: the disk is full (or the file size limit was reached); the file was left as it was"
done
same_file "$T/old.csv" "$T/old.ref"
same_file "$T/target.csv" "$T/old.ref"
no_temp_left "$T"
cp "$T/old.ref" "$T/old.pdf"
run bash -c "trap '' XFSZ; ulimit -f 100; exec \"\$0\" packet --program tulstat --period 2026-10 -o \"\$1\"" "$KP" "$T/old.pdf"
checks=$((checks + 1))
[ "$rc" = 74 ] || fail "packet onto a full disk: exit status $rc, expected 74"
same_file "$T/old.pdf" "$T/old.ref"
no_temp_left "$T"

# A really full file system (a 64 KB tmpfs), when this user may mount one.
M=$T/mnt
mkdir "$M"
MOUNTED=
if mount -t tmpfs -o size=64k tmpfs "$M" 2>/dev/null; then
	trap 'umount "$M" 2>/dev/null; chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
	cp "$T/old.ref" "$M/x.csv"
	expect_rc 74 "$KP" export -o "$M/x.csv"
	expect_err "kpistat: $M/x.csv: cannot write: the disk is full (or the file size limit was reached); the file was left as it was"
	same_file "$M/x.csv" "$T/old.ref"
	no_temp_left "$M"
	expect_rc 74 pkt -o "$M/x.pdf"
	checks=$((checks + 1))
	[ ! -e "$M/x.pdf" ] || fail "a half packet was left on the full file system"
	no_temp_left "$M"
	umount "$M"
	MOUNTED=1
else
	echo "test_outfile.sh: skipping the full tmpfs checks (mount not allowed here)"
fi

# events --skip-bad: the reject file is replaced only by an import that succeeds.
export KPISTAT_DB=$T/ev.db
"$KP" init >/dev/null && "$KP" catalog load tests/fixtures/events.yaml >/dev/null
printf 'permit_id,district,submitted_on,decided_on,fee,status\nP-1,1,2024-01-02,2024-01-05,1,issued\nP-2,x,2024-01-02,2024-01-05,1,issued\n' >"$T/ev.csv"
echo "old rejects" >"$T/rej.ref"
cp "$T/rej.ref" "$T/rej.csv"
ln -s rej.csv "$T/rej-link.csv"
# A failed import leaves the old reject file: a bad command line, then a full disk.
expect_rc 65 "$KP" events import nosuch "$T/ev.csv" --skip-bad "$T/rej-link.csv"
same_file "$T/rej.csv" "$T/rej.ref"
if [ -n "$MOUNTED" ] && mount -t tmpfs -o size=64k tmpfs "$M" 2>/dev/null; then
	cp "$T/rej.ref" "$M/rej.csv"
	dd if=/dev/zero of="$M/filler" bs=4k 2>/dev/null
	expect_rc 74 "$KP" events import permits "$T/ev.csv" --skip-bad "$M/rej.csv"
	expect_err "kpistat: $M/rej.csv: cannot write the rejected rows: No space left on device"
	expect_err "nothing imported"
	same_file "$M/rej.csv" "$T/rej.ref"
	no_temp_left "$M"
	umount "$M"
fi
expect_rc 0 "$KP" events import permits "$T/ev.csv" --skip-bad "$T/rej-link.csv"
expect_out "2 rows: 1 new, 0 updated, 0 unchanged, 1 skipped (in $T/rej-link.csv)"
checks=$((checks + 1))
[ -L "$T/rej-link.csv" ] && grep -q '^P-2,x,' "$T/rej.csv" || fail "the reject file's link was not followed"

finish
