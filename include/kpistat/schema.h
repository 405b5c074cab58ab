/*
** schema: the store's SQL schema as a list of migrations. Entry N upgrades a store at
** PRAGMA user_version N-1 to N. Entries are never edited once released; new ones are appended.
** Only store.c uses this.
*/
#ifndef KPISTAT_SCHEMA_H
#define KPISTAT_SCHEMA_H

extern const char *const schema_migrations[];	/* [0] is unused */
extern const int schema_latest;			/* the last entry's number */

#endif
