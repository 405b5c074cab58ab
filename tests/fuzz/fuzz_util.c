/*
** fuzz_util.c: helpers for the harnesses (see fuzz.h).
*/
#define _GNU_SOURCE	/* memfd_create */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"

static int memfd = -1;
static char memfd_path[64];

char *
fz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		abort();
	if (size > 0)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

const char *
fz_file(const uint8_t *data, size_t size)
{
	if (memfd < 0) {
		if ((memfd = memfd_create("fuzz-input", 0)) < 0) {
			perror("memfd_create");
			abort();
		}
		snprintf(memfd_path, sizeof memfd_path, "/proc/self/fd/%d", memfd);
	}
	if (ftruncate(memfd, 0) != 0 || pwrite(memfd, data, size, 0) != (ssize_t)size) {
		perror("memfd write");
		abort();
	}
	return memfd_path;
}

void
fz_file_close(void)
{
	/* The memfd is kept for the next input; nothing to do between runs. */
}

void
fz_fail(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz property failed: %s: %s\n", what, detail ? detail : "");
	abort();
}
