#ifndef RSTATE_ZLIB_SHIM_H
#define RSTATE_ZLIB_SHIM_H

#include <zlib.h>

/* inflateInit2 is a macro over inflateInit2_, which Swift cannot import. */
static inline int rstate_inflate_init(z_stream *stream, int window_bits) {
  return inflateInit2(stream, window_bits);
}

#endif
