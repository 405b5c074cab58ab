/*
** fuzz_catalog.c: the catalog loader (YAML through yml.c into catalog.c, catalog_dataset.c and
** catalog_compute.c) on any bytes, then, for a catalog it accepts, a round trip through an
** in-memory store: written and read back, it must say exactly what was loaded (catalog_diff
** finds no change). fuzz_compute.c reuses check_catalog() for compute: blocks alone.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpistat/catalog.h"
#include "kpistat/diag.h"
#include "kpistat/store.h"
#include "fuzz.h"

static struct store *mem;	/* one in-memory store for every run; each write is rolled back */

static void
on_change(void *arg, const char *line)
{
	if (*(const char **)arg == NULL)
		*(const char **)arg = strdup(line);
}

static void
check_catalog(const uint8_t *data, size_t size)
{
	struct catalog c, back;
	struct diags d;
	struct kp_err e;
	char *first = NULL;

	if (mem == NULL && (mem = store_open(":memory:", STORE_CREATE, &e)) == NULL)
		fz_fail("cannot open an in-memory store", e.msg);
	diags_init(&d, 50);
	if (catalog_load_file(fz_file(data, size), &c, &d) < 0) {
		if (d.total == 0)
			fz_fail("a catalog was refused without a message", NULL);
		diags_release(&d);
		return;
	}
	diags_release(&d);
	catalog_init(&back);
	if (store_begin(mem, &e) < 0 || store_catalog_write(mem, &c, &e) < 0 ||
	    store_catalog_read(mem, &back, &e) < 0)
		fz_fail("an accepted catalog cannot be stored", e.msg);
	store_rollback(mem);
	if (catalog_diff(&c, &back, on_change, &first) + catalog_diff_datasets(&c, &back,
	    on_change, &first, 0) + catalog_diff_geos(&c, &back, on_change, &first, 0) != 0)
		fz_fail("the stored catalog differs from the loaded one", first);
	catalog_release(&back);
	catalog_release(&c);
}

#ifndef FUZZ_COMPUTE
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_catalog(data, size);
	return 0;
}
#endif
