/*
** fuzz.h: what the libFuzzer harnesses (tests/fuzz/fuzz_*.c) share.
**
** Each harness defines LLVMFuzzerTestOneInput() for one parser that reads outside input and
** checks properties beyond "does not crash" where the parser has them (a value printed back
** parses to the same value, a CSV record written back reads the same). A property that fails
** calls fz_fail(), which aborts, so libFuzzer (or the replay driver) reports the input.
** The same file links with libFuzzer (make fuzz, clang) or with replay.c (make check, any cc).
*/
#ifndef KPISTAT_FUZZ_H
#define KPISTAT_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A NUL-terminated copy of data[0..size) (free it). */
char	*fz_cstr(const uint8_t *data, size_t size);

/*
** The input as a file a loader can open by name: an in-memory file (memfd) reached through
** /proc/self/fd. Returns the path; fz_file_close() after use.
*/
const char *fz_file(const uint8_t *data, size_t size);
void	fz_file_close(void);

/* A property does not hold: say which and abort. */
void	fz_fail(const char *what, const char *detail) __attribute__((noreturn));

#endif
