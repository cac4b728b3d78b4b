#ifndef CEDITLINE_SHIM_H
#define CEDITLINE_SHIM_H
// libedit (BSD licence) through its native interface. el_set and history are
// variadic, which Swift cannot call, so each use has a fixed-argument wrapper.
#include <stdio.h>
#include <wchar.h>
#include <histedit.h>

typedef char *(*lore_el_prompt_fn)(EditLine *);
typedef unsigned char (*lore_el_command_fn)(EditLine *, int);
typedef int (*lore_el_getc_fn)(EditLine *, wchar_t *);

static inline int lore_el_set_prompt(EditLine *el, lore_el_prompt_fn f) { return el_set(el, EL_PROMPT, f); }
static inline int lore_el_set_editor(EditLine *el, const char *mode) { return el_set(el, EL_EDITOR, mode); }
static inline int lore_el_set_getc(EditLine *el, lore_el_getc_fn f) { return el_set(el, EL_GETCFN, f); }
static inline int lore_el_prepare_terminal(EditLine *el, int on) { return el_set(el, EL_PREP_TERM, on); }
static inline int lore_el_add_function(EditLine *el, const char *name, const char *help, lore_el_command_fn f) {
    return el_set(el, EL_ADDFN, name, help, f);
}
static inline int lore_el_bind(EditLine *el, const char *key, const char *name) {
    return el_set(el, EL_BIND, key, name, (const char *)NULL);
}
static inline int lore_el_set_history(EditLine *el, History *h) { return el_set(el, EL_HIST, history, h); }

static inline History *lore_history_open(int size) {
    History *h = history_init();
    HistEvent ev;
    if (h) {
        history(h, &ev, H_SETSIZE, size);
        history(h, &ev, H_SETUNIQUE, 1);
    }
    return h;
}
static inline int lore_history_enter(History *h, const char *line) {
    HistEvent ev;
    return history(h, &ev, H_ENTER, line);
}
static inline int lore_history_load(History *h, const char *path) {
    HistEvent ev;
    return history(h, &ev, H_LOAD, path);
}
static inline int lore_history_save(History *h, const char *path) {
    HistEvent ev;
    return history(h, &ev, H_SAVE, path);
}
#endif
