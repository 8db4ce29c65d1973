/* emit_nft.c: M.nft, the host's packet filter and packet labels for the
 * module's segments and `net` statements, from the IR's secmark objects,
 * nftables rules and links (lower.c, "packets").  One inet table named
 * after the module; its label chains give every packet a packet type of
 * the module, which the policy then allows or refuses per domain. */
#include "emit.h"

#include "template.h"

static const struct {
	const char *name, *head;
} chains[NFT_CHAINS] = {
	[NFT_LABEL_PRE] = { "label_in", "type filter hook prerouting priority -50; policy accept;" },
	[NFT_LABEL_OUT] = { "label_out", "type filter hook output priority -50; policy accept;" },
	[NFT_INPUT] = { "input", "type filter hook input priority 0; policy accept;" },
	[NFT_FORWARD] = { "forward", "type filter hook forward priority 0; policy accept;" },
	[NFT_POSTROUTING] = { "nat", "type nat hook postrouting priority 100; policy accept;" },
};

int emit_nft(Emit *e, Buf *out)
{
	const Ir *ir = e->ir;
	Buf links = { 0 }, marks = { 0 }, body = { 0 };
	for (const IrLink *l = ir->links; l; l = l->next) {
		if (l->bridge)
			buf_printf(&links, "#   tap %s (vm %s) on %s\n", l->ifname, l->vm, l->bridge);
		else
			buf_printf(&links, "#   bridge %s, address %s%s%s\n", l->ifname, l->address,
				   l->uplink ? ", uplink " : ", no uplink", l->uplink ? l->uplink : "");
	}
	if (!ir->links)
		buf_puts(&links, "#   none\n");
	for (const IrSecmark *s = ir->secmarks; s; s = s->next) {
		buf_puts(&marks, "\t# ");
		origin_text(&marks, e, &s->o);
		buf_printf(&marks, "\n\tsecmark %s {\n\t\t\"system_u:object_r:%s:s0\"\n\t}\n", s->name, s->type);
	}
	for (int c = 0; c < NFT_CHAINS; c++) {
		bool any = false;
		for (const IrNft *r = ir->nft; r && !any; r = r->next)
			any = r->chain == (NftChain)c;
		if (!any)
			continue;
		buf_printf(&body, "\n\tchain %s {\n\t\t%s\n", chains[c].name, chains[c].head);
		for (const IrNft *r = ir->nft; r; r = r->next)
			if (r->chain == (NftChain)c) {
				buf_puts(&body, "\t\t# ");
				origin_text(&body, e, &r->o);
				buf_printf(&body, "\n\t\t%s\n", r->rule);
			}
		buf_puts(&body, "\t}\n");
	}
	TplVar vars[] = {
		{ "MODULE", e->m->name->name }, { "SOURCE", e->source }, { "LINKS", buf_str(&links) },
		{ "SECMARKS", buf_str(&marks) }, { "CHAINS", buf_str(&body) },
	};
	int rc = tpl_expand(out, e->tpl_dir, "nft", vars, sizeof vars / sizeof vars[0], e->err, sizeof e->err);
	buf_free(&links);
	buf_free(&marks);
	buf_free(&body);
	return rc;
}
