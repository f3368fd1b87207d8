#include "classify.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loss.h"

static const char *const loss_names[CLASSIFY_LOSS_COUNT] = {"svm", "ova", "structured", "softmax"};
static const char *loss_notes[CLASSIFY_LOSS_COUNT] = {
    "Weston-Watkins multiclass SVM", "one-vs-all SVM", "structured SVM (only the worst class)",
    "softmax cross-entropy"};
static const char *const feature_names[FEATURES_COUNT] = {"raw", "polar", "playground"};
static const int feature_counts[FEATURES_COUNT] = {2, 2, 7};
static const char *feature_labels[FEATURES_COUNT][CLASSIFY_FEATURES_MAX] = {
    {"x", "y"}, {"r", "theta"}, {"x", "y", "x^2", "y^2", "xy", "sin x", "sin y"}};

const char *classify_loss_name(classify_loss l)
{
    return l < CLASSIFY_LOSS_COUNT ? loss_names[l] : "?";
}

const char *classify_loss_note(classify_loss l)
{
    return l < CLASSIFY_LOSS_COUNT ? loss_notes[l] : "?";
}

static int index_of(const char *const *names, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(name, names[i]) == 0)
            return i;
    return -1;
}

int classify_loss_from_name(const char *name)
{
    return index_of(loss_names, CLASSIFY_LOSS_COUNT, name);
}

const char *classify_loss_names_list(void)
{
    return "svm, ova, structured, softmax";
}

const char *classify_features_name(classify_features f)
{
    return f < FEATURES_COUNT ? feature_names[f] : "?";
}

int classify_features_from_name(const char *name)
{
    return index_of(feature_names, FEATURES_COUNT, name);
}

const char *classify_features_names_list(void)
{
    return "raw, polar, playground";
}

int classify_feature_count(classify_features f)
{
    return f < FEATURES_COUNT ? feature_counts[f] : 0;
}

const char *classify_feature_label(classify_features f, int i)
{
    return f < FEATURES_COUNT && i >= 0 && i < feature_counts[f] ? feature_labels[f][i] : "?";
}

void classify_features_of(classify_features f, double x, double y, double *out)
{
    switch (f) {
    case FEATURES_RAW:
        out[0] = x;
        out[1] = y;
        break;
    case FEATURES_POLAR:
        out[0] = hypot(x, y);
        out[1] = atan2(y, x);
        break;
    case FEATURES_PLAYGROUND:
    default:
        out[0] = x;
        out[1] = y;
        out[2] = x * x;
        out[3] = y * y;
        out[4] = x * y;
        out[5] = sin(x);
        out[6] = sin(y);
        break;
    }
}

size_t classify_param_count(const classify_model *m)
{
    return (size_t)m->classes * (size_t)(classify_feature_count(m->features) + 1);
}

/* scores from the features already computed */
static void scores_of(const classify_model *m, const double *params, const double *phi, double *s)
{
    int C = m->classes, F = classify_feature_count(m->features);
    const double *b = params + (size_t)C * F;
    for (int j = 0; j < C; j++) {
        double v = b[j];
        for (int k = 0; k < F; k++)
            v += params[j * F + k] * phi[k];
        s[j] = v;
    }
}

void classify_scores(const classify_model *m, const double *params, double x, double y, double *s)
{
    double phi[CLASSIFY_FEATURES_MAX];
    classify_features_of(m->features, x, y, phi);
    scores_of(m, params, phi, s);
}

double classify_point_loss(const classify_model *m, const double *s, int label, double *terms,
                           double *dscores)
{
    switch (m->loss) {
    case CLASSIFY_SVM: return loss_svm_row(s, m->classes, label, 1.0, terms, dscores);
    case CLASSIFY_OVA: return loss_ova_row(s, m->classes, label, terms, dscores);
    case CLASSIFY_STRUCTURED: return loss_structured_row(s, m->classes, label, terms, dscores);
    case CLASSIFY_SOFTMAX:
    default: return loss_softmax_row(s, m->classes, label, terms, dscores);
    }
}

int classify_predict(const double *s, int C)
{
    int best = 0;
    for (int j = 1; j < C; j++)
        if (s[j] > s[best])
            best = j;
    return best;
}

double classify_confidence(const classify_model *m, const double *s)
{
    int C = m->classes, top = classify_predict(s, C);
    if (m->loss == CLASSIFY_SOFTMAX) {
        double sum = 0;
        for (int j = 0; j < C; j++)
            sum += exp(s[j] - s[top]);
        double p = 1.0 / sum, lo = 1.0 / C;
        return (p - lo) / (1.0 - lo);
    }
    double second = -INFINITY;
    for (int j = 0; j < C; j++)
        if (j != top && s[j] > second)
            second = s[j];
    return fmin(1.0, s[top] - second);
}

classify_totals classify_evaluate(const classify_model *m, const double *params,
                                  const classify_points *p, double *grad)
{
    int C = m->classes, F = classify_feature_count(m->features);
    size_t nw = (size_t)C * F;
    classify_totals t = {0, 0, 0, 0};
    if (grad)
        memset(grad, 0, classify_param_count(m) * sizeof *grad);
    double scale = p->n ? 1.0 / (double)p->n : 0.0;
    long right = 0;
    for (size_t i = 0; i < p->n; i++) {
        double phi[CLASSIFY_FEATURES_MAX], s[CLASSIFY_CLASSES_MAX], ds[CLASSIFY_CLASSES_MAX];
        classify_features_of(m->features, p->x[i], p->y[i], phi);
        scores_of(m, params, phi, s);
        t.data_loss += classify_point_loss(m, s, p->label[i], NULL, grad ? ds : NULL);
        right += classify_predict(s, C) == p->label[i];
        for (int j = 0; grad && j < C; j++) {
            double g = ds[j] * scale;
            for (int k = 0; k < F; k++)
                grad[j * F + k] += g * phi[k];
            grad[nw + j] += g;
        }
    }
    t.data_loss *= scale;
    t.reg_loss = loss_reg(params, nw, REG_L2, m->reg, grad);
    t.loss = t.data_loss + t.reg_loss;
    t.accuracy = p->n ? (double)right / (double)p->n : 0.0;
    return t;
}

optim_params classify_optim_defaults(optim_kind k)
{
    static const double lr[OPTIM_COUNT] = {
        [OPTIM_SGD] = 0.1, [OPTIM_MOMENTUM] = 0.01, [OPTIM_NESTEROV] = 0.01,
        [OPTIM_ADAGRAD] = 0.1, [OPTIM_RMSPROP] = 0.01, [OPTIM_ADAM] = 0.1};
    optim_params p = optim_defaults(k);
    if (k < OPTIM_COUNT)
        p.lr = lr[k];
    return p;
}

void classify_bounds(const classify_points *p, double view[4])
{
    double x0 = -1, x1 = 1, y0 = -1, y1 = 1;
    for (size_t i = 0; i < p->n; i++) {
        if (i == 0 || p->x[i] < x0)
            x0 = p->x[i];
        if (i == 0 || p->x[i] > x1)
            x1 = p->x[i];
        if (i == 0 || p->y[i] < y0)
            y0 = p->y[i];
        if (i == 0 || p->y[i] > y1)
            y1 = p->y[i];
    }
    /* a square of the larger extent, 15% more, so no point sits on the edge */
    double half = 0.575 * fmax(fmax(x1 - x0, y1 - y0), 1e-9);
    double cx = 0.5 * (x0 + x1), cy = 0.5 * (y0 + y1);
    view[0] = cx - half;
    view[1] = cx + half;
    view[2] = cy - half;
    view[3] = cy + half;
}

int classify_trainer_init(classify_trainer *t, const classify_model *m, const classify_points *p,
                          const double *params0, const optim_params *op)
{
    memset(t, 0, sizeof *t);
    t->m = *m;
    t->pts = *p;
    t->n = classify_param_count(m);
    t->params = malloc(t->n * sizeof *t->params);
    t->start = malloc(t->n * sizeof *t->start);
    t->grad = malloc(t->n * sizeof *t->grad);
    if (!t->params || !t->start || !t->grad || optim_init(&t->opt, op, t->n) < 0) {
        free(t->params);
        free(t->start);
        free(t->grad);
        memset(t, 0, sizeof *t);
        return -1;
    }
    memcpy(t->params, params0, t->n * sizeof *t->params);
    memcpy(t->start, params0, t->n * sizeof *t->start);
    classify_trainer_refresh(t);
    return 0;
}

void classify_trainer_free(classify_trainer *t)
{
    if (t->params)
        optim_free(&t->opt);
    free(t->params);
    free(t->start);
    free(t->grad);
    memset(t, 0, sizeof *t);
}

int classify_trainer_step(classify_trainer *t)
{
    classify_evaluate(&t->m, t->params, &t->pts, t->grad);
    optim_step(&t->opt, t->params, t->grad);
    t->iter++;
    classify_trainer_refresh(t);
    return isfinite(t->now.loss) ? 0 : -1;
}

void classify_trainer_refresh(classify_trainer *t)
{
    t->now = classify_evaluate(&t->m, t->params, &t->pts, NULL);
}

void classify_trainer_reset(classify_trainer *t)
{
    memcpy(t->params, t->start, t->n * sizeof *t->params);
    optim_reset(&t->opt);
    t->iter = 0;
    classify_trainer_refresh(t);
}

int classify_trainer_set_optim(classify_trainer *t, const optim_params *op)
{
    optim o;
    if (optim_init(&o, op, t->n) < 0)
        return -1;
    optim_free(&t->opt);
    t->opt = o;
    return 0;
}

int classify_slice_init(classify_slice *s, const classify_model *m, const classify_points *p,
                        const double *params, size_t i, size_t j)
{
    memset(s, 0, sizeof *s);
    s->m = *m;
    s->pts = *p;
    s->n = classify_param_count(m);
    s->i = i;
    s->j = j;
    s->params = malloc(s->n * sizeof *s->params);
    s->grad = malloc(s->n * sizeof *s->grad);
    if (!s->params || !s->grad || i >= s->n || j >= s->n) {
        classify_slice_free(s);
        return -1;
    }
    memcpy(s->params, params, s->n * sizeof *s->params);
    return 0;
}

void classify_slice_free(classify_slice *s)
{
    free(s->params);
    free(s->grad);
    s->params = s->grad = NULL;
}

static double slice_grad(const classify_slice *c, double x, double y, double g[2])
{
    c->params[c->i] = x;
    c->params[c->j] = y;
    double f = classify_evaluate(&c->m, c->params, &c->pts, c->grad).loss;
    g[0] = c->grad[c->i];
    g[1] = c->grad[c->j];
    return f;
}

static double slice_eval(const surface *s, double x, double y, double g[2], double h[3])
{
    const classify_slice *c = s->ctx;
    double gg[2];
    double f = slice_grad(c, x, y, g ? g : gg);
    if (h) {
        /* hinge losses are piecewise linear: the differences see only the
         * regularization's curvature there, which is the truth */
        const double d = 1e-4;
        double gx1[2], gx0[2], gy1[2], gy0[2];
        slice_grad(c, x + d, y, gx1);
        slice_grad(c, x - d, y, gx0);
        slice_grad(c, x, y + d, gy1);
        slice_grad(c, x, y - d, gy0);
        h[0] = (gx1[0] - gx0[0]) / (2 * d);
        h[1] = 0.5 * ((gx1[1] - gx0[1]) + (gy1[0] - gy0[0])) / (2 * d);
        h[2] = (gy1[1] - gy0[1]) / (2 * d);
    }
    return f;
}

/* "W[1][x]" or "b[1]": a parameter's name for the title. */
static void param_name(const classify_model *m, size_t k, char *buf, size_t len)
{
    int F = classify_feature_count(m->features);
    size_t nw = (size_t)m->classes * (size_t)F;
    if (k < nw)
        snprintf(buf, len, "W[%zu][%s]", k / (size_t)F, classify_feature_label(m->features, (int)(k % (size_t)F)));
    else
        snprintf(buf, len, "b[%zu]", k - nw);
}

surface classify_slice_surface(classify_slice *s)
{
    classify_slice *c = s; /* the names live in it */
    char a[32], b[32];
    param_name(&s->m, s->i, a, sizeof a);
    param_name(&s->m, s->j, b, sizeof b);
    snprintf(c->name, sizeof c->name, "%s loss", classify_loss_name(s->m.loss));
    snprintf(c->formula, sizeof c->formula, "loss(x = %s, y = %s), the rest held", a, b);
    double x0 = s->params[s->i], y0 = s->params[s->j];
    double half = fmax(1.0, 1.5 * fmax(fabs(x0), fabs(y0)));
    surface sf;
    memset(&sf, 0, sizeof sf);
    sf.name = c->name;
    sf.formula = c->formula;
    sf.note = "the classifier's loss along two of its parameters";
    sf.eval = slice_eval;
    sf.ctx = s;
    sf.view[0] = x0 - half;
    sf.view[1] = x0 + half;
    sf.view[2] = y0 - half;
    sf.view[3] = y0 + half;
    sf.start[0] = x0;
    sf.start[1] = y0;
    return sf;
}
