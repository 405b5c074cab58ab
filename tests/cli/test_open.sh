# Opening and creating a store when something is wrong with it or around it, each with its
# message and exit status, and nothing left half-made: a new store on a full disk (ulimit -f), a
# new store where no file can be made, a schema upgrade that fails (rolled back whole, the store
# left at its version), and a store file damaged under kpistat (named as damaged, with what to do).
. tests/cli/lib.sh

# A new store on a full disk: the disk is named, not only "cannot create", and no file is left.
mkdir "$T/full"
run bash -c "trap '' XFSZ; ulimit -f 8; exec \"\$0\" --db \"\$1\" init" "$KP" "$T/full/new.db"
checks=$((checks + 1))
[ "$rc" = 74 ] || fail "init on a full disk: exit $rc, expected 74"
expect_err "kpistat: $T/full/new.db: cannot create the store: the store's disk is full (or the file size limit was reached): nothing was written; make room and try again"
checks=$((checks + 1))
[ -z "$(ls "$T/full")" ] || fail "init on a full disk left $(ls "$T/full")"

# Where no file can be made (a relative name in /proc, whose directory takes no files).
run sh -c 'cd /proc && exec "$0" --db x.db init' "$KP"
checks=$((checks + 1))
[ "$rc" = 73 ] || fail "init in /proc: exit $rc, expected 73"
expect_err "kpistat: x.db: cannot create the store"

# A schema upgrade that fails (here: the store says it is one version older than it is, so the
# last upgrade meets its own tables) is rolled back whole: same version, same figures, and the
# same answer the next time.
rm -f "$KPISTAT_DB" "$KPISTAT_DB-wal" "$KPISTAT_DB-shm"
"$KP" init >/dev/null && "$KP" catalog load tests/fixtures/catalog.yaml >/dev/null
"$KP" record fire.lift_assists 2026-10 5 >/dev/null
snapshot "$T/before"
v=$(sqlite3 "$KPISTAT_DB" "PRAGMA user_version")
sqlite3 "$KPISTAT_DB" "PRAGMA user_version = $((v - 1))"
for _ in 1 2; do
	expect_rc 74 "$KP" status
	expect_err "kpistat: $KPISTAT_DB: cannot upgrade the schema: "
	expect_err " already exists"
	checks=$((checks + 1))
	[ "$(sqlite3 "$KPISTAT_DB" "PRAGMA user_version")" = $((v - 1)) ] || fail "the failed upgrade changed the version"
done
store_ok "after a failed upgrade"
sqlite3 "$KPISTAT_DB" "PRAGMA user_version = $v"
snapshot "$T/after"
same_file "$T/before" "$T/after"

# A store damaged under kpistat (the figures' table's root page overwritten): reads and writes
# say the file is damaged and what to do, exit 74; nothing crashes.
rm -f "$KPISTAT_DB" "$KPISTAT_DB-wal" "$KPISTAT_DB-shm"
"$KP" init >/dev/null && "$KP" catalog load tests/fixtures/catalog.yaml >/dev/null
"$KP" record fire.lift_assists 2026-10 5 >/dev/null
root=$(sqlite3 "$KPISTAT_DB" "SELECT rootpage FROM sqlite_schema WHERE name = 'measurement'")
psize=$(sqlite3 "$KPISTAT_DB" "PRAGMA page_size")
printf '\377\377\377\377\377\377\377\377' | dd of="$KPISTAT_DB" bs=1 seek=$(((root - 1) * psize)) conv=notrunc 2>/dev/null
damaged="the store file is damaged (database disk image is malformed): restore it from a backup; 'sqlite3 FILE \"PRAGMA integrity_check\"' lists the damage"
expect_rc 74 "$KP" record fire.lift_assists 2026-11 6
# found as the write starts (store_begin reads the figures' largest id), no longer ignored there
expect_err "kpistat: $KPISTAT_DB: cannot start a write: $damaged"
expect_rc 74 "$KP" export
expect_err "kpistat: $KPISTAT_DB: cannot read figures: $damaged"

finish
