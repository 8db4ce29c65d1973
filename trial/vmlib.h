/* vmlib.h: what the two static /init programs of the throwaway VMs share,
 * the trial kit's (trial/tinit.c) and the kernel suite's
 * (tests/kernel/guest.c).  Plain system calls, no state. */
#ifndef ZP_VMLIB_H
#define ZP_VMLIB_H

#include <stddef.h>

/* The whole file, NUL-terminated (*len, if given, its size without the
 * NUL); NULL when it cannot be opened or memory runs out. */
char *vm_read_all(const char *path, size_t *len);
/* Writes s to an existing file (proc, sysfs, selinuxfs): 0, or -1 with
 * errno from the open or the write. */
int vm_write_file(const char *path, const char *s);
/* The loopback interface up (in the caller's network namespace). */
void vm_lo_up(void);

#endif
