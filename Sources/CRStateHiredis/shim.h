#ifndef RSTATE_HIREDIS_SHIM_H
#define RSTATE_HIREDIS_SHIM_H

#include <hiredis/hiredis.h>

/* errstr is a char[128]; Swift sees it as a tuple, so read it through a pointer. */
static inline const char *rstate_hiredis_reader_errstr(const redisReader *reader) {
  return reader->errstr;
}

/* Frees the reader's buffer once everything in it was parsed and it grew past maxbuf (after a
   large reply); hiredis itself frees it only on the next feed. */
static inline void rstate_hiredis_reader_trim(redisReader *reader) {
  if (reader->pos != reader->len || sdsavail(reader->buf) <= reader->maxbuf) return;
  sds empty = sdsempty();
  if (empty == NULL) return;
  sdsfree(reader->buf);
  reader->buf = empty;
  reader->pos = 0;
  reader->len = 0;
}

#endif
