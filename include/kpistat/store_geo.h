/*
** store_geo: a geography's stored boundaries (what `catalog load` simplified and kept, so a
** packet never needs the boundary file). The definitions travel with the catalog
** (store_catalog_read); this reads one vintage's areas.
*/
#ifndef KPISTAT_STORE_GEO_H
#define KPISTAT_STORE_GEO_H

#include "kpistat/catalog.h"
#include "kpistat/geo.h"
#include "kpistat/store.h"

/* The areas of version v of g, in file order, with rings and bbox. 0, or -1 with e set. */
int	store_geo_layer(struct store *st, const struct geography *g, const struct geo_version *v,
	    struct geo_layer *out, struct kp_err *e);

#endif
