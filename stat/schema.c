/*
** schema.c: the whole schema history of the KPI store (see schema.h).
**
** Tables are STRICT (SQLite >= 3.37, Debian 12 has 3.40) so that a value of the wrong type is
** an error rather than a silent conversion. Periods are kept twice: as text in canonical form
** (what people read and export) and as an integer key (consecutive periods differ by one) for
** ordering and "a year before" arithmetic in SQL.
*/
#include "kpistat/schema.h"

/* Triggers that move the catalog's stamp on when table t changes (migration 8). */
#define STAMP_ON(t, op, x) "CREATE TRIGGER " #t "_stamp_" x " AFTER " op " ON " #t \
	" BEGIN UPDATE catalog_stamp SET n = n + 1; END;\n"
#define STAMPED(t) STAMP_ON(t, "INSERT", "i") STAMP_ON(t, "UPDATE", "u") STAMP_ON(t, "DELETE", "d")

const char *const schema_migrations[] = {
	[0] = 0,
	[1] =
	/* Catalog-level settings: city name, first month of the fiscal year. */
	"CREATE TABLE setting(\n"
	"  key   TEXT PRIMARY KEY,\n"
	"  value TEXT NOT NULL\n"
	") STRICT;\n"
	"CREATE TABLE department(\n"
	"  code TEXT PRIMARY KEY,\n"
	"  name TEXT NOT NULL,\n"
	"  head TEXT\n"
	") STRICT;\n"
	/* A metric is never deleted once it has figures; leaving the catalog retires it. */
	"CREATE TABLE metric(\n"
	"  id          INTEGER PRIMARY KEY,\n"
	"  code        TEXT NOT NULL UNIQUE,\n"
	"  name        TEXT NOT NULL,\n"
	"  department  TEXT NOT NULL REFERENCES department(code),\n"
	"  unit        TEXT NOT NULL DEFAULT '',\n"
	"  decimals    INTEGER NOT NULL DEFAULT 0,\n"
	"  direction   TEXT NOT NULL CHECK (direction IN ('higher','lower','neutral')),\n"
	"  frequency   TEXT NOT NULL,\n"
	"  rollup      TEXT NOT NULL,\n"
	"  description TEXT,\n"
	"  source      TEXT,\n"
	"  rebase      TEXT NOT NULL DEFAULT '',\n"	/* space-separated periods */
	"  computed    INTEGER NOT NULL DEFAULT 0,\n"
	"  retired     INTEGER NOT NULL DEFAULT 0\n"
	") STRICT;\n"
	"CREATE TABLE target(\n"
	"  metric      INTEGER NOT NULL REFERENCES metric(id) ON DELETE CASCADE,\n"
	"  from_period TEXT NOT NULL,\n"
	"  value       REAL NOT NULL,\n"
	"  tolerance   REAL,\n"			/* NULL: no near band */
	"  tol_pct     INTEGER NOT NULL DEFAULT 0,\n"	/* tolerance is % of value */
	"  PRIMARY KEY (metric, from_period)\n"
	") STRICT;\n"
	"CREATE TABLE program(\n"
	"  code     TEXT PRIMARY KEY,\n"
	"  title    TEXT NOT NULL,\n"
	"  template TEXT\n"
	") STRICT;\n"
	"CREATE TABLE program_metric(\n"
	"  program TEXT NOT NULL REFERENCES program(code) ON DELETE CASCADE,\n"
	"  metric  INTEGER NOT NULL REFERENCES metric(id),\n"
	"  pos     INTEGER NOT NULL,\n"
	"  PRIMARY KEY (program, metric)\n"
	") STRICT;\n"
	/* The current figure for (metric, period, breakdown); history lives in revision. */
	"CREATE TABLE measurement(\n"
	"  id         INTEGER PRIMARY KEY,\n"
	"  metric     INTEGER NOT NULL REFERENCES metric(id),\n"
	"  period     TEXT NOT NULL,\n"
	"  pkey       INTEGER NOT NULL,\n"
	"  breakdown  TEXT NOT NULL DEFAULT '',\n"
	"  value      REAL NOT NULL,\n"
	"  note       TEXT,\n"
	"  entered_by TEXT,\n"
	"  entered_at TEXT NOT NULL,\n"
	"  origin     TEXT NOT NULL DEFAULT 'entered',\n"
	"  UNIQUE (metric, breakdown, period)\n"
	") STRICT;\n"
	"CREATE TABLE revision(\n"
	"  id          INTEGER PRIMARY KEY,\n"
	"  measurement INTEGER NOT NULL REFERENCES measurement(id),\n"
	"  old_value   REAL NOT NULL,\n"
	"  new_value   REAL NOT NULL,\n"
	"  old_note    TEXT,\n"
	"  new_note    TEXT,\n"
	"  changed_by  TEXT,\n"
	"  changed_at  TEXT NOT NULL,\n"
	"  reason      TEXT NOT NULL\n"
	") STRICT;\n"
	"CREATE INDEX revision_by_measurement ON revision(measurement);\n",
	[2] =
	/*
	** Raw-record datasets and computed metrics (issue 5). A dataset's definition is catalog
	** (rewritten by every `catalog load`); its records live in a table of their own, made by
	** the first `events import` (stat/store_events.c: ev_<name>, typed columns, clustered on
	** the key), and its import state in dataset_state, which a catalog load leaves alone.
	** Lists (key columns, null texts, filter values) are joined with U+001F, which the catalog
	** reader refuses inside a value.
	*/
	"CREATE TABLE dataset(\n"
	"  name            TEXT PRIMARY KEY,\n"
	"  keycols         TEXT NOT NULL,\n"
	"  date_format     TEXT,\n"
	"  datetime_format TEXT,\n"
	"  time_zone       TEXT,\n"
	"  empty_null      INTEGER NOT NULL DEFAULT 1,\n"
	"  nulls           TEXT NOT NULL DEFAULT '',\n"
	"  extra_ok        INTEGER NOT NULL DEFAULT 0,\n"
	"  description     TEXT,\n"
	"  source          TEXT,\n"
	"  retired         INTEGER NOT NULL DEFAULT 0\n"	/* dropped from the catalog; records kept */
	") STRICT;\n"
	"CREATE TABLE dataset_column(\n"
	"  dataset  TEXT NOT NULL REFERENCES dataset(name) ON DELETE CASCADE,\n"
	"  pos      INTEGER NOT NULL,\n"
	"  name     TEXT NOT NULL,\n"
	"  type     TEXT NOT NULL CHECK (type IN ('text','integer','number','date','datetime')),\n"
	"  format   TEXT,\n"
	"  required INTEGER NOT NULL DEFAULT 0,\n"
	"  PRIMARY KEY (dataset, pos)\n"
	") STRICT;\n"
	/* No foreign key: records (and so their state) outlive a dataset's definition. */
	"CREATE TABLE dataset_state(\n"
	"  dataset     TEXT PRIMARY KEY,\n"
	"  table_sig   TEXT NOT NULL,\n"		/* the columns and key the records table was made with */
	"  records     INTEGER NOT NULL DEFAULT 0,\n"
	"  imported_at TEXT,\n"
	"  imported_from TEXT\n"
	") STRICT;\n"
	"CREATE TABLE event_import(\n"
	"  id        INTEGER PRIMARY KEY,\n"	/* the batch number stored with each record */
	"  dataset   TEXT NOT NULL,\n"
	"  file      TEXT NOT NULL,\n"
	"  mode      TEXT NOT NULL,\n"		/* merge, append or replace */
	"  at        TEXT NOT NULL,\n"
	"  by        TEXT,\n"
	"  rows      INTEGER NOT NULL DEFAULT 0,\n"
	"  added     INTEGER NOT NULL DEFAULT 0,\n"
	"  updated   INTEGER NOT NULL DEFAULT 0,\n"
	"  unchanged INTEGER NOT NULL DEFAULT 0,\n"
	"  skipped   INTEGER NOT NULL DEFAULT 0,\n"
	"  warnings  INTEGER NOT NULL DEFAULT 0\n"
	") STRICT;\n"
	"CREATE TABLE metric_compute(\n"
	"  metric      INTEGER PRIMARY KEY REFERENCES metric(id) ON DELETE CASCADE,\n"
	"  dataset     TEXT NOT NULL,\n"
	"  measure     TEXT NOT NULL,\n"
	"  period_by   TEXT,\n"
	"  from_col    TEXT,\n"
	"  to_col      TEXT,\n"
	"  field       TEXT,\n"
	"  numerator   TEXT,\n"
	"  denominator TEXT,\n"
	"  breakdown   TEXT,\n"
	"  p           REAL NOT NULL DEFAULT 0,\n"
	"  within      REAL NOT NULL DEFAULT 0,\n"	/* seconds */
	"  unit        TEXT,\n"
	"  complement  INTEGER NOT NULL DEFAULT 0,\n"
	"  scale       REAL NOT NULL DEFAULT 0,\n"
	"  since       TEXT\n"				/* first period computed, or NULL */
	") STRICT;\n"
	"CREATE TABLE metric_filter(\n"
	"  metric INTEGER NOT NULL REFERENCES metric(id) ON DELETE CASCADE,\n"
	"  pos    INTEGER NOT NULL,\n"
	"  field  TEXT NOT NULL,\n"
	"  op     TEXT NOT NULL,\n"
	"  vals   TEXT NOT NULL,\n"
	"  PRIMARY KEY (metric, pos)\n"
	") STRICT;\n"
	/* Data-quality findings of the last compute, per metric and period, for the packet's notes. */
	"CREATE TABLE compute_note(\n"
	"  metric  INTEGER NOT NULL REFERENCES metric(id),\n"
	"  period  TEXT NOT NULL,\n"
	"  pkey    INTEGER NOT NULL,\n"
	"  what    TEXT NOT NULL,\n"
	"  count   INTEGER NOT NULL,\n"
	"  PRIMARY KEY (metric, period, what)\n"
	") STRICT;\n",
	[3] =
	/*
	** Withdrawn figures. `kpistat compute` withdraws a computed figure whose records are gone
	** (a --replace import without them): the row stays, keeping the value it last had, but is
	** no longer current, so series, status, export and the packet leave it out while history
	** shows it. Columns are added, not rebuilt, so value, old_value and new_value stay NOT
	** NULL: the revision that withdraws a figure (kind 'withdrawn') repeats its last value in
	** old_value and new_value, and the one that makes it current again (kind 'restored') has
	** that value as old_value.
	*/
	"ALTER TABLE measurement ADD COLUMN withdrawn INTEGER NOT NULL DEFAULT 0\n"
	"  CHECK (withdrawn IN (0, 1));\n"
	"ALTER TABLE revision ADD COLUMN kind TEXT NOT NULL DEFAULT 'revised'\n"
	"  CHECK (kind IN ('revised', 'withdrawn', 'restored'));\n",
	[4] =
	/*
	** The Stat cycle (issue 10). Programs, metrics and departments are catalog rows that a
	** catalog load rewrites, so these tables name them by code without foreign keys: a call,
	** a lock or a follow-up outlives a program's edits. Nothing here is ever deleted; every
	** change is a row with who and when.
	*/
	/* Data calls: one per program period; closed_at is NULL while it is open. */
	"CREATE TABLE data_call(\n"
	"  id         INTEGER PRIMARY KEY,\n"
	"  program    TEXT NOT NULL,\n"
	"  period     TEXT NOT NULL,\n"
	"  pkey       INTEGER NOT NULL,\n"
	"  due        TEXT NOT NULL,\n"
	"  cutoff     TEXT,\n"
	"  opened_at  TEXT NOT NULL,\n"
	"  opened_by  TEXT,\n"
	"  closed_at  TEXT,\n"
	"  closed_by  TEXT,\n"
	"  UNIQUE (program, period)\n"
	") STRICT;\n"
	/* What happened to a call after it was opened: a new due date or cutoff, closed, reopened. */
	"CREATE TABLE call_change(\n"
	"  id    INTEGER PRIMARY KEY,\n"
	"  call  INTEGER NOT NULL REFERENCES data_call(id),\n"
	"  what  TEXT NOT NULL CHECK (what IN ('due', 'cutoff', 'closed', 'reopened')),\n"
	"  old   TEXT,\n"
	"  new   TEXT,\n"
	"  by    TEXT,\n"
	"  at    TEXT NOT NULL\n"
	") STRICT;\n"
	/*
	** Commentary: the department's account of a metric's figure, one current version per
	** (metric, period, breakdown), earlier versions kept. A figure's note (measurement.note)
	** stays as it is; where both exist the commentary is the one shown.
	*/
	"CREATE TABLE commentary(\n"
	"  id        INTEGER PRIMARY KEY,\n"
	"  metric    TEXT NOT NULL,\n"
	"  period    TEXT NOT NULL,\n"
	"  pkey      INTEGER NOT NULL,\n"
	"  breakdown TEXT NOT NULL DEFAULT '',\n"
	"  text      TEXT NOT NULL,\n"
	"  by        TEXT,\n"
	"  at        TEXT NOT NULL,\n"
	"  reason    TEXT,\n"
	"  current   INTEGER NOT NULL DEFAULT 1 CHECK (current IN (0, 1))\n"
	") STRICT;\n"
	"CREATE INDEX commentary_by_figure ON commentary(metric, period, breakdown);\n"
	/* Locks: a program period frozen, and the figures (metric, period) it froze. */
	"CREATE TABLE period_lock(\n"
	"  id      INTEGER PRIMARY KEY,\n"
	"  program TEXT NOT NULL,\n"
	"  period  TEXT NOT NULL,\n"
	"  pkey    INTEGER NOT NULL,\n"
	"  at      TEXT NOT NULL,\n"
	"  by      TEXT,\n"
	"  forced  INTEGER NOT NULL DEFAULT 0,\n"
	"  UNIQUE (program, period)\n"
	") STRICT;\n"
	"CREATE TABLE locked_figure(\n"
	"  metric TEXT NOT NULL,\n"
	"  period TEXT NOT NULL,\n"
	"  lock   INTEGER NOT NULL REFERENCES period_lock(id),\n"
	"  PRIMARY KEY (metric, period, lock)\n"
	") STRICT, WITHOUT ROWID;\n"
	/* Every change made to a locked figure or its commentary, with the reason it needed. */
	"CREATE TABLE late_change(\n"
	"  id        INTEGER PRIMARY KEY,\n"
	"  metric    TEXT NOT NULL,\n"
	"  period    TEXT NOT NULL,\n"
	"  breakdown TEXT NOT NULL DEFAULT '',\n"
	"  what      TEXT NOT NULL CHECK (what IN ('added', 'revised', 'note', 'withdrawn',\n"
	"                                          'restored', 'commentary')),\n"
	"  old_value REAL,\n"
	"  new_value REAL,\n"
	"  by        TEXT,\n"
	"  at        TEXT NOT NULL,\n"
	"  reason    TEXT NOT NULL,\n"
	"  lock      INTEGER NOT NULL REFERENCES period_lock(id)\n"
	") STRICT;\n"
	/* Packets released to the meeting's participants. */
	"CREATE TABLE publication(\n"
	"  id      INTEGER PRIMARY KEY,\n"
	"  program TEXT NOT NULL,\n"
	"  period  TEXT NOT NULL,\n"
	"  pkey    INTEGER NOT NULL,\n"
	"  sha256  TEXT NOT NULL,\n"
	"  file    TEXT NOT NULL,\n"
	"  pages   INTEGER NOT NULL DEFAULT 0,\n"
	"  at      TEXT NOT NULL,\n"
	"  by      TEXT\n"
	") STRICT;\n"
	"CREATE TABLE meeting(\n"
	"  id         INTEGER PRIMARY KEY,\n"
	"  program    TEXT NOT NULL,\n"
	"  period     TEXT NOT NULL,\n"
	"  pkey       INTEGER NOT NULL,\n"
	"  date       TEXT NOT NULL,\n"
	"  time       TEXT,\n"
	"  place      TEXT,\n"
	"  chair      TEXT,\n"
	"  notes      TEXT,\n"
	"  created_at TEXT NOT NULL,\n"
	"  created_by TEXT\n"
	") STRICT;\n"
	"CREATE TABLE meeting_attendee(\n"
	"  meeting INTEGER NOT NULL REFERENCES meeting(id),\n"
	"  pos     INTEGER NOT NULL,\n"
	"  name    TEXT NOT NULL,\n"
	"  PRIMARY KEY (meeting, pos)\n"
	") STRICT;\n"
	"CREATE TABLE agenda_item(\n"
	"  meeting  INTEGER NOT NULL REFERENCES meeting(id),\n"
	"  pos      INTEGER NOT NULL,\n"
	"  item     TEXT NOT NULL,\n"
	"  minutes  INTEGER NOT NULL DEFAULT 0,\n"
	"  metric   TEXT,\n"
	"  added_at TEXT NOT NULL,\n"
	"  added_by TEXT,\n"
	"  PRIMARY KEY (meeting, pos)\n"
	") STRICT;\n"
	"CREATE TABLE decision(\n"
	"  id           INTEGER PRIMARY KEY,\n"
	"  meeting      INTEGER NOT NULL REFERENCES meeting(id),\n"
	"  text         TEXT NOT NULL,\n"
	"  by           TEXT NOT NULL,\n"
	"  at           TEXT NOT NULL,\n"
	"  data_request INTEGER NOT NULL DEFAULT 0\n"
	") STRICT;\n"
	/* Follow-ups: the columns hold the item as it stands; action_event its whole history. */
	"CREATE TABLE action_item(\n"
	"  id         INTEGER PRIMARY KEY,\n"
	"  meeting    INTEGER NOT NULL REFERENCES meeting(id),\n"
	"  metric     TEXT,\n"
	"  owner      TEXT NOT NULL CHECK (owner <> ''),\n"
	"  due        TEXT NOT NULL,\n"
	"  type       TEXT NOT NULL,\n"
	"  done_when  TEXT,\n"
	"  text       TEXT NOT NULL,\n"
	"  status     TEXT NOT NULL DEFAULT 'open'\n"
	"             CHECK (status IN ('open', 'in_progress', 'done', 'dropped')),\n"
	"  evidence   TEXT,\n"
	"  note       TEXT,\n"
	"  plan       TEXT,\n"
	"  closed_on  TEXT,\n"
	"  created_at TEXT NOT NULL,\n"
	"  created_by TEXT,\n"
	"  updated_at TEXT NOT NULL\n"
	") STRICT;\n"
	"CREATE TABLE action_event(\n"
	"  id         INTEGER PRIMARY KEY,\n"
	"  action     INTEGER NOT NULL REFERENCES action_item(id),\n"
	"  at         TEXT NOT NULL,\n"
	"  by         TEXT,\n"
	"  on_day     TEXT NOT NULL,\n"
	"  old_status TEXT NOT NULL,\n"
	"  new_status TEXT NOT NULL,\n"
	"  old_due    TEXT,\n"
	"  new_due    TEXT,\n"
	"  evidence   TEXT,\n"
	"  plan       TEXT,\n"
	"  note       TEXT\n"
	") STRICT;\n"
	"CREATE INDEX action_event_by_action ON action_event(action);\n",
	[5] =
	/*
	** Geographies (catalog geographies:): each vintage's areas, simplified at catalog load,
	** one row per area with its rings as a blob (geo.h), so that a packet never needs the
	** boundary file; the datasets' columns that name areas; named groups of areas. vfrom is
	** the version's from period, '' when it has none. (Self-contained: renumbering this
	** entry is the only change a merge needs.)
	*/
	"CREATE TABLE geography(\n"
	"  name                TEXT PRIMARY KEY,\n"
	"  id_property         TEXT NOT NULL,\n"
	"  name_property       TEXT,\n"
	"  population_property TEXT,\n"
	"  label               TEXT\n"
	") STRICT;\n"
	"CREATE TABLE geo_version(\n"
	"  geography TEXT NOT NULL,\n"
	"  vfrom     TEXT NOT NULL,\n"
	"  vto       TEXT,\n"
	"  file      TEXT NOT NULL,\n"
	"  digest    TEXT NOT NULL,\n"
	"  PRIMARY KEY (geography, vfrom)\n"
	") STRICT;\n"
	"CREATE TABLE geo_area(\n"
	"  geography  TEXT NOT NULL,\n"
	"  vfrom      TEXT NOT NULL,\n"
	"  pos        INTEGER NOT NULL,\n"		/* file order */
	"  id         TEXT NOT NULL,\n"
	"  name       TEXT,\n"
	"  population REAL,\n"
	"  rings      BLOB NOT NULL,\n"
	"  PRIMARY KEY (geography, vfrom, id)\n"
	") STRICT;\n"
	"CREATE TABLE geo_group(\n"
	"  geography TEXT NOT NULL,\n"
	"  pos       INTEGER NOT NULL,\n"
	"  name      TEXT NOT NULL,\n"
	"  ids       TEXT NOT NULL,\n"			/* joined with U+001F */
	"  PRIMARY KEY (geography, name)\n"
	") STRICT;\n"
	"CREATE TABLE metric_ratio(\n"				/* ratio metrics */
	"  metric      INTEGER PRIMARY KEY REFERENCES metric(id) ON DELETE CASCADE,\n"
	"  numerator   TEXT NOT NULL,\n"
	"  denominator TEXT NOT NULL,\n"
	"  per         REAL NOT NULL\n"
	") STRICT;\n"
	"ALTER TABLE metric_compute ADD COLUMN grp TEXT;\n"		/* share_in_group */
	"ALTER TABLE metric_compute ADD COLUMN area TEXT;\n"
	"CREATE TABLE geo_link(\n"
	"  dataset   TEXT NOT NULL,\n"
	"  col       TEXT NOT NULL,\n"
	"  geography TEXT NOT NULL,\n"
	"  prefix    TEXT,\n"
	"  PRIMARY KEY (dataset, col)\n"
	") STRICT;\n",
	[6] =
	/*
	** Plausible ranges: a metric's min: and max: from the catalog (NULL when not given; the
	** unit then implies one, see catalog_bounds). record and import refuse a figure outside
	** it unless told it is a real outlier.
	*/
	"ALTER TABLE metric ADD COLUMN min_value REAL;\n"
	"ALTER TABLE metric ADD COLUMN max_value REAL;\n",
	[7] =
	/*
	** Who may use `kpistat serve`: a role (office, department, viewer), the department a
	** department user speaks for, the Argon2id hash of the password (libsodium's
	** crypto_pwhash_str; NULL until `user passwd`), and whether the account is disabled.
	** Users are never deleted: figures carry their names. (Self-contained: renumbering
	** this entry is the only change a merge needs.)
	*/
	"CREATE TABLE app_user(\n"
	"  name        TEXT PRIMARY KEY,\n"
	"  role        TEXT NOT NULL CHECK (role IN ('office','department','viewer')),\n"
	"  department  TEXT,\n"
	"  pwhash      TEXT,\n"
	"  disabled    INTEGER NOT NULL DEFAULT 0,\n"
	"  created_at  TEXT NOT NULL,\n"
	"  created_by  TEXT,\n"
	"  changed_at  TEXT NOT NULL,\n"
	"  CHECK ((role = 'department') = (department IS NOT NULL))\n"
	") STRICT;\n",
	[8] =
	/*
	** The catalog's stamp: a number that every change to a table the catalog is read from
	** moves on, whoever makes it (triggers, so a writer cannot forget). `kpistat serve` keeps
	** the catalog it read while the stamp holds; before, any commit at all (a figure saved)
	** made every connection read the whole catalog again.
	*/
	"CREATE TABLE catalog_stamp(\n"
	"  one  INTEGER PRIMARY KEY CHECK (one = 1),\n"
	"  n    INTEGER NOT NULL\n"
	") STRICT;\n"
	"INSERT INTO catalog_stamp VALUES (1, 0);\n"
	STAMPED(setting) STAMPED(department) STAMPED(metric)
	STAMPED(target) STAMPED(program) STAMPED(program_metric)
	STAMPED(dataset) STAMPED(dataset_column) STAMPED(metric_compute)
	STAMPED(metric_filter) STAMPED(metric_ratio) STAMPED(geography)
	STAMPED(geo_version) STAMPED(geo_group) STAMPED(geo_link),
};

const int schema_latest = (int)(sizeof schema_migrations / sizeof schema_migrations[0]) - 1;
