#ifndef RSTATE_HIREDIS_SHIM_H
#define RSTATE_HIREDIS_SHIM_H

#include <hiredis/hiredis.h>

/* errstr is a char[128]; Swift sees it as a tuple, so read it through a pointer. */
static inline const char *rstate_hiredis_errstr(const redisContext *context) {
  return context->errstr;
}

/* Bytes queued for the server and not yet written (obuf is an sds string). */
static inline size_t rstate_hiredis_pending_output(const redisContext *context) {
  return sdslen(context->obuf);
}

#endif
