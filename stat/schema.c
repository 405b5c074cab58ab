/*
** schema.c: the whole schema history of the KPI store (see schema.h).
**
** Tables are STRICT (SQLite >= 3.37, Debian 12 has 3.40) so that a value of the wrong type is
** an error rather than a silent conversion. Periods are kept twice: as text in canonical form
** (what people read and export) and as an integer key (consecutive periods differ by one) for
** ordering and "a year before" arithmetic in SQL.
*/
#include "kpistat/schema.h"

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
};

const int schema_latest = (int)(sizeof schema_migrations / sizeof schema_migrations[0]) - 1;
