/* The explorer's key table: the input handler looks keys up here and the
 * help screen is printed from it, so the two cannot disagree. */
#ifndef DESCENT_KEYS_H
#define DESCENT_KEYS_H

typedef enum {
    ACT_NONE,
    ACT_PLAY,
    ACT_STEP,
    ACT_FASTER,
    ACT_SLOWER,
    ACT_RESET,
    ACT_NEXT_SURFACE,
    ACT_PREV_SURFACE,
    ACT_CURSOR_LEFT,
    ACT_CURSOR_RIGHT,
    ACT_CURSOR_UP,
    ACT_CURSOR_DOWN,
    ACT_SET_START,
    ACT_TOGGLE,       /* 1-6: show/hide optimizer (key - '1') */
    ACT_SELECT,
    ACT_EDIT,
    ACT_LR_HALF,      /* what-ifs on the selected racer, rerun at once */
    ACT_LR_DOUBLE,
    ACT_MOM_DOWN,
    ACT_MOM_UP,
    ACT_NOISE,
    ACT_ZOOM_IN,
    ACT_ZOOM_OUT,
    ACT_ZOOM_RESET,
    ACT_PAN_LEFT,
    ACT_PAN_RIGHT,
    ACT_PAN_UP,
    ACT_PAN_DOWN,
    ACT_VECTORS,
    ACT_HESSIAN,
    ACT_FILL,
    ACT_ASPECT,
    ACT_GLYPHS,
    ACT_THEME,
    ACT_SVG,
    ACT_SCENE,
    ACT_HELP,
    ACT_PLANE,        /* the landscape's plane keys (landview_key) */
    ACT_LAYER,        /* the landscape's field: loss or error rate */
    ACT_TRAIN_VIEW,
    ACT_TRAIN_KEYS,
    ACT_QUIT,
} key_action;

#define KEYS_PER_BINDING 4

typedef struct {
    int keys[KEYS_PER_BINDING]; /* curses key codes; unused slots 0 */
    const char *label;          /* how help names the keys */
    const char *help;
    key_action action;
} key_binding;

/* The table, ending with an entry whose action is ACT_NONE. */
const key_binding *keys_table(void);
/* The binding for a key code, or NULL. */
const key_binding *keys_find(int key);

#endif
