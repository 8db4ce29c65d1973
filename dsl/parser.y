/* parser.y: the grammar of the .zone language, and its documentation.
 *
 *   file        := module_decl decl*
 *   module_decl := "module" IDENT VERSION ";"
 *   decl        := launcher | zone | channel | assert
 *   launcher    := "launcher" "{" stmt* "}"
 *   zone        := ["trusted"] ("vm" | "program") IDENT "{" stmt* "}"
 *   channel     := "channel" IDENT "'from'" IDENT "'to'" IDENT ["via" IDENT] ";"
 *   assert      := "assert" "no" "flow" IDENT "->" IDENT ";"
 *   stmt        := "exec" STRING [takeover | "shared"] ";"
 *                | ("run" | "read") STRING ";"   # the base's files, by their base type
 *                | "execmem" ";" | "tmp" ";"
 *                | "console" "none" ";"                 (the launcher: no console login)
 *                | "memory" IDENT ";" | "vhost" "net" ";"   (vm: optional QEMU features)
 *                | ("config" | "log" | "disk" | "socket") STRING [takeover] ";"
 *                | "log" STRING [takeover] "rotate" ";"   (the base's logrotate may manage it)
 *                | ("device" | "connect" | "capability") IDENT ("," IDENT)* ";"
 *                | "net" "none" ";"
 *                | "net" ("egress" | "listen") ("tcp" | "udp") PORTS ";"
 *                | "net" "via" IDENT ";"
 *                | "limits" "{" limit* "}"
 *   takeover    := "takeover" IDENT      # the base type the path takes over
 *   PORTS       := port ("," port)*       port := INT | INT "-" INT
 *   limit       := "cpu" PERCENT ";" | "memory" SIZE ";" | "tasks" INT ";"
 *
 * Actions only build nodes; which statement may stand where, and what names
 * mean, is checked by the passes in sema.c.  Error rules resynchronise at
 * ';' and '}' so that one run reports every syntax error.
 */
%define api.pure full
%define parse.error detailed
%locations
%expect 0
%param { yyscan_t scanner }
%parse-param { ParseCtx *ctx }

%code requires {
#include "parse.h"
typedef void *yyscan_t;
}

%code {
#include "lexer.h"
#include "xalloc.h"
#include <stdlib.h>

static Loc L(YYLTYPE l) { return (Loc){ (unsigned)l.first_line, (unsigned)l.first_column }; }

static void yyerror(YYLTYPE *l, yyscan_t s, ParseCtx *ctx, const char *msg)
{
	(void)s;
	diag_report(ctx->diag, L(*l), CK_SYNTAX, "%s", msg);
}

static Stmt *stmt(ParseCtx *ctx, YYLTYPE l, StmtKind k)
{
	Stmt *s = ARENA_NEW(ctx->arena, Stmt);
	s->loc = L(l);
	s->kind = k;
	return s;
}

static Stmt *path_stmt(ParseCtx *ctx, YYLTYPE l, StmtKind k, const char *path, YYLTYPE pl,
		       NameRef *takeover)
{
	Stmt *s = stmt(ctx, l, k);
	size_t n = strlen(path);
	s->path = path;
	s->path_loc = L(pl);
	s->is_dir = n > 1 && path[n - 1] == '/';
	s->dir = s->is_dir ? arena_strndup(ctx->arena, path, n - 1) : path;
	s->takeover = takeover;
	return s;
}

static NameRef *name(ParseCtx *ctx, YYLTYPE l, Sym *sym)
{
	NameRef *r = ARENA_NEW(ctx->arena, NameRef);
	r->loc = L(l);
	r->sym = sym;
	return r;
}

static Zone *zone(ParseCtx *ctx, YYLTYPE l, ZoneKind k, bool trusted, Sym *n, YYLTYPE nl, Stmt *body)
{
	Zone *z = ARENA_NEW(ctx->arena, Zone);
	z->loc = L(l);
	z->kind = k;
	z->trusted = trusted;
	z->name = n;
	z->name_loc = L(nl);
	z->body = body;
	for (Stmt *s = body; s; s = s->next)
		s->zone = z;
	module_add_zone(ctx->mod, z);
	return z;
}

static Limit *limit(ParseCtx *ctx, YYLTYPE l, LimitKind k, const char *text, unsigned long long v)
{
	Limit *x = ARENA_NEW(ctx->arena, Limit);
	x->loc = L(l);
	x->kind = k;
	x->text = text;
	x->value = v;
	return x;
}
}

%union {
	const char *str;
	Sym *sym;
	unsigned long long num;
	Stmt *stmt;
	NameRef *names;
	PortRange *ports;
	Limit *limits;
	ZoneKind kind;
	int flag;
	struct { Stmt *head, **tail; } body;
	struct { NameRef *head, **tail; } nlist;
	struct { PortRange *head, **tail; } plist;
	struct { Limit *head, **tail; } llist;
}

%token <str> STRING "string" VERSION "version" PERCENT "percentage" SIZE "size"
%token <sym> IDENT "identifier"
%token <num> INT "integer"
%token ARROW "'->'"
%token MODULE "'module'" LAUNCHER "'launcher'" TRUSTED "'trusted'" VM "'vm'"
%token PROGRAM "'program'" CHANNEL "'channel'" FROM "'from'" TO "'to'" VIA "'via'"
%token ASSERT "'assert'" NO "'no'" FLOW "'flow'" EXEC "'exec'" CONFIG "'config'"
%token LOG "'log'" DISK "'disk'" DEVICE "'device'" SOCKET "'socket'"
%token CONNECT "'connect'" NET "'net'" NONE "'none'" EGRESS "'egress'"
%token LISTEN "'listen'" TCP "'tcp'" UDP "'udp'" LIMITS "'limits'" CPU "'cpu'"
%token MEMORY "'memory'" TASKS "'tasks'" TAKEOVER "'takeover'" ROTATE "'rotate'"
%token SHARED "'shared'" RUN "'run'" READ "'read'" EXECMEM "'execmem'" TMP "'tmp'"
%token CAPABILITY "'capability'" CONSOLE "'console'" VHOST "'vhost'"

%type <body> body
%type <stmt> stmt
%type <nlist> names
%type <plist> ports
%type <ports> port
%type <llist> limits
%type <limits> limit
%type <kind> kind
%type <flag> trusted proto
%type <names> via takeover

%%

file
	: module_decl decls
	;

module_decl
	: MODULE IDENT VERSION ';' {
		ctx->mod->loc = L(@1);
		ctx->mod->name = $2;
		ctx->mod->name_loc = L(@2);
		ctx->mod->version = $3;
	}
	| error ';'
	;

decls
	: %empty
	| decls decl
	;

decl
	: LAUNCHER '{' body '}'                   { zone(ctx, @1, ZK_LAUNCHER, false, NULL, @1, $3.head); }
	| trusted kind IDENT '{' body '}'         { zone(ctx, $1 ? @1 : @2, $2, $1, $3, @3, $5.head); }
	| CHANNEL IDENT FROM IDENT TO IDENT via ';' {
		Channel *c = ARENA_NEW(ctx->arena, Channel);
		c->loc = L(@1);
		c->name = $2;
		c->name_loc = L(@2);
		c->from = *name(ctx, @4, $4);
		c->to = *name(ctx, @6, $6);
		c->via = $7;
		module_add_channel(ctx->mod, c);
	}
	| ASSERT NO FLOW IDENT ARROW IDENT ';' {
		Assert *a = ARENA_NEW(ctx->arena, Assert);
		a->loc = L(@1);
		a->from = *name(ctx, @4, $4);
		a->to = *name(ctx, @6, $6);
		module_add_assert(ctx->mod, a);
	}
	| error ';'
	| error '}'
	;

trusted
	: %empty    { $$ = 0; }
	| TRUSTED   { $$ = 1; }
	;

kind
	: VM        { $$ = ZK_VM; }
	| PROGRAM   { $$ = ZK_PROGRAM; }
	;

via
	: %empty      { $$ = NULL; }
	| VIA IDENT   { $$ = name(ctx, @2, $2); }
	;

takeover
	: %empty         { $$ = NULL; }
	| TAKEOVER IDENT { $$ = name(ctx, @2, $2); }
	;

body
	: %empty      { $$.head = NULL; $$.tail = &$$.head; }
	| body stmt   {
		$$ = $1;
		if ($2) {
			*$$.tail = $2;
			$$.tail = &$2->next;
		}
	}
	;

stmt
	: EXEC STRING takeover ';' { $$ = path_stmt(ctx, @1, ST_EXEC, $2, @2, $3); }
	| EXEC STRING SHARED ';' {
		$$ = path_stmt(ctx, @1, ST_EXEC, $2, @2, NULL);
		$$->shared = true;
		$$->shared_loc = L(@3);
	}
	| RUN STRING ';'        { $$ = path_stmt(ctx, @1, ST_RUN, $2, @2, NULL); }
	| READ STRING ';'       { $$ = path_stmt(ctx, @1, ST_READ, $2, @2, NULL); }
	| EXECMEM ';'           { $$ = stmt(ctx, @1, ST_EXECMEM); }
	| TMP ';'               { $$ = stmt(ctx, @1, ST_TMP); }
	| CONSOLE NONE ';'      { $$ = stmt(ctx, @1, ST_CONSOLE_NONE); }
	| MEMORY IDENT ';'      { $$ = stmt(ctx, @1, ST_MEMORY); $$->names = name(ctx, @2, $2); }
	| VHOST NET ';'         { $$ = stmt(ctx, @1, ST_VHOST_NET); }
	| CONFIG STRING takeover ';' { $$ = path_stmt(ctx, @1, ST_CONFIG, $2, @2, $3); }
	| LOG STRING takeover ';' { $$ = path_stmt(ctx, @1, ST_LOG, $2, @2, $3); }
	| LOG STRING takeover ROTATE ';' { $$ = path_stmt(ctx, @1, ST_LOG, $2, @2, $3); $$->rotate = true; }
	| DISK STRING takeover ';' { $$ = path_stmt(ctx, @1, ST_DISK, $2, @2, $3); }
	| SOCKET STRING takeover ';' { $$ = path_stmt(ctx, @1, ST_SOCKET, $2, @2, $3); }
	| DEVICE names ';'      { $$ = stmt(ctx, @1, ST_DEVICE); $$->names = $2.head; }
	| CAPABILITY names ';'  { $$ = stmt(ctx, @1, ST_CAPABILITY); $$->names = $2.head; }
	| CONNECT names ';'     { $$ = stmt(ctx, @1, ST_CONNECT); $$->names = $2.head; }
	| NET NONE ';'          { $$ = stmt(ctx, @1, ST_NET_NONE); }
	| NET EGRESS proto ports ';' {
		$$ = stmt(ctx, @1, ST_NET_EGRESS);
		$$->proto = (Proto)$3;
		$$->ports = $4.head;
	}
	| NET LISTEN proto ports ';' {
		$$ = stmt(ctx, @1, ST_NET_LISTEN);
		$$->proto = (Proto)$3;
		$$->ports = $4.head;
	}
	| NET VIA IDENT ';'     { $$ = stmt(ctx, @1, ST_NET_VIA); $$->names = name(ctx, @3, $3); }
	| LIMITS '{' limits '}' { $$ = stmt(ctx, @1, ST_LIMITS); $$->limits = $3.head; }
	| error ';'             { $$ = NULL; }
	;

names
	: IDENT {
		$$.head = name(ctx, @1, $1);
		$$.tail = &$$.head->next;
	}
	| names ',' IDENT {
		$$ = $1;
		*$$.tail = name(ctx, @3, $3);
		$$.tail = &(*$$.tail)->next;
	}
	;

proto
	: TCP   { $$ = PROTO_TCP; }
	| UDP   { $$ = PROTO_UDP; }
	;

ports
	: port           { $$.head = $1; $$.tail = &$1->next; }
	| ports ',' port { $$ = $1; *$$.tail = $3; $$.tail = &$3->next; }
	;

port
	: INT {
		$$ = ARENA_NEW(ctx->arena, PortRange);
		$$->loc = L(@1);
		$$->lo = $$->hi = (unsigned long)$1;
	}
	| INT '-' INT {
		$$ = ARENA_NEW(ctx->arena, PortRange);
		$$->loc = L(@1);
		$$->lo = (unsigned long)$1;
		$$->hi = (unsigned long)$3;
	}
	;

limits
	: %empty        { $$.head = NULL; $$.tail = &$$.head; }
	| limits limit  {
		$$ = $1;
		if ($2) {
			*$$.tail = $2;
			$$.tail = &$2->next;
		}
	}
	;

limit
	: CPU PERCENT ';'   { $$ = limit(ctx, @1, LIM_CPU, $2, strtoull($2, NULL, 10)); }
	| MEMORY SIZE ';'   { $$ = limit(ctx, @1, LIM_MEMORY, $2, 0); }
	| TASKS INT ';'     { $$ = limit(ctx, @1, LIM_TASKS, NULL, $2); }
	| error ';'         { $$ = NULL; }
	;

%%

int parse_module(Arena *a, Diag *d, Interner *in, Module *mod, const char *text, size_t len)
{
	ParseCtx ctx = { .arena = a, .diag = d, .in = in, .mod = mod, .line = 1, .col = 1,
			 .text = text, .len = len };
	yyscan_t scanner;
	int before = d->errors;
	if (yylex_init_extra(&ctx, &scanner) != 0)
		xalloc_fail();          /* flex fails here only when malloc does */
	YY_BUFFER_STATE buf = yy_scan_bytes(text, (int)len, scanner);
	yyparse(scanner, &ctx);
	yy_delete_buffer(buf, scanner);
	yylex_destroy(scanner);
	free(ctx.sbuf);
	if (d->errors == before && !mod->name)
		diag_report(d, (Loc){ 1, 1 }, CK_SYNTAX, "the file must start with 'module NAME VERSION;'");
	return d->errors - before;
}
