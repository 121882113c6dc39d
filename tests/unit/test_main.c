/* Runs every TEST() registered in this binary; the binary's name is argv[0]'s
 * last path component. Exit status is non-zero when any test failed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"

#define MAX_TESTS 512

static struct {
	const char *name;
	test_fn fn;
} tests[MAX_TESTS];
static int nr_tests;
int test_current_failed;

void test_register(const char *name, test_fn fn)
{
	if (nr_tests == MAX_TESTS) {
		fprintf(stderr, "too many tests\n");
		exit(2);
	}
	tests[nr_tests].name = name;
	tests[nr_tests].fn = fn;
	nr_tests++;
}

void test_fail(const char *file, int line, const char *what)
{
	printf("  %s:%d: check failed: %s\n", file, line, what);
	test_current_failed = 1;
}

int main(int argc, char **argv)
{
	const char *bin = argc > 0 ? strrchr(argv[0], '/') : NULL;
	int failed = 0;

	bin = bin ? bin + 1 : (argc > 0 ? argv[0] : "unit");
	/* Constructors register in reverse file order on some toolchains. */
	for (int i = 0; i < nr_tests; i++) {
		test_current_failed = 0;
		tests[i].fn();
		printf("%s unit/%s/%s\n", test_current_failed ? "FAIL" : "PASS",
		       bin, tests[i].name);
		failed += test_current_failed;
	}
	return failed ? 1 : 0;
}
