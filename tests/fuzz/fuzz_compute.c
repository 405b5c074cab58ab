/*
** fuzz_compute.c: the compute: block parser (catalog_compute.c). The input is the value of one
** metric's compute: key in a fixed catalog that declares three datasets (a flow mapping such
** as "{ dataset: permits, measure: count }" on the key's line; later lines are indented under
** it), checked and round-tripped through the store as fuzz_catalog.c does.
*/
#define FUZZ_COMPUTE
#include "fuzz_catalog.c"

static const char head[] =
    "fiscal_year_start: 7\n"
    "departments: [{ code: dev, name: Dev }]\n"
    "datasets:\n"
    "  - name: permits\n"
    "    key: permit_id\n"
    "    columns: { permit_id: text, district: integer, submitted_on: date, decided_on: date,\n"
    "               fee: number, status: text }\n"
    "  - name: calls\n"
    "    key: call_id\n"
    "    datetime_format: \"%m/%d/%Y %I:%M %p\"\n"
    "    time_zone: \"-06:00\"\n"
    "    columns: { call_id: integer, received_at: datetime, call_type: text, priority: integer,\n"
    "               answer_seconds: number }\n"
    "  - name: cases\n"
    "    key: [case_id, kind]\n"
    "    columns: { case_id: text, kind: text, opened_on: date, closed_on: date }\n"
    "metrics:\n"
    "  - code: m.x\n"
    "    name: X\n"
    "    department: dev\n"
    "    unit: days\n"
    "    compute: ";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t cap = sizeof head + size * 7 + 1, n = sizeof head - 1;
	uint8_t *buf = malloc(cap);

	memcpy(buf, head, n);
	for (size_t i = 0; i < size; i++) {
		buf[n++] = data[i];
		if (data[i] == '\n') {
			memcpy(buf + n, "      ", 6);
			n += 6;
		}
	}
	check_catalog(buf, n);
	free(buf);
	return 0;
}
