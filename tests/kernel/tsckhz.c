/*
 * tsckhz.c: prints this host's TSC rate in kHz (for the kernel suite's
 * boot, tests/kernel/module.sh).
 *
 * Under TCG the guest's rdtsc reads the host's TSC, so the guest kernel
 * can be told its rate (tsc_early_khz=) instead of calibrating it against
 * the PIT, which fails when the host is loaded; QEMU's microvm machine has
 * no HPET nor ACPI PM timer to fall back on, and the boot then hangs.
 *
 * Two readings 20 ms apart, each an rdtsc between two clock_gettime calls
 * less than 20 us apart (retried otherwise): the error stays under 0.2%.
 * Exits 1, printing nothing, on a host that is not x86-64.
 */
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#if defined(__x86_64__)
#include <x86intrin.h>

static int64_t ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC_RAW, &t);
	return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

/* one (time, tsc) pair whose time is known to 20 us */
static int pair(int64_t *t, uint64_t *tsc)
{
	for (int i = 0; i < 1000; i++) {
		int64_t a = ns();
		uint64_t c = __rdtsc();
		int64_t b = ns();
		if (b - a < 20000) {
			*t = a + (b - a) / 2;
			*tsc = c;
			return 0;
		}
	}
	return -1;
}

int main(void)
{
	int64_t t0, t1;
	uint64_t c0, c1;
	if (pair(&t0, &c0))
		return 1;
	struct timespec d = {0, 20000000};
	nanosleep(&d, NULL);
	if (pair(&t1, &c1) || t1 <= t0 || c1 <= c0)
		return 1;
	printf("%.0f\n", (double)(c1 - c0) * 1e6 / (double)(t1 - t0));
	return 0;
}
#else
int main(void)
{
	return 1;
}
#endif
