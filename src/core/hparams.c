#include "hparams.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int hparams_number(const char *text, double *out)
{
    if (!text || !*text)
        return -1;
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    /* ERANGE with a small result is underflow: 1e-320 is a fine (subnormal) number */
    if (*end != '\0' || (errno == ERANGE && fabs(v) >= 1.0) || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

int hparams_integer(const char *text, long lo, long hi, long *out)
{
    if (!text || !*text)
        return -1;
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (*end != '\0' || errno == ERANGE || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

enum { K_DOUBLE, K_LONG };

typedef struct {
    const char *key;
    int type;
    size_t offset; /* into optim_params */
} key_def;

#define PF(f) offsetof(optim_params, f)
#define SF(f) (offsetof(optim_params, sched) + offsetof(schedule, f))
static const key_def keys[] = {
    {"lr", K_DOUBLE, PF(lr)},
    {"momentum", K_DOUBLE, PF(momentum)},
    {"decay", K_DOUBLE, PF(decay)},
    {"beta1", K_DOUBLE, PF(beta1)},
    {"beta2", K_DOUBLE, PF(beta2)},
    {"eps", K_DOUBLE, PF(eps)},
    {"every", K_LONG, SF(every)},
    {"gamma", K_DOUBLE, SF(gamma)},
    {"T", K_LONG, SF(T)},
    {"lr_min", K_DOUBLE, SF(lr_min)},
    {"tau", K_DOUBLE, SF(tau)},
    {"warmup", K_LONG, SF(warmup)},
};
#undef PF
#undef SF

const char *hparams_keys_list(void)
{
    return "lr, momentum, decay, beta1, beta2, eps, schedule, every, gamma, T, "
           "lr_min, tau, warmup, label";
}

int hparams_set(hparams_spec *s, const char *key, const char *value, char *err, size_t errlen)
{
    if (strcmp(key, "label") == 0) {
        if (!*value || strlen(value) >= sizeof s->label || strpbrk(value, ",\"\n")) {
            snprintf(err, errlen, "label '%s': must be 1-%zu characters without commas or quotes",
                     value, sizeof s->label - 1);
            return -1;
        }
        strcpy(s->label, value);
        return 0;
    }
    if (strcmp(key, "schedule") == 0) {
        int k = schedule_kind_from_name(value);
        if (k < 0) {
            snprintf(err, errlen, "unknown schedule '%s' (valid: %s)", value,
                     schedule_names_list());
            return -1;
        }
        s->p.sched.kind = (sched_kind)k;
        return 0;
    }
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        if (strcmp(key, keys[i].key) != 0)
            continue;
        char *field = (char *)&s->p + keys[i].offset;
        if (keys[i].type == K_DOUBLE) {
            double v;
            if (hparams_number(value, &v) < 0) {
                snprintf(err, errlen, "%s: '%s' is not a number", key, value);
                return -1;
            }
            memcpy(field, &v, sizeof v);
        } else {
            long v;
            if (hparams_integer(value, 0, 1000000000L, &v) < 0) {
                snprintf(err, errlen, "%s: '%s' is not a whole number from 0 to 1e9", key,
                         value);
                return -1;
            }
            memcpy(field, &v, sizeof v);
        }
        return 0;
    }
    snprintf(err, errlen, "unknown key '%s' (valid: %s)", key, hparams_keys_list());
    return -1;
}

int hparams_validate(const optim_params *p, char *err, size_t errlen)
{
    const char *bad = NULL;
    if (!(p->lr > 0))
        bad = "lr must be > 0";
    else if (!(p->momentum >= 0 && p->momentum < 1))
        bad = "momentum must be in [0, 1)";
    else if (!(p->decay >= 0 && p->decay < 1))
        bad = "decay must be in [0, 1)";
    else if (!(p->beta1 >= 0 && p->beta1 < 1))
        bad = "beta1 must be in [0, 1)";
    else if (!(p->beta2 >= 0 && p->beta2 < 1))
        bad = "beta2 must be in [0, 1)";
    else if (!(p->eps > 0))
        bad = "eps must be > 0";
    else if (p->sched.kind == SCHED_STEP && p->sched.every < 1)
        bad = "every must be >= 1";
    else if (p->sched.kind == SCHED_STEP && !(p->sched.gamma > 0))
        bad = "gamma must be > 0";
    else if ((p->sched.kind == SCHED_COSINE || p->sched.kind == SCHED_LINEAR) && p->sched.T < 1)
        bad = "T must be >= 1";
    else if ((p->sched.kind == SCHED_COSINE || p->sched.kind == SCHED_LINEAR) &&
             !(p->sched.lr_min >= 0 && p->sched.lr_min <= p->lr))
        bad = "lr_min must be in [0, lr]";
    else if (p->sched.kind == SCHED_INVSQRT && !(p->sched.tau > 0))
        bad = "tau must be > 0";
    if (bad) {
        snprintf(err, errlen, "%s", bad);
        return -1;
    }
    return 0;
}

int hparams_parse(const char *spec, hparams_spec *out, char *err, size_t errlen)
{
    char buf[512];
    if (strlen(spec) >= sizeof buf) {
        snprintf(err, errlen, "optimizer spec too long");
        return -1;
    }
    strcpy(buf, spec);
    char *rest = strchr(buf, ':');
    if (rest)
        *rest++ = '\0';
    int k = strcmp(buf, "bfgs") == 0 ? OPTIM_BFGS : optim_kind_from_name(buf);
    if (k < 0) {
        snprintf(err, errlen, "unknown optimizer '%s' (valid: %s, bfgs)", buf,
                 optim_names_list());
        return -1;
    }
    memset(out, 0, sizeof *out);
    out->p = optim_defaults((optim_kind)k);
    while (rest && *rest) {
        char *item = rest;
        rest = strchr(rest, ',');
        if (rest)
            *rest++ = '\0';
        char *eq = strchr(item, '=');
        if (!eq) {
            snprintf(err, errlen, "'%s': expected key=value", item);
            return -1;
        }
        *eq = '\0';
        if (hparams_set(out, item, eq + 1, err, errlen) < 0)
            return -1;
    }
    return hparams_validate(&out->p, err, errlen);
}

static size_t appendf(char *buf, size_t len, size_t at, const char *fmt, double v)
{
    if (at >= len)
        return at;
    int n = snprintf(buf + at, len - at, fmt, v);
    return n < 0 ? at : at + (size_t)n;
}

void hparams_format(const optim_params *p, char *buf, size_t len)
{
    size_t at = 0;
    buf[0] = '\0';
    at = appendf(buf, len, at, "lr=%g", p->lr);
    switch (p->kind) {
    case OPTIM_MOMENTUM:
    case OPTIM_NESTEROV: at = appendf(buf, len, at, " momentum=%g", p->momentum); break;
    case OPTIM_RMSPROP: at = appendf(buf, len, at, " decay=%g", p->decay); break;
    case OPTIM_ADAM:
        at = appendf(buf, len, at, " beta1=%g", p->beta1);
        at = appendf(buf, len, at, " beta2=%g", p->beta2);
        break;
    default: break;
    }
    if (p->sched.kind != SCHED_CONSTANT && at < len)
        at += (size_t)snprintf(buf + at, len - at, " %s", schedule_name(p->sched.kind));
    if (p->sched.warmup > 0)
        appendf(buf, len, at, " warmup=%g", (double)p->sched.warmup);
}

int hparams_parse_trainer(const char *spec, hparams_spec *out, char *err, size_t errlen)
{
    if (hparams_parse(spec, out, err, errlen) < 0)
        return -1;
    if (out->p.kind == OPTIM_BFGS) {
        snprintf(err, errlen, "bfgs is a surface reference path; train with one of %s",
                 optim_names_list());
        return -1;
    }
    return hparams_validate(&out->p, err, errlen);
}
