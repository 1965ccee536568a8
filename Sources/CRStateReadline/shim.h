#ifndef RSTATE_READLINE_SHIM_H
#define RSTATE_READLINE_SHIM_H

/* readline's headers use FILE without including stdio.h themselves. */
#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>

/* Swift 6 refuses to touch C globals directly; these set the few rstate needs. */
static inline void rstate_readline_set_name(const char *name) { rl_readline_name = name; }
static inline void rstate_readline_set_completion(rl_completion_func_t *function) {
  rl_attempted_completion_function = function;
  /* Words end at blanks only: "@group", "key:with:colons" and quotes complete whole. */
  rl_completer_word_break_characters = " \t\n";
}
/* Called from the completion function: no fallback to file names. */
static inline void rstate_readline_completion_over(void) { rl_attempted_completion_over = 1; }
static inline const char *rstate_readline_line(void) { return rl_line_buffer; }
static inline int rstate_readline_cursor_at_end(void) { return rl_point == rl_end; }
static inline void rstate_readline_set_redisplay(rl_voidfunc_t *function) {
  rl_redisplay_function = function;
}
/* While the shell asks a question: Ctrl-C must end it rather than be swallowed by readline,
   which handles SIGINT itself and reads on. Readline's signal handlers stay out (rstate's
   own handler sees the Ctrl-C), the keys come through `getc`, which gives EOF once Ctrl-C
   was pressed, and Tab inserts nothing. */
static inline void rstate_readline_begin_question(rl_getc_func_t *getc) {
  rl_catch_signals = 0;
  rl_getc_function = getc;
  rl_inhibit_completion = 1;
}
static inline void rstate_readline_end_question(void) {
  rl_catch_signals = 1;
  rl_getc_function = rl_getc;
  rl_inhibit_completion = 0;
}

#endif
