/* A minimal unit-test harness. A test file #includes "shim.h", then the real
 * hypervisor .c files it tests (so static functions are reachable), then this
 * header, and defines TEST(name) blocks. test_main.c runs them and prints one
 * "PASS unit/<binary>/<test>" or "FAIL ..." line each. */
#ifndef TESTS_UNIT_TEST_H
#define TESTS_UNIT_TEST_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef void (*test_fn)(void);
void test_register(const char *name, test_fn fn);
void test_fail(const char *file, int line, const char *what);
extern int test_current_failed;

#define TEST(name)                                                    \
	static void name(void);                                       \
	__attribute__((constructor)) static void register_##name(void) \
	{                                                             \
		test_register(#name, name);                           \
	}                                                             \
	static void name(void)

#define CHECK(cond)                                                   \
	do {                                                          \
		if (!(cond))                                          \
			test_fail(__FILE__, __LINE__, #cond);         \
	} while (0)

#define CHECK_EQ(a, b)                                                       \
	do {                                                                 \
		unsigned long long a_ = (unsigned long long)(a);             \
		unsigned long long b_ = (unsigned long long)(b);             \
		if (a_ != b_) {                                              \
			char m_[256];                                        \
			snprintf(m_, sizeof(m_), "%.100s == %.100s (0x%llx != 0x%llx)", \
				 #a, #b, a_, b_);                            \
			test_fail(__FILE__, __LINE__, m_);                   \
		}                                                            \
	} while (0)

#define CHECK_STR(a, b)                                                      \
	do {                                                                 \
		const char *a_ = (a), *b_ = (b);                             \
		if (!a_ || !b_ || strcmp(a_, b_) != 0) {                     \
			char m_[1024];                                       \
			snprintf(m_, sizeof(m_), "%s == %s (\"%s\" != \"%s\")", \
				 #a, #b, a_ ? a_ : "(null)", b_ ? b_ : "(null)"); \
			test_fail(__FILE__, __LINE__, m_);                   \
		}                                                            \
	} while (0)

#endif
