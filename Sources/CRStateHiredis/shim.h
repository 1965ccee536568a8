#ifndef RSTATE_HIREDIS_SHIM_H
#define RSTATE_HIREDIS_SHIM_H

#include <hiredis/hiredis.h>

/* errstr is a char[128]; Swift sees it as a tuple, so read it through a pointer. */
static inline const char *rstate_hiredis_reader_errstr(const redisReader *reader) {
  return reader->errstr;
}

#endif
