/*
** fuzz_template.c: the packet template loader (template.c over yml.c) on any bytes; an
** accepted template is then checked against an empty catalog (metrics it names are unknown:
** refused with a message, never a crash).
*/
#include <stdlib.h>

#include "kpistat/catalog.h"
#include "kpistat/diag.h"
#include "kpistat/template.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct template t;
	struct catalog c;
	struct diags d;

	diags_init(&d, 50);
	if (template_load_string("fuzz.yaml", (const char *)data, size, &t, &d) < 0) {
		if (d.total == 0)
			fz_fail("a template was refused without a message", NULL);
	} else {
		catalog_init(&c);
		if (template_check(&t, &c, &d) < 0 && d.total == 0)
			fz_fail("a template check failed without a message", NULL);
		catalog_release(&c);
		template_release(&t);
	}
	diags_release(&d);
	return 0;
}
