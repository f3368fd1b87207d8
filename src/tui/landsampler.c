#include "landsampler.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The worker: the rows of the request in force; a new one (a new
 * generation) makes it drop the row it was on. */
static void *sample_rows(void *arg)
{
    landsampler *s = arg;
    landscape_work *scratch = landscape_work_new(s->e);
    landscape_value *row = NULL;
    int row_cap = 0;
    pthread_mutex_lock(&s->mu);
    while (!s->quit) {
        if (s->h == 0 || s->rows_done == s->h) {
            pthread_cond_wait(&s->cv, &s->mu);
            continue;
        }
        unsigned long gen = s->gen;
        double v[4];
        memcpy(v, s->view, sizeof v);
        int w = s->w, h = s->h, r = s->rows_done;
        if (w > row_cap) {
            landscape_value *nr = realloc(row, (size_t)w * sizeof *nr);
            if (!nr || !scratch)
                break;
            row = nr;
            row_cap = w;
        }
        pthread_mutex_unlock(&s->mu);
        /* the positions contour_build samples at */
        double b = v[3] - (v[3] - v[2]) * r / (h - 1 > 0 ? h - 1 : 1);
        double da = (v[1] - v[0]) / (w - 1 > 0 ? w - 1 : 1);
        landscape_eval_row(s->e, b, v[0], da, w, row, scratch);
        pthread_mutex_lock(&s->mu);
        if (s->gen == gen) { /* else the view changed meanwhile: dropped */
            for (int i = 0; i < w; i++) {
                s->f[(size_t)r * (size_t)w + (size_t)i] = row[i].loss;
                s->err[(size_t)r * (size_t)w + (size_t)i] = 1 - row[i].acc;
            }
            s->rows_done = r + 1;
        }
    }
    pthread_mutex_unlock(&s->mu);
    free(row);
    landscape_work_free(scratch);
    return NULL;
}

int landsampler_request(landsampler *s, const double view[4], int w, int h)
{
    size_t n = (size_t)w * (size_t)h;
    double *f = malloc(n * sizeof *f), *err = malloc(n * sizeof *err);
    if (!f || !err) {
        free(f);
        free(err);
        return -1;
    }
    for (size_t k = 0; k < n; k++)
        f[k] = err[k] = NAN;
    pthread_mutex_lock(&s->mu);
    free(s->f);
    free(s->err);
    s->f = f;
    s->err = err;
    memcpy(s->view, view, sizeof s->view);
    s->w = w;
    s->h = h;
    s->rows_done = 0;
    s->gen++;
    pthread_cond_signal(&s->cv);
    pthread_mutex_unlock(&s->mu);
    return 0;
}

int landsampler_start(landsampler *s, const landscape_eval *e)
{
    s->e = e;
    s->quit = 0;
    s->h = s->rows_done = 0;
    s->running = pthread_create(&s->thread, NULL, sample_rows, s) == 0;
    return s->running ? 0 : -1;
}

void landsampler_stop(landsampler *s)
{
    pthread_mutex_lock(&s->mu);
    s->quit = 1;
    s->gen++;
    pthread_cond_signal(&s->cv);
    pthread_mutex_unlock(&s->mu);
    if (s->running)
        pthread_join(s->thread, NULL);
    s->running = 0;
}

void landsampler_init(landsampler *s)
{
    memset(s, 0, sizeof *s);
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->cv, NULL);
}

void landsampler_free(landsampler *s)
{
    landsampler_stop(s);
    free(s->f);
    free(s->err);
    s->f = s->err = NULL;
    pthread_cond_destroy(&s->cv);
    pthread_mutex_destroy(&s->mu);
}
