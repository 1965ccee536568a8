#ifndef RSTATE_READLINE_SHIM_H
#define RSTATE_READLINE_SHIM_H

/* readline's headers use FILE without including stdio.h themselves. */
#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>

/* Swift 6 refuses to touch C globals directly; these set the few rstate needs. */
static inline void rstate_readline_set_name(const char *name) { rl_readline_name = name; }

#endif
