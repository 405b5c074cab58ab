/* version: the release number, printed by `kpistat --version` and written into packets. */
#ifndef KPISTAT_VERSION_H
#define KPISTAT_VERSION_H
#define KPISTAT_VERSION	"0.1.0"
#endif
