/* flowrules.c: the rules of information flow (see flowrules.h). */
#include "flowrules.h"

#include <string.h>

const char *const flow_private_devices[] = {
	"kvm_device_t",      /* each open of /dev/kvm makes a new VM */
	"tun_tap_device_t",  /* each open of /dev/net/tun makes a new interface */
	"null_device_t",     /* discards what is written, reads nothing */
	"zero_device_t",     /* reads zeros, discards what is written */
};
const size_t flow_nprivate_devices = sizeof flow_private_devices / sizeof flow_private_devices[0];

bool flow_private_device(const char *type)
{
	for (size_t i = 0; i < flow_nprivate_devices; i++)
		if (strcmp(type, flow_private_devices[i]) == 0)
			return true;
	return false;
}

PermFlow flow_perm(const PermMap *pm, const char *cls, const char *perm)
{
	int weight = 0;
	char dir = permmap_dir(pm, cls, perm, &weight);
	PermFlow f = { .weight = weight };
	switch (dir) {
	case 'r': f.r = true; break;
	case 'w': f.w = true; break;
	case 'b': f.r = f.w = true; break;
	case 'n': f.weight = 0; break;
	default:
		/* unknown to the map and the override: assume the worst */
		f = (PermFlow){ true, true, FLOW_UNMAPPED_WEIGHT, true };
		break;
	}
	return f;
}
