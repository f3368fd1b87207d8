#include "hparams.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The one number syntax of options, scene keys and settings: blanks around
 * it ignored alike, then [+-]digits[.digits][e[+-]digits] (or .digits):
 * decimal only, so no hex floats, inf or nan. Returns the trimmed copy's
 * length in buf, or -1. */
static int number_text(const char *text, int integer, char *buf, size_t len)
{
    if (!text)
        return -1;
    while (*text == ' ' || *text == '\t')
        text++;
    size_t n = strlen(text);
    while (n > 0 && (text[n - 1] == ' ' || text[n - 1] == '\t'))
        n--;
    if (n == 0 || n >= len)
        return -1;
    memcpy(buf, text, n);
    buf[n] = '\0';
    const char *p = buf;
    if (*p == '+' || *p == '-')
        p++;
    size_t digits = strspn(p, "0123456789");
    p += digits;
    if (!integer && *p == '.') {
        size_t frac = strspn(p + 1, "0123456789");
        digits += frac;
        p += 1 + frac;
    }
    if (digits == 0)
        return -1;
    if (!integer && (*p == 'e' || *p == 'E')) {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        size_t e = strspn(p, "0123456789");
        if (e == 0)
            return -1;
        p += e;
    }
    return *p == '\0' ? (int)n : -1;
}

int hparams_number(const char *text, double *out)
{
    char buf[128];
    if (number_text(text, 0, buf, sizeof buf) < 0)
        return -1;
    char *end;
    errno = 0;
    double v = strtod(buf, &end);
    /* ERANGE with a small result is underflow: 1e-320 is a fine (subnormal) number */
    if (*end != '\0' || (errno == ERANGE && fabs(v) >= 1.0) || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

int hparams_integer(const char *text, long lo, long hi, long *out)
{
    char buf[128];
    if (number_text(text, 1, buf, sizeof buf) < 0)
        return -1;
    char *end;
    errno = 0;
    long v = strtol(buf, &end, 10);
    if (*end != '\0' || errno == ERANGE || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

enum { K_DOUBLE, K_LONG };

#define KIND(k) (1u << (k))
#define SCHED(k) (1u << (k))
#define ALL_KINDS 0xffffu

/* Every key, where it lives and what it matters for: an optimizer key names
 * the kinds whose update reads it; a schedule key the schedules that do. */
typedef struct {
    const char *key;
    int type;
    size_t offset;   /* into optim_params */
    unsigned kinds;  /* optimizer kinds that read it */
    unsigned scheds; /* 0: an optimizer key; else the schedules that read it */
} key_def;

#define PF(f) offsetof(optim_params, f)
#define SF(f) (offsetof(optim_params, sched) + offsetof(schedule, f))
static const key_def keys[] = {
    {"lr", K_DOUBLE, PF(lr), ALL_KINDS, 0},
    {"momentum", K_DOUBLE, PF(momentum), KIND(OPTIM_MOMENTUM) | KIND(OPTIM_NESTEROV), 0},
    {"decay", K_DOUBLE, PF(decay), KIND(OPTIM_RMSPROP), 0},
    {"beta1", K_DOUBLE, PF(beta1), KIND(OPTIM_ADAM), 0},
    {"beta2", K_DOUBLE, PF(beta2), KIND(OPTIM_ADAM), 0},
    {"eps", K_DOUBLE, PF(eps), KIND(OPTIM_ADAGRAD) | KIND(OPTIM_RMSPROP) | KIND(OPTIM_ADAM), 0},
    {"every", K_LONG, SF(every), ALL_KINDS, SCHED(SCHED_STEP)},
    {"gamma", K_DOUBLE, SF(gamma), ALL_KINDS, SCHED(SCHED_STEP)},
    {"T", K_LONG, SF(T), ALL_KINDS, SCHED(SCHED_COSINE) | SCHED(SCHED_LINEAR)},
    {"lr_min", K_DOUBLE, SF(lr_min), ALL_KINDS, SCHED(SCHED_COSINE) | SCHED(SCHED_LINEAR)},
    {"tau", K_DOUBLE, SF(tau), ALL_KINDS, SCHED(SCHED_INVSQRT)},
    {"warmup", K_LONG, SF(warmup), ALL_KINDS, 0xffffu},
};
#undef PF
#undef SF
#define NKEYS (sizeof keys / sizeof keys[0])
/* Bits of hparams_spec.given past the table's: */
#define GIVEN_SCHEDULE (1u << NKEYS)
#define GIVEN_LABEL (1u << (NKEYS + 1))

/* A BFGS racer runs GSL's minimizer: lr (its first trial step) is all it reads. */
static int key_reads(const key_def *d, optim_kind k, sched_kind s)
{
    if (k == OPTIM_BFGS)
        return strcmp(d->key, "lr") == 0;
    if (!(d->kinds & KIND(k)))
        return 0;
    return d->scheds == 0 || (d->scheds & SCHED(s)) != 0;
}

static const key_def *key_find(const char *key)
{
    for (size_t i = 0; i < NKEYS; i++)
        if (strcmp(key, keys[i].key) == 0)
            return &keys[i];
    return NULL;
}

int hparams_is_key(const char *key)
{
    return key_find(key) != NULL;
}

int hparams_key_applies(const char *key, optim_kind k, sched_kind s)
{
    const key_def *d = key_find(key);
    return d && key_reads(d, k, s);
}

int hparams_value(const optim_params *p, const char *key, double *out)
{
    const key_def *d = key_find(key);
    if (!d)
        return -1;
    const char *field = (const char *)p + d->offset;
    if (d->type == K_DOUBLE) {
        memcpy(out, field, sizeof *out);
    } else {
        long v;
        memcpy(&v, field, sizeof v);
        *out = (double)v;
    }
    return 0;
}

/* Why a key given does nothing, e.g. "momentum= does nothing for sgd (it is
 * read by momentum, nesterov)". */
static void explain_unused(const key_def *d, optim_kind k, char *err, size_t errlen)
{
    if (k == OPTIM_BFGS) {
        snprintf(err, errlen, "%s= does nothing for bfgs (it reads only lr)", d->key);
        return;
    }
    if (d->kinds & KIND(k)) {
        char names[128] = "";
        for (int s = 0; s < SCHED_COUNT; s++)
            if (d->scheds & SCHED(s))
                snprintf(names + strlen(names), sizeof names - strlen(names), "%sschedule=%s",
                         names[0] ? " or " : "", schedule_name((sched_kind)s));
        snprintf(err, errlen, "%s= does nothing without %s", d->key, names);
        return;
    }
    char names[128] = "";
    for (int i = 0; i < OPTIM_COUNT; i++)
        if (d->kinds & KIND(i))
            snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s",
                     names[0] ? ", " : "", optim_name((optim_kind)i));
    snprintf(err, errlen, "%s= does nothing for %s (it is read by %s)", d->key, optim_name(k),
             names);
}

int hparams_check_used(const hparams_spec *s, char *err, size_t errlen)
{
    for (size_t i = 0; i < NKEYS; i++)
        if ((s->given & (1u << i)) && !key_reads(&keys[i], s->p.kind, s->p.sched.kind)) {
            explain_unused(&keys[i], s->p.kind, err, errlen);
            return -1;
        }
    if ((s->given & GIVEN_SCHEDULE) && s->p.kind == OPTIM_BFGS) {
        snprintf(err, errlen, "schedule= does nothing for bfgs (it reads only lr)");
        return -1;
    }
    return 0;
}

const char *hparams_keys_list(void)
{
    return "lr, momentum, decay, beta1, beta2, eps, schedule, every, gamma, T, "
           "lr_min, tau, warmup, label";
}

static int duplicate(const char *key, char *err, size_t errlen)
{
    snprintf(err, errlen, "duplicate key '%s'", key);
    return -1;
}

int hparams_set(hparams_spec *s, const char *key, const char *value, char *err, size_t errlen)
{
    if (strcmp(key, "label") == 0) {
        if (!*value || strlen(value) >= sizeof s->label || strpbrk(value, ",\"\n")) {
            snprintf(err, errlen, "label '%s': must be 1-%zu bytes (UTF-8) without commas or quotes",
                     value, sizeof s->label - 1);
            return -1;
        }
        if (s->given & GIVEN_LABEL)
            return duplicate(key, err, errlen);
        strcpy(s->label, value);
        s->given |= GIVEN_LABEL;
        return 0;
    }
    if (strcmp(key, "schedule") == 0) {
        int k = schedule_kind_from_name(value);
        if (k < 0) {
            snprintf(err, errlen, "unknown schedule '%s' (valid: %s)", value,
                     schedule_names_list());
            return -1;
        }
        if (s->given & GIVEN_SCHEDULE)
            return duplicate(key, err, errlen);
        s->p.sched.kind = (sched_kind)k;
        s->given |= GIVEN_SCHEDULE;
        return 0;
    }
    for (size_t i = 0; i < NKEYS; i++) {
        if (strcmp(key, keys[i].key) != 0)
            continue;
        if (s->given & (1u << i))
            return duplicate(key, err, errlen);
        s->given |= 1u << i;
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
    if (hparams_validate(&out->p, err, errlen) < 0)
        return -1;
    return hparams_check_used(out, err, errlen);
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
