/* The HKID allocator: the module's global KeyID is reserved, TD KeyIDs are
 * handed out lowest first, released ones come back, leaked ones never do,
 * and misuse (double release, a KeyID from outside the pool) is a BUG. */
#include "shim.h"

#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../../hv/tdx/hkid.c"
#include "test.h"

/* The platform of the emulated module by default: MKTME KeyIDs 1..15,
 * TDX KeyIDs [16, 64). */
#define START 16
#define COUNT 48

static void check_counts(unsigned in_use, unsigned free_ids, unsigned leaked)
{
	unsigned u, f, l;

	hkid_counts(&u, &f, &l);
	CHECK_EQ(u, in_use);
	CHECK_EQ(f, free_ids);
	CHECK_EQ(l, leaked);
}

TEST(the_first_keyid_is_the_modules_global_keyid)
{
	CHECK_EQ(hkid_init(START, COUNT), START);
	check_counts(1, COUNT - 1, 0);
	CHECK_EQ(hkid_alloc(), START + 1);      /* never the global one */
}

TEST(keyids_are_handed_out_lowest_first_until_none_is_left)
{
	hkid_init(START, COUNT);
	for (unsigned id = START + 1; id < START + COUNT; id++)
		CHECK_EQ(hkid_alloc(), id);
	check_counts(COUNT, 0, 0);
	CHECK_EQ(hkid_alloc(), 0);              /* exhausted: 0, not a KeyID */
	CHECK_EQ(hkid_alloc(), 0);
	check_counts(COUNT, 0, 0);
}

TEST(two_keyids_are_one_global_and_one_for_a_td)
{
	CHECK_EQ(hkid_init(START, 2), START);
	CHECK_EQ(hkid_alloc(), START + 1);
	CHECK_EQ(hkid_alloc(), 0);
}

TEST(a_released_keyid_returns_to_the_pool)
{
	hkid_init(START, COUNT);
	for (unsigned i = 1; i < COUNT; i++)
		hkid_alloc();
	hkid_release(40);
	check_counts(COUNT - 1, 1, 0);
	CHECK_EQ(hkid_alloc(), 40);
	CHECK_EQ(hkid_alloc(), 0);
	hkid_release(20);
	hkid_release(17);
	CHECK_EQ(hkid_alloc(), 17);             /* lowest free first */
	CHECK_EQ(hkid_alloc(), 20);
}

TEST(a_leaked_keyid_is_parked_for_ever_and_counted)
{
	unsigned seen = 0;
	uint16_t id;

	hkid_init(START, COUNT);
	shim_log_clear();
	CHECK_EQ(hkid_alloc(), 17);
	CHECK_EQ(hkid_alloc(), 18);
	hkid_leak(17);
	CHECK(shim_log_has("tdx: KeyID 17 could not be released cleanly; it will not be reused"));
	check_counts(2, COUNT - 3, 1);
	hkid_release(18);
	while ((id = hkid_alloc()) != 0) {
		CHECK(id != 17 && id != START);
		seen++;
	}
	CHECK_EQ(seen, COUNT - 2);              /* every KeyID but the global and the leaked */
	check_counts(COUNT - 1, 0, 1);
}

TEST(the_pool_is_capped_at_hkid_max)
{
	hkid_init(1, HKID_MAX + 100);
	check_counts(1, HKID_MAX - 1, 0);
	for (unsigned i = 1; i < HKID_MAX; i++)
		CHECK_EQ(hkid_alloc(), 1 + i);
	CHECK_EQ(hkid_alloc(), 0);
}

struct grab {
	uint16_t id[8];
};

static void *grab_some(void *arg)
{
	struct grab *g = arg;

	for (unsigned i = 0; i < ARRAY_SIZE(g->id); i++)
		g->id[i] = hkid_alloc();
	return NULL;
}

TEST(concurrent_allocations_never_share_a_keyid)
{
	pthread_t t[4];
	struct grab g[4];
	uint8_t taken[START + COUNT] = { 0 };

	hkid_init(START, COUNT);
	for (unsigned i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, grab_some, &g[i]);
	for (unsigned i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	for (unsigned i = 0; i < 4; i++)
		for (unsigned k = 0; k < ARRAY_SIZE(g[i].id); k++) {
			uint16_t id = g[i].id[k];

			CHECK(id > START && id < START + COUNT);
			if (id > START && id < START + COUNT) {
				CHECK(!taken[id]);
				taken[id] = 1;
			}
		}
	check_counts(1 + 32, COUNT - 1 - 32, 0);
}

/* fn must panic: BUG_ON aborts in the shim. */
static bool panics(void (*fn)(void))
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		freopen("/dev/null", "w", stderr);
		fn();
		_exit(0);
	}
	waitpid(pid, &status, 0);
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
}

static void release_twice(void)
{
	hkid_init(START, COUNT);
	hkid_release(hkid_alloc());
	hkid_release(START + 1);
}

static void release_never_allocated(void)
{
	hkid_init(START, COUNT);
	hkid_release(START + 5);
}

static void release_global(void)
{
	hkid_init(START, COUNT);
	hkid_release(START);
}

static void release_below_range(void)
{
	hkid_init(START, COUNT);
	hkid_alloc();
	hkid_release(START - 1);        /* an MKTME KeyID */
}

static void release_above_range(void)
{
	hkid_init(START, COUNT);
	hkid_alloc();
	hkid_release(START + COUNT);
}

static void release_zero(void)
{
	hkid_init(START, COUNT);
	hkid_release(0);                /* hkid_alloc()'s "none left" */
}

static void release_leaked(void)
{
	hkid_init(START, COUNT);
	hkid_leak(hkid_alloc());
	hkid_release(START + 1);
}

static void leak_free(void)
{
	hkid_init(START, COUNT);
	hkid_leak(START + 3);
}

static void leak_outside(void)
{
	hkid_init(START, COUNT);
	hkid_leak(START + COUNT + 2);
}

TEST(misuse_is_a_bug)
{
	CHECK(panics(release_twice));
	CHECK(panics(release_never_allocated));
	CHECK(panics(release_global));
	CHECK(panics(release_below_range));
	CHECK(panics(release_above_range));
	CHECK(panics(release_zero));
	CHECK(panics(release_leaked));
	CHECK(panics(leak_free));
	CHECK(panics(leak_outside));
}
