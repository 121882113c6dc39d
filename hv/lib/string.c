/* Freestanding string functions (host tests use libc's instead). Simple byte
 * loops: the hypervisor never copies enough for speed to matter, and gcc may
 * emit calls to these for struct copies, so they must exist. */
#include "string.h"

/* memcpy and memset are string instructions: whole pages (TD images, PAMT
 * and page clearing) go through them, and REP MOVS/STOS is both the
 * fastest form on current CPUs and a fraction of a byte loop's
 * instructions in Bochs. Eight bytes at a time when the length allows. */
void *memcpy(void *dst, const void *src, size_t n)
{
	void *d = dst;

	if (n % 8 == 0) {
		size_t words = n / 8;

		__asm__ volatile("rep movsq" : "+D"(d), "+S"(src), "+c"(words) :: "memory");
	} else {
		__asm__ volatile("rep movsb" : "+D"(d), "+S"(src), "+c"(n) :: "memory");
	}
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	void *d = dst;

	if (n % 8 == 0) {
		uint64_t pattern = 0x0101010101010101ull * (unsigned char)c;
		size_t words = n / 8;

		__asm__ volatile("rep stosq" : "+D"(d), "+c"(words) : "a"(pattern) : "memory");
	} else {
		__asm__ volatile("rep stosb" : "+D"(d), "+c"(n) : "a"(c) : "memory");
	}
	return dst;
}

/* REPE CMPSQ finds the first differing 8 bytes; the bytes decide. */
int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	size_t words = n / 8, left = words;
	bool differ = false;

	if (words) {
		const void *p = a, *q = b;

		__asm__ volatile("repe cmpsq" : "+S"(p), "+D"(q), "+c"(left), "=@ccne"(differ)
				 :: "memory");
		if (!differ)
			left = 0;
		else
			left++;         /* the differing word is compared again below */
	}
	x += (words - left) * 8;
	y += (words - left) * 8;
	for (n -= (words - left) * 8; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			return 0;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}
