/* descent [OPTIONS]: the explorer. Until the ncurses explorer lands this
 * prints the race's outcome as a table. */
#include <stdio.h>

#include "../core/race.h"
#include "commands.h"
#include "options.h"
#include "raceopts.h"

static int on_option(void *ctx, int index, const char *value, char *err, size_t errlen)
{
    if (index < 0) {
        snprintf(err, errlen, "unexpected argument '%s'", value);
        return -1;
    }
    return raceopts_set(ctx, index, value, err, errlen);
}

int explore_main(int argc, char **argv)
{
    raceopts o;
    raceopts_init(&o);
    int rc = cli_parse(raceopts_table, argc, argv, on_option, &o);
    if (rc)
        return rc;
    raceopts_finish(&o);
    race r;
    if (race_init(&r, &o.cfg) < 0)
        return cli_fail("out of memory");
    race_run(&r, o.cfg.steps);
    const surface *s = o.cfg.surf;
    printf("%s: f = %s\nstart (%g, %g), %ld steps\n\n", s->name, s->formula, o.cfg.start[0],
           o.cfg.start[1], o.cfg.steps);
    printf("%-10s %14s %14s %14s  %s\n", "optimizer", "x", "y", "loss", "status");
    for (int i = 0; i < r.n; i++) {
        const racer *p = &r.r[i];
        if (p->len == 0) {
            printf("%-10s undefined at the start\n", p->label);
            continue;
        }
        const race_point *e = &p->path[p->len - 1];
        printf("%-10s %14.6g %14.6g %14.6g  %s", p->label, e->x, e->y, e->f,
               racer_status_name(p->status));
        if (p->status == RACER_DIVERGED)
            printf(" at step %ld", p->diverged_at);
        printf("\n");
    }
    race_free(&r);
    return 0;
}
