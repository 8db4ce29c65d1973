/* proto.h: the transport protocols a port is named for, in a zone file and
 * in a base policy's portcon. */
#ifndef ZP_PROTO_H
#define ZP_PROTO_H

typedef enum Proto { PROTO_TCP, PROTO_UDP } Proto;

#endif
