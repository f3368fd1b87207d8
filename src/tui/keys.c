#include "keys.h"

#include <curses.h>

#define CTRL(c) ((c) & 0x1f)

static const key_binding table[] = {
    {{' '}, "space", "play / pause", ACT_PLAY},
    {{'n', '.'}, "n .", "one step", ACT_STEP},
    {{'+', '='}, "+", "faster (steps/second)", ACT_FASTER},
    {{'-', '_'}, "-", "slower", ACT_SLOWER},
    {{'r'}, "r", "reset the race to step 0", ACT_RESET},
    {{'\t', ']'}, "Tab ]", "next surface", ACT_NEXT_SURFACE},
    {{KEY_BTAB, '['}, "S-Tab [", "previous surface", ACT_PREV_SURFACE},
    {{KEY_LEFT}, "Left", "move the cursor left", ACT_CURSOR_LEFT},
    {{KEY_RIGHT}, "Right", "move the cursor right", ACT_CURSOR_RIGHT},
    {{KEY_UP}, "Up", "move the cursor up", ACT_CURSOR_UP},
    {{KEY_DOWN}, "Down", "move the cursor down", ACT_CURSOR_DOWN},
    {{'\n', '\r', KEY_ENTER}, "Enter", "start at the cursor/click", ACT_SET_START},
    {{'1', '2', '3', '4'}, "1-6", "show / hide an optimizer", ACT_TOGGLE},
    {{'5', '6', '7', '8'}, NULL, NULL, ACT_TOGGLE},
    {{'o'}, "o", "select a racer (e { } ( ))", ACT_SELECT},
    {{'e'}, "e", "edit its hyperparameters", ACT_EDIT},
    {{'{'}, "{ }", "its lr: halve / double", ACT_LR_HALF},
    {{'}'}, NULL, NULL, ACT_LR_DOUBLE},
    {{'('}, "( )", "its momentum to 0 / to 1", ACT_MOM_DOWN},
    {{')'}, NULL, NULL, ACT_MOM_UP},
    {{'N'}, "N", "gradient noise (sigma)", ACT_NOISE},
    {{'z'}, "z", "zoom in at the cursor", ACT_ZOOM_IN},
    {{'Z'}, "Z", "zoom out", ACT_ZOOM_OUT},
    {{'0'}, "0", "reset the view", ACT_ZOOM_RESET},
    {{'h', KEY_SLEFT}, "h S-Left", "pan left", ACT_PAN_LEFT},
    {{'l', KEY_SRIGHT}, "l S-Right", "pan right", ACT_PAN_RIGHT},
    {{'k', KEY_SR}, "k S-Up", "pan up", ACT_PAN_UP},
    {{'j', KEY_SF}, "j S-Down", "pan down", ACT_PAN_DOWN},
    {{'v'}, "v", "gradient, update, velocity", ACT_VECTORS},
    {{'x'}, "x", "Hessian at the cursor", ACT_HESSIAN},
    {{'f'}, "f", "filled map on / off", ACT_FILL},
    {{'a'}, "a", "equal aspect / stretched", ACT_ASPECT},
    {{'g'}, "g", "braille/half block/ASCII", ACT_GLYPHS},
    {{'t'}, "t", "next colour theme", ACT_THEME},
    {{'s'}, "s", "save the map as SVG here", ACT_SVG},
    {{'L'}, "L", "load a scene (file, name)", ACT_SCENE},
    /* a landscape's: P and B from the selected (o) racer's path and end */
    {{'R', 'P', 'B'}, "R P B", "plane: random/pca/between", ACT_PLANE},
    {{'C', 'H', 'W'}, "C H W", "centre: cursor/o's head/W0", ACT_PLANE},
    {{'A'}, "A", "field: loss / error rate", ACT_LAYER},
    {{'?', KEY_F(1)}, "? F1", "this help", ACT_HELP},
    {{KEY_F(2)}, "F2", "training panel on / off", ACT_TRAIN_VIEW},
    {{KEY_F(3)}, "F3", "keys: panel beside / map", ACT_TRAIN_KEYS},
    {{'q', 'Q', CTRL('c')}, "q", "quit", ACT_QUIT},
    {{0}, NULL, NULL, ACT_NONE},
};

const key_binding *keys_table(void)
{
    return table;
}

const key_binding *keys_find(int key)
{
    if (key == 0)
        return NULL;
    for (const key_binding *b = table; b->action != ACT_NONE; b++)
        for (int i = 0; i < KEYS_PER_BINDING; i++)
            if (b->keys[i] == key)
                return b;
    return NULL;
}
