#ifndef RSTATE_READLINE_SHIM_H
#define RSTATE_READLINE_SHIM_H

/* readline's headers use FILE without including stdio.h themselves. */
#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>

#endif
