/* The explorer's loop: input, the race clock, and the actions of the key
 * table. Drawing lives in draw.c. */
#include "explorer.h"

#include <ctype.h>
#include <curses.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/hparams.h"
#include "app.h"
#include "keys.h"
#include "svg.h"
#include "trainview.h"

#define FRAME_S (1.0 / 30.0)
#define MAX_FRAME_WORK_S 0.015

static const int speeds[] = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 0};
#define DEFAULT_SPEED 4

int app_speed_value(int index)
{
    return speeds[index];
}

int app_speed_count(void)
{
    return (int)(sizeof speeds / sizeof speeds[0]);
}

static int find_speed(int per_second)
{
    for (int i = 0; i < app_speed_count(); i++)
        if (speeds[i] == per_second)
            return i;
    return -1;
}

int explorer_speed_ok(int per_second)
{
    return find_speed(per_second) >= 0;
}

int explorer_speed_parse(const char *value, int *out, char *err, size_t errlen)
{
    long v;
    if (strcmp(value, "max") == 0) {
        *out = 0;
        return 0;
    }
    if (hparams_integer(value, 1, 1000000, &v) < 0 || !explorer_speed_ok((int)v)) {
        snprintf(err, errlen, "'%s' is not a speed (valid: %s)", value, explorer_speeds_list());
        return -1;
    }
    *out = (int)v;
    return 0;
}

const char *explorer_speeds_list(void)
{
    static char buf[128];
    if (buf[0])
        return buf;
    for (int i = 0; i < app_speed_count(); i++) {
        char item[16];
        snprintf(item, sizeof item, speeds[i] ? "%d" : "max", speeds[i]);
        snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s", i ? ", " : "", item);
    }
    return buf;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int builtin_index(const surface *s)
{
    for (int i = 0; i < surface_count(); i++)
        if (surface_builtin(i) == s)
            return i;
    return -1;
}

static void say(app *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(app *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->message, sizeof a->message, fmt, ap);
    va_end(ap);
}

static void show_train(app *a, int shown);

/* Points kept per path (thinned beyond): flat memory over any number of
 * steps, and still more points than the map has dots across. */
#define EXPLORER_KEEP 4096

static void cursor_to(app *a, double x, double y)
{
    int col, row;
    a->cur_x = x;
    a->cur_y = y;
    if (draw_world_cell(a, x, y, &col, &row)) {
        a->cur_col = col;
        a->cur_row = row;
    } else {
        a->cur_col = a->lay.plot.w / 2;
        a->cur_row = a->lay.plot.h / 2;
    }
}

/* After the cursor moved by cells: remember its point. */
static void cursor_moved(app *a)
{
    draw_cell_world(a, a->cur_col, a->cur_row, &a->cur_x, &a->cur_y);
}

/* Starts the race over with the current settings: same start, same noise
 * seed, so every comparison is fair. */
static int restart(app *a)
{
    race_free(&a->rc);
    if (race_init(&a->rc, &a->cfg) < 0)
        return -1;
    if (a->selected >= a->rc.n)
        a->selected = 0;
    return 0;
}

static int app_init(app *a, const race_config *cfg, const scene *lesson, long limit)
{
    memset(a, 0, sizeof *a);
    a->cfg = *cfg;
    if (a->cfg.keep == 0)
        a->cfg.keep = EXPLORER_KEEP;
    a->lesson = lesson;
    memcpy(a->home_view, cfg->view, sizeof a->home_view);
    a->limit = limit;
    a->surface_index = builtin_index(cfg->surf);
    a->fill = 1;
    a->speed = DEFAULT_SPEED;
    a->ghost_of = -1;
    return restart(a);
}

/* The theme and the colour depth it draws with; pairs are made afresh. */
static void set_theme(app *a, theme_id id)
{
    a->theme = theme_get(id);
    a->depth = a->theme->mono ? DEPTH_NONE : a->caps.depth;
    if (a->train)
        trainview_set_theme(a->train, a->theme);
    term_pairs_reset();
}

static void drop_ghost(app *a)
{
    free(a->ghost);
    a->ghost = NULL;
    a->ghost_len = 0;
    a->ghost_of = -1;
}

static void app_free(app *a)
{
    drop_ghost(a);
    landview_close(a->land);
    a->land = NULL;
    trainview_close(a->train);
    a->train = NULL;
    race_free(&a->rc);
    draw_free(&a->cache);
    if (a->loaded) {
        scene_free(a->loaded);
        free(a->loaded);
    }
}

/* Zooming and panning stop at a view that surface_view_check refuses. */
static void set_view(app *a, double x0, double x1, double y0, double y1)
{
    const double nv[4] = {x0, x1, y0, y1};
    if (surface_view_check(nv, NULL, 0) < 0)
        return;
    double cx, cy;
    draw_cell_world(a, a->cur_col, a->cur_row, &cx, &cy);
    a->cfg.view[0] = x0;
    a->cfg.view[1] = x1;
    a->cfg.view[2] = y0;
    a->cfg.view[3] = y1;
    cursor_to(a, cx, cy);
}

static void zoom(app *a, double k)
{
    double cx, cy;
    const double *v = a->cfg.view;
    draw_cell_world(a, a->cur_col, a->cur_row, &cx, &cy);
    double w = (v[1] - v[0]) * k, h = (v[3] - v[2]) * k;
    /* Keep the cursor's point where it is on the screen. */
    double fx = (cx - v[0]) / (v[1] - v[0]), fy = (cy - v[2]) / (v[3] - v[2]);
    set_view(a, cx - fx * w, cx + (1 - fx) * w, cy - fy * h, cy + (1 - fy) * h);
}

static void pan(app *a, double fx, double fy)
{
    const double *v = a->cfg.view;
    double dx = (v[1] - v[0]) * fx, dy = (v[3] - v[2]) * fy;
    set_view(a, v[0] + dx, v[1] + dx, v[2] + dy, v[3] + dy);
}

/* A landscape's racers replay real runs: what would change a live race
 * (another surface, start, hyperparameters, noise) says so instead. */
static int replays(app *a)
{
    if (a->land)
        say(a, "the racers replay real training runs (descent landscape --opt, --iters): "
               "R P B C H W make other planes");
    return a->land != NULL;
}

static int change_surface(app *a, int delta)
{
    int n = surface_count();
    int i = a->surface_index < 0 ? 0 : ((a->surface_index + delta) % n + n) % n;
    const surface *s = surface_builtin(i);
    a->surface_index = i;
    a->lesson = NULL;
    drop_ghost(a);
    a->cfg.surf = s;
    memcpy(a->cfg.view, s->view, sizeof a->cfg.view);
    memcpy(a->home_view, s->view, sizeof a->home_view);
    a->cfg.start[0] = s->start[0];
    a->cfg.start[1] = s->start[1];
    cursor_to(a, s->start[0], s->start[1]);
    return restart(a);
}

static void set_start(app *a, int col, int row)
{
    if (replays(a))
        return;
    draw_cell_world(a, col, row, &a->cfg.start[0], &a->cfg.start[1]);
    a->cur_col = col;
    a->cur_row = row;
    cursor_moved(a);
    if (restart(a) < 0)
        say(a, "out of memory");
    else
        say(a, "start (%.4g, %.4g)", a->cfg.start[0], a->cfg.start[1]);
}

static void open_prompt(app *a, prompt_kind k)
{
    char hp[128];
    if (k != PROMPT_SCENE && replays(a))
        return;
    a->prompt = k;
    a->prompt_buf[0] = '\0';
    a->playing = 0;
    if (k == PROMPT_EDIT) {
        const racer *r = &a->rc.r[a->selected];
        hparams_format(&r->spec.p, hp, sizeof hp);
        snprintf(a->prompt_label, sizeof a->prompt_label,
                 "edit %s (%s), key=value,... Enter applies, Esc cancels: ", r->label, hp);
    } else if (k == PROMPT_NOISE) {
        snprintf(a->prompt_label, sizeof a->prompt_label,
                 "gradient noise sigma (now %g), Enter applies, Esc cancels: ", a->cfg.noise);
    } else {
        snprintf(a->prompt_label, sizeof a->prompt_label,
                 "scene (a file, or a name in %s), Enter loads, Esc cancels: ", scene_dirs());
    }
}

/* Loads the scene named at the prompt. A scene with a mistake is reported
 * (its first line: file, line, column) and the race on screen stays. */
static int load_scene(app *a, char *err, size_t errlen)
{
    char path[1024];
    if (scene_find(a->prompt_buf, path, sizeof path) < 0) {
        snprintf(err, errlen, "no scene '%s' (not a file, nor a name in %s)", a->prompt_buf,
                 scene_dirs());
        return -1;
    }
    scene *sc = malloc(sizeof *sc);
    race_config cfg;
    if (!sc) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (scene_load(path, sc, err, errlen) < 0) {
        free(sc);
        err[strcspn(err, "\n")] = '\0';
        return -1;
    }
    if (scene_race_config(sc, &cfg, err, errlen) < 0) {
        scene_free(sc);
        free(sc);
        return -1;
    }
    scene *old = a->loaded;
    drop_ghost(a);
    a->loaded = sc;
    a->lesson = sc;
    a->cfg = cfg;
    a->limit = cfg.steps;
    a->surface_index = builtin_index(cfg.surf);
    memcpy(a->home_view, cfg.view, sizeof a->home_view);
    cursor_to(a, cfg.start[0], cfg.start[1]);
    if (sc->panel && a->train && !a->train_shown)
        show_train(a, 1);
    a->narrate = a->narrate || sc->narrate;
    if (old) { /* the race on screen still points into the old scene */
        race_free(&a->rc);
        scene_free(old);
        free(old);
    }
    return 0;
}

/* Applies "key=value key=value" (commas or spaces) to a copy of the spec. */
static int apply_edit(app *a, char *err, size_t errlen)
{
    hparams_spec s = a->cfg.opt[a->selected];
    s.given = 0; /* an edit may set again what the spec set, each key once */
    char buf[sizeof a->prompt_buf];
    snprintf(buf, sizeof buf, "%s", a->prompt_buf);
    for (char *save = NULL, *tok = strtok_r(buf, ", ", &save); tok;
         tok = strtok_r(NULL, ", ", &save)) {
        char *eq = strchr(tok, '=');
        if (!eq) {
            snprintf(err, errlen, "'%s' is not key=value (keys: %s)", tok, hparams_keys_list());
            return -1;
        }
        *eq = '\0';
        if (hparams_set(&s, tok, eq + 1, err, errlen) < 0)
            return -1;
    }
    if (hparams_validate(&s.p, err, errlen) < 0 || hparams_check_used(&s, err, errlen) < 0)
        return -1;
    a->cfg.opt[a->selected] = s;
    return 0;
}

static void finish_prompt(app *a)
{
    char err[256];
    prompt_kind k = a->prompt;
    a->prompt = PROMPT_NONE;
    if (k == PROMPT_EDIT) {
        if (apply_edit(a, err, sizeof err) < 0) {
            say(a, "not changed: %s", err);
            return;
        }
    } else if (k == PROMPT_SCENE) {
        if (load_scene(a, err, sizeof err) < 0) {
            say(a, "not loaded: %s", err);
            return;
        }
    } else {
        double v;
        if (hparams_number(a->prompt_buf, &v) < 0 || v < 0) {
            say(a, "not changed: '%s' is not a number >= 0", a->prompt_buf);
            return;
        }
        a->cfg.noise = v;
    }
    if (restart(a) < 0)
        say(a, "out of memory");
    else if (k != PROMPT_SCENE) /* a new scene speaks for itself: its opening caption */
        say(a, "restarted from step 0 with the new setting");
}

static void prompt_key(app *a, int ch)
{
    size_t n = strlen(a->prompt_buf);
    if (ch == 27) {
        a->prompt = PROMPT_NONE;
        say(a, "cancelled");
    } else if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
        finish_prompt(a);
    } else if (ch == KEY_BACKSPACE || ch == 127 || ch == 8) {
        if (n > 0)
            a->prompt_buf[n - 1] = '\0';
    } else if (ch >= 32 && ch < 127 && n + 1 < sizeof a->prompt_buf) {
        a->prompt_buf[n] = (char)ch;
        a->prompt_buf[n + 1] = '\0';
    }
}

/* Writes descent-<surface>-<step>.svg into the current directory. */
static void save_svg(app *a)
{
    char name[128], err[512];
    if (a->cfg.surf->sampled) {
        say(a, "a landscape's SVG: descent landscape ... --svg FILE (the same plane and paths)");
        return;
    }
    int n = snprintf(name, sizeof name, "descent-%.60s", a->cfg.surf->name);
    /* A surface name (a scene's) may hold anything: keep the file name plain. */
    for (int i = 8; i < n && i < (int)sizeof name; i++)
        if (!isalnum((unsigned char)name[i]) && name[i] != '-' && name[i] != '_')
            name[i] = '_';
    snprintf(name + strlen(name), sizeof name - strlen(name), "-%ld.svg", a->rc.step);
    svg_map m = {&a->rc, {0}, a->theme, a->hidden, a->stretch};
    memcpy(m.view, a->cfg.view, sizeof m.view);
    if (svg_write(name, &m, err, sizeof err) < 0)
        say(a, "SVG not saved: %s", err);
    else
        say(a, "wrote %s", name);
}

/* Whether a caption of the lesson begins at the race's current step. */
static int caption_begins(const app *a)
{
    const scene_caption *c = a->lesson ? scene_caption_at(a->lesson, a->rc.step) : NULL;
    return c && c->step == a->rc.step && a->rc.step > 0;
}

/* At the end of a landscape's replay: the runs' ends, and when they moved
 * too little on this plane to be seen at this scale (a random plane, which
 * a path leaves at once), which planes hold them. */
static void say_runs_end(app *a)
{
    double moved = 0, off = 0;
    for (int i = 0; i < a->rc.n; i++) {
        const race_track *t = a->rc.r[i].track;
        if (!t || t->n < 2)
            continue;
        double d = hypot(t->pt[t->n - 1].x - t->pt[0].x, t->pt[t->n - 1].y - t->pt[0].y);
        moved = d > moved ? d : moved;
        off = t->dist[t->n - 1] > off ? t->dist[t->n - 1] : off;
    }
    double span = a->cfg.view[1] - a->cfg.view[0];
    if (moved < 0.02 * span)
        say(a, "runs moved %.2g in this plane (%.2g%% of the view), %.2g off it: P plane of a "
               "path, B of two ends, z zoom",
            moved, 100 * moved / span, off);
    else
        say(a, "the runs' ends (step %ld, their last recorded points); r replays", a->limit);
}

static void step_once(app *a)
{
    if (a->rc.step < a->limit)
        race_step(&a->rc);
    if (a->narrate && caption_begins(a))
        a->playing = 0; /* each caption waits for space */
    if (a->rc.step >= a->limit) {
        a->playing = 0;
        /* On a scene the last caption stays: the title says it is the end. */
        if (a->land && !a->lesson)
            say_runs_end(a);
        else if (!a->lesson)
            say(a, "reached step %ld (--steps); r replays", a->limit);
    }
}

/* Lays the screen out again, the cursor kept on the plot. */
static void fit_layout(app *a)
{
    draw_layout(a, &a->lay);
    if (a->lay.too_small)
        return;
    if (a->cur_col >= a->lay.plot.w)
        a->cur_col = a->lay.plot.w - 1;
    if (a->cur_row >= a->lay.plot.h)
        a->cur_row = a->lay.plot.h - 1;
}

/* Wide enough, a shown training panel goes beside the map. */
static void layout(app *a)
{
    int cols = getmaxx(stdscr);
    a->train_side = a->train && a->train_shown && cols >= TRAIN_SIDE_COLS;
    a->train_keys = a->train_keys && a->train_side;
    if (a->train_side) {
        int pw = (int)(cols * TRAIN_SIDE_SHARE);
        a->width = cols - (pw > MIN_COLS ? pw : MIN_COLS) - 1;
    } else {
        a->width = 0;
    }
    fit_layout(a);
}

static int train_visible(const app *a)
{
    return a->train && a->train_shown;
}

/* The panel full screen, in the map's place (a narrow terminal). */
static int train_full(const app *a)
{
    return train_visible(a) && !a->train_side;
}

static void show_train(app *a, int shown)
{
    a->train_shown = shown;
    a->train_keys = 0;
    trainview_show(a->train, shown);
    layout(a);
}

/* F2: shows the panel (beside the map when wide enough, else in its
 * place) or hides it; hidden, it does not train. */
static void toggle_train(app *a)
{
    show_train(a, !a->train_shown);
    say(a, "%s", !a->train_shown ? "training panel hidden (paused); F2 shows it"
                 : a->train_side ? "training panel beside the map; F3 gives it the keys"
                                 : "");
}

/* F3: beside the map, the keys go to the panel or back to the map. */
static void toggle_train_keys(app *a)
{
    if (!a->train_side) {
        say(a, "%s", a->train ? "F3 is for the panel beside the map (F2, from 200 columns)"
                              : "no training panel");
        return;
    }
    a->train_keys = !a->train_keys;
    say(a, "%s", a->train_keys ? "keys go to the training panel (F3: back)"
                               : "keys go to the surfaces (F3: training panel)");
}

/* Keeps racer i's path (and its head) as the ghost. */
static void keep_ghost(app *a, int i)
{
    const racer *r = &a->rc.r[i];
    race_point *g = malloc(((size_t)r->len + 1) * sizeof *g);
    drop_ghost(a);
    if (!g)
        return;
    memcpy(g, r->path, (size_t)r->len * sizeof *g);
    g[r->len] = (race_point){r->pos[0], r->pos[1], r->f};
    a->ghost = g;
    a->ghost_len = r->len + 1;
    a->ghost_of = i;
}

/* { } ( ): the selected racer's lr halved or doubled, its momentum (adam:
 * beta1) halfway to 0 or to 1; the race reruns at once to the step it was
 * at, the run before kept as a faint ghost to compare with. */
static void what_if(app *a, key_action act)
{
    if (replays(a))
        return;
    int i = a->selected;
    hparams_spec s = a->cfg.opt[i];
    optim_params *p = &s.p;
    double *mu = p->kind == OPTIM_MOMENTUM || p->kind == OPTIM_NESTEROV ? &p->momentum
                 : p->kind == OPTIM_ADAM                              ? &p->beta1
                                                                      : NULL;
    char before[128], after[128], err[256];
    hparams_format(p, before, sizeof before);
    if (act == ACT_LR_HALF || act == ACT_LR_DOUBLE) {
        if (p->kind == OPTIM_BFGS) {
            say(a, "%s: BFGS has no learning rate", a->rc.r[i].label);
            return;
        }
        p->lr *= act == ACT_LR_HALF ? 0.5 : 2.0;
    } else if (!mu) {
        say(a, "%s: %s has no momentum", a->rc.r[i].label, optim_name(p->kind));
        return;
    } else {
        *mu = act == ACT_MOM_DOWN ? *mu / 2 : 1 - (1 - *mu) / 2;
    }
    if (hparams_validate(p, err, sizeof err) < 0) {
        say(a, "not changed: %s", err);
        return;
    }
    long at = a->rc.step;
    char label[HPARAMS_LABEL_MAX];
    snprintf(label, sizeof label, "%s", a->rc.r[i].label);
    keep_ghost(a, i);
    a->cfg.opt[i] = s;
    if (restart(a) < 0) {
        say(a, "out of memory");
        return;
    }
    race_run(&a->rc, at);
    hparams_format(p, after, sizeof after);
    say(a, "%s: %s -> %s, rerun to step %ld (faint: the run before)", label, before, after, at);
}

/* R P B C H W on a landscape: another plane, made in the background. */
static void plane_key(app *a, int ch)
{
    if (!a->land) {
        say(a, "plane keys are for a real model's landscape (descent landscape)");
        return;
    }
    double x, y;
    draw_cell_world(a, a->cur_col, a->cur_row, &x, &y);
    landview_key(a->land, ch, a->selected, x, y, a->message, sizeof a->message);
}

/* A plane the landscape made replaces the one shown: its surface, the
 * racers' tracks on it, its home view; the race goes on from its step. */
static void take_plane(app *a)
{
    char msg[sizeof a->message];
    msg[0] = 0;
    int replaced = landview_poll(a->land, msg, sizeof msg);
    if (msg[0])
        say(a, "%s", msg);
    if (!replaced)
        return;
    long at = a->rc.step;
    landview_race(a->land, &a->cfg, &a->limit);
    a->cfg.keep = EXPLORER_KEEP;
    a->plane++;
    drop_ghost(a);
    memcpy(a->home_view, a->cfg.view, sizeof a->home_view);
    cursor_to(a, 0, 0);
    if (restart(a) < 0)
        say(a, "out of memory");
    else
        race_run(&a->rc, at < a->limit ? at : a->limit);
}

static void on_mouse(app *a)
{
    MEVENT ev;
    if (getmouse(&ev) != OK || !(ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)))
        return;
    int col = ev.x - a->lay.plot.x, row = ev.y - a->lay.plot.y;
    if (col >= 0 && col < a->lay.plot.w && row >= 0 && row < a->lay.plot.h)
        set_start(a, col, row);
}

/* Returns 1 when the user quits. */
static int on_key(app *a, int ch)
{
    if (ch == KEY_RESIZE) {
        layout(a);
        cursor_to(a, a->cur_x, a->cur_y); /* not the cell clamped by a smaller size */
        return 0;
    }
    a->hint = 0;
    if (a->prompt != PROMPT_NONE) {
        prompt_key(a, ch);
        return 0;
    }
    if (ch == KEY_F(2)) {
        if (a->train)
            toggle_train(a);
        else
            say(a, "no training panel: %s", a->no_train[0] ? a->no_train : "none here");
        return 0;
    }
    if (ch == KEY_F(3)) {
        toggle_train_keys(a);
        return 0;
    }
    if (train_full(a) || a->train_keys) {
        int r = trainview_key(a->train, ch);
        if (r == 2)
            return 1;
        if (r == 1 || train_full(a))
            return 0;
    }
    if (a->help) {
        a->help = 0;
        return ch == 'q';
    }
    a->message[0] = '\0';
    if (ch == KEY_MOUSE) {
        on_mouse(a);
        return 0;
    }
    const key_binding *b = keys_find(ch);
    if (!b)
        return 0;
    if (a->lay.too_small && b->action != ACT_QUIT)
        return 0;
    int nspeed = app_speed_count();
    switch (b->action) {
    case ACT_PLAY:
        if (!a->playing && a->rc.step >= a->limit)
            say(a, "at the last step (%ld); r replays", a->limit);
        else
            a->playing = !a->playing;
        break;
    case ACT_STEP: a->playing = 0; step_once(a); break;
    case ACT_FASTER: a->speed = a->speed + 1 < nspeed ? a->speed + 1 : a->speed; break;
    case ACT_SLOWER: a->speed = a->speed > 0 ? a->speed - 1 : 0; break;
    case ACT_RESET: race_reset(&a->rc); break;
    case ACT_NEXT_SURFACE:
    case ACT_PREV_SURFACE:
        if (replays(a))
            break;
        if (change_surface(a, b->action == ACT_NEXT_SURFACE ? 1 : -1) < 0)
            say(a, "out of memory");
        break;
    case ACT_CURSOR_LEFT: a->cur_col -= a->cur_col > 0; cursor_moved(a); break;
    case ACT_CURSOR_RIGHT: a->cur_col += a->cur_col + 1 < a->lay.plot.w; cursor_moved(a); break;
    case ACT_CURSOR_UP: a->cur_row -= a->cur_row > 0; cursor_moved(a); break;
    case ACT_CURSOR_DOWN: a->cur_row += a->cur_row + 1 < a->lay.plot.h; cursor_moved(a); break;
    case ACT_SET_START: set_start(a, a->cur_col, a->cur_row); break;
    case ACT_TOGGLE: {
        int i = ch - '1';
        if (i >= 0 && i < a->rc.n)
            a->hidden[i] = !a->hidden[i];
        break;
    }
    case ACT_SELECT: a->selected = (a->selected + 1) % a->rc.n; break;
    case ACT_EDIT: open_prompt(a, PROMPT_EDIT); break;
    case ACT_LR_HALF:
    case ACT_LR_DOUBLE:
    case ACT_MOM_DOWN:
    case ACT_MOM_UP: what_if(a, b->action); break;
    case ACT_NOISE: open_prompt(a, PROMPT_NOISE); break;
    case ACT_ZOOM_IN: zoom(a, 0.5); break;
    case ACT_ZOOM_OUT: zoom(a, 2.0); break;
    case ACT_ZOOM_RESET: {
        const double *h = a->home_view;
        set_view(a, h[0], h[1], h[2], h[3]);
        break;
    }
    case ACT_PAN_LEFT: pan(a, -0.1, 0); break;
    case ACT_PAN_RIGHT: pan(a, 0.1, 0); break;
    case ACT_PAN_UP: pan(a, 0, 0.1); break;
    case ACT_PAN_DOWN: pan(a, 0, -0.1); break;
    case ACT_VECTORS: a->vectors = !a->vectors; break;
    case ACT_ASPECT:
        a->stretch = !a->stretch;
        cursor_to(a, a->cur_x, a->cur_y);
        say(a, "%s", a->stretch ? "view stretched to fill the map (a: equal aspect)"
                                : "equal aspect: one unit as long across as down (a: stretch)");
        break;
    case ACT_HESSIAN: a->hessian = !a->hessian; break;
    case ACT_FILL: a->fill = !a->fill; break;
    case ACT_GLYPHS:
        a->glyphs = a->glyphs == CANVAS_BRAILLE ? CANVAS_HALF
                    : a->glyphs == CANVAS_HALF  ? CANVAS_ASCII
                    : a->caps.utf8              ? CANVAS_BRAILLE
                                                : CANVAS_ASCII;
            break;
    case ACT_THEME:
        set_theme(a, (theme_id)((theme_id_of(a->theme) + 1) % THEME_COUNT));
        say(a, "theme %s: %s", a->theme->name, a->theme->note);
        break;
    case ACT_SVG: save_svg(a); break;
    case ACT_SCENE:
        if (a->land)
            say(a, "a landscape scene opens with descent SCENE; L loads race scenes");
        else
            open_prompt(a, PROMPT_SCENE);
        break;
    case ACT_PLANE: plane_key(a, ch); break;
    case ACT_LAYER:
        if (!a->land) {
            say(a, "A is for a real model's landscape: its loss or its error rate");
            break;
        }
        a->layer = a->layer == LANDVIEW_LOSS ? LANDVIEW_ERROR : LANDVIEW_LOSS;
        say(a, "%s", a->layer == LANDVIEW_ERROR
                         ? "the field: the error rate on the training images, 1 - accuracy (A: loss)"
                         : "the field: the loss (A: error rate)");
        break;
    case ACT_HELP: a->help = 1; break;
    case ACT_TRAIN_VIEW: /* F2 and F3, above */
    case ACT_TRAIN_KEYS: break;
    case ACT_QUIT: return 1;
    case ACT_NONE: break;
    }
    return 0;
}

/* Runs the steps due since the last frame; returns seconds until the next. */
static double advance(app *a, double *next_frame)
{
    double t = now_s();
    int sp = app_speed_value(a->speed);
    double dt = sp && 1.0 / sp > FRAME_S ? 1.0 / sp : FRAME_S;
    if (t < *next_frame)
        return *next_frame - t;
    if (sp == 0) {
        do
            step_once(a);
        while (a->playing && now_s() - t < MAX_FRAME_WORK_S);
    } else {
        long n = (long)lround(sp * dt);
        for (long k = 0; k < n && a->playing; k++)
            step_once(a);
    }
    *next_frame += dt;
    if (*next_frame < t)
        *next_frame = t + dt;
    return 0;
}

static void frame(app *a)
{
    /* read before drawing: a row done while this frame is drawn keeps the
     * loop looking (else the frame shows one row short until a key) */
    a->land_busy = a->land && landview_busy(a->land);
    if (train_full(a)) {
        erase();
        if (!term_too_small(MIN_COLS, MIN_ROWS))
            trainview_draw(a->train, 0, 0, COLS, LINES);
    } else if (draw_raster(a, &a->cache, 0) < 0) {
        erase();
        mvaddstr(0, 0, "out of memory");
    } else {
        draw_frame(a, &a->cache);
        if (a->train_side && !a->lay.too_small)
            trainview_draw(a->train, a->width + 1, 0, COLS - a->width - 1, LINES);
    }
    refresh();
}

static void loop(app *a)
{
    double next_frame = now_s();
    int was_playing = 0;
    for (;;) {
        if (a->playing && !was_playing)
            next_frame = now_s();
        was_playing = a->playing;
        double wait = 0;
        if (a->playing && !a->lay.too_small)
            wait = advance(a, &next_frame);
        if (wait == 0)
            frame(a);
        /* Paused, curses blocks in read(): no busy loop. */
        int ms = -1;
        if (a->playing && !a->lay.too_small) {
            ms = (int)ceil((next_frame - now_s()) * 1000);
            ms = ms > 0 ? ms : 0;
        }
        /* The training panel shows new snapshots ten times a second; a
         * landscape's rows and planes arrive as often. */
        if ((train_visible(a) || a->land_busy || (a->land && landview_busy(a->land))) && (ms < 0 || ms > 100))
            ms = 100;
        timeout(ms);
        int ch = getch();
        if (a->land)
            take_plane(a);
        if (ch == ERR)
            continue;
        if (on_key(a, ch))
            return;
        frame(a);
    }
}

int explorer_run(const race_config *cfg, const explorer_opts *o, char *err, size_t errlen)
{
    app *a = malloc(sizeof *a);
    landview *land = NULL;
    race_config lc;
    long limit = o->limit;
    if (o->land) {
        if (!(land = landview_open(o->land, err, errlen))) {
            free(a);
            return -1;
        }
        landview_race(land, &lc, &limit);
        cfg = &lc;
    }
    if (!a || app_init(a, cfg, o->lesson, limit) < 0) {
        free(a);
        landview_close(land);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    a->land = land;
    if (term_open(&a->caps, err, errlen) < 0) {
        app_free(a);
        free(a);
        return -1;
    }
    a->glyphs = a->caps.utf8 ? CANVAS_BRAILLE : CANVAS_ASCII;
    set_theme(a, o->theme);
    a->hint = 1;
    a->narrate = o->narrate || (o->lesson && o->lesson->narrate);
    int sp = find_speed(o->speed);
    a->speed = sp >= 0 ? sp : DEFAULT_SPEED;
    if (!o->train && o->no_panel) {
        snprintf(a->no_train, sizeof a->no_train, "%s", o->no_panel);
        if (o->panel) /* asked for: say why not at once */
            say(a, "no training panel: %s", a->no_train);
    }
    if (o->train) {
        char terr[256];
        /* Hidden behind F2, training waits until the panel is shown. */
        worker_config wc = *o->train;
        wc.paused = 1;
        if (trainview_open(&a->train, &wc, o->ds, &a->caps, terr, sizeof terr) < 0) {
            snprintf(a->no_train, sizeof a->no_train, "%s", terr);
            say(a, "no training panel: %s", terr);
        } else {
            trainview_set_theme(a->train, a->theme);
            if (o->panel)
                show_train(a, 1);
        }
    }
    layout(a);
    cursor_to(a, cfg->start[0], cfg->start[1]);
    loop(a);
    term_close();
    app_free(a);
    free(a);
    return 0;
}

int explorer_bench(const race_config *cfg, long limit, int cols, int rows, char *err,
                   size_t errlen)
{
    FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
    app *a = malloc(sizeof *a);
    if (!out || !in || !a || app_init(a, cfg, NULL, limit) < 0) {
        snprintf(err, errlen, "bench: cannot set up (out of memory or no /dev/null)");
        if (out)
            fclose(out);
        if (in)
            fclose(in);
        free(a);
        return -1;
    }
    const char *termname = getenv("TERM");
    if (term_open_file(&a->caps, termname && termname[0] ? termname : "xterm-256color", out, in,
                       cols, rows) < 0 &&
        term_open_file(&a->caps, "xterm-256color", out, in, cols, rows) < 0) {
        snprintf(err, errlen, "bench: no terminfo entry for TERM or xterm-256color");
        app_free(a);
        free(a);
        fclose(out);
        fclose(in);
        return -1;
    }
    a->glyphs = a->caps.utf8 ? CANVAS_BRAILLE : CANVAS_ASCII;
    set_theme(a, THEME_DARK);
    race_run(&a->rc, limit);
    fit_layout(a);
    cursor_to(a, cfg->start[0], cfg->start[1]);

    double t0 = now_s();
    int nr = 20;
    for (int i = 0; i < nr; i++)
        draw_raster(a, &a->cache, 1);
    double raster = (now_s() - t0) / nr;
    int nf = 200;
    t0 = now_s();
    for (int i = 0; i < nf; i++) {
        draw_frame(a, &a->cache);
        /* Defeat curses' diffing: a real frame usually changes the paths. */
        touchwin(stdscr);
        refresh();
    }
    double per = (now_s() - t0) / nf;
    int w = a->lay.cols, h = a->lay.rows;
    static const char *depth_names[] = {"no colour", "8 colours", "256 colours", "truecolour"};
    const char *depth = depth_names[a->caps.depth];
    const char *glyphs = a->glyphs == CANVAS_BRAILLE ? "braille" : "ASCII";
    term_close();
    app_free(a);
    free(a);
    fclose(out);
    fclose(in);
    printf("frame %dx%d, %d paths of %ld steps: %.3f ms per frame (%s, %s); contour raster "
           "(once per view change) %.3f ms\n",
           w, h, cfg->nopt, limit, per * 1e3, depth, glyphs, raster * 1e3);
    return 0;
}
