#include "classify.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loss.h"
#include "model.h"

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

const char *classify_model_name(const classify_model *m)
{
    return m->hidden ? "mlp" : classify_loss_name(m->loss);
}

void classify_model_note(const classify_model *m, char *buf, size_t len)
{
    if (m->hidden)
        snprintf(buf, len, "two-layer net, %d %s units, %s", m->hidden, mlp_act_name(m->act),
                 classify_loss_note(m->loss));
    else
        snprintf(buf, len, "%s", classify_loss_note(m->loss));
}

size_t classify_param_count(const classify_model *m)
{
    size_t C = (size_t)m->classes, F = (size_t)classify_feature_count(m->features);
    size_t H = (size_t)m->hidden;
    return H ? H * F + H + C * H + C : C * F + C;
}

void classify_row(const classify_model *m, int j, size_t *row, int *len, size_t *bias)
{
    size_t C = (size_t)m->classes, F = (size_t)classify_feature_count(m->features);
    size_t H = (size_t)m->hidden, first = H ? H * F + H : 0, width = H ? H : F;
    *row = first + (size_t)j * width;
    *len = (int)width;
    *bias = first + C * width + (size_t)j;
}

/* The net as core/model.h's two-layer net: the features are its input
 * rows, as they are (no mean subtracted), L2 on W1 and W2. */
static model_config net_config(const classify_model *m)
{
    return (model_config){.arch = MODEL_MLP, .loss = LINEAR_SOFTMAX, .classes = m->classes,
                          .dim = classify_feature_count(m->features), .hidden = m->hidden,
                          .act = m->act, .reg_kind = REG_L2, .reg = m->reg, .threads = 1};
}

/* phi of n points into F-wide rows; NULL when out of memory. */
static double *features_rows(const classify_model *m, const double *x, const double *y, size_t n)
{
    size_t F = (size_t)classify_feature_count(m->features);
    double *phi = malloc((n ? n : 1) * F * sizeof *phi);
    for (size_t i = 0; phi && i < n; i++)
        classify_features_of(m->features, x[i], y[i], phi + i * F);
    return phi;
}

/* Scores (n x C) from feature rows: the linear classifier's own W phi + b,
 * or the net's through the model interface. */
static int scores_rows(const classify_model *m, const double *params, const double *phi, size_t n,
                       double *s)
{
    int C = m->classes, F = classify_feature_count(m->features);
    if (m->hidden) {
        model_config c = net_config(m);
        return model_scores_rows(&c, params, phi, (int)n, s);
    }
    const double *b = params + (size_t)C * (size_t)F;
    for (size_t i = 0; i < n; i++)
        for (int j = 0; j < C; j++) {
            double v = b[j];
            for (int k = 0; k < F; k++)
                v += params[j * F + k] * phi[i * (size_t)F + (size_t)k];
            s[i * (size_t)C + (size_t)j] = v;
        }
    return 0;
}

int classify_scores_many(const classify_model *m, const double *params, const double *x,
                         const double *y, size_t n, double *s)
{
    double *phi = features_rows(m, x, y, n);
    int rc = phi ? scores_rows(m, params, phi, n, s) : -1;
    free(phi);
    return rc;
}

void classify_scores(const classify_model *m, const double *params, double x, double y, double *s)
{
    if (classify_scores_many(m, params, &x, &y, 1, s) < 0)
        for (int j = 0; j < m->classes; j++)
            s[j] = NAN;
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

/* What a pass over the points adds up, and dL/ds (already scaled) per point. */
typedef struct {
    const classify_model *m;
    const classify_points *p;
    double data, scale;
    long right;
} tally;

static void tally_points(void *ctx, const double *s, int n, int C, double *ds)
{
    tally *t = ctx;
    for (int i = 0; i < n; i++) {
        const double *si = s + (size_t)i * (size_t)C;
        double *di = ds ? ds + (size_t)i * (size_t)C : NULL;
        t->data += classify_point_loss(t->m, si, t->p->label[i], NULL, di);
        t->right += classify_predict(si, C) == t->p->label[i];
        for (int j = 0; di && j < C; j++)
            di[j] *= t->scale;
    }
}

/* The linear classifier's gradient (overwritten) from dL/ds at the rows phi. */
static void linear_backward(const classify_model *m, const double *phi, size_t n, const double *ds,
                            double *grad)
{
    int C = m->classes, F = classify_feature_count(m->features);
    memset(grad, 0, classify_param_count(m) * sizeof *grad);
    for (size_t i = 0; i < n; i++)
        for (int j = 0; j < C; j++) {
            double g = ds[i * (size_t)C + (size_t)j];
            for (int k = 0; k < F; k++)
                grad[j * F + k] += g * phi[i * (size_t)F + (size_t)k];
            grad[(size_t)C * F + j] += g;
        }
}

/* The data loss's tally and, when grad is not NULL, its gradient
 * (overwritten): the net's in one forward and backward pass through the
 * model, the linear classifier's here. */
static int pass(const classify_model *m, const double *params, const double *phi, tally *t,
                double *grad)
{
    size_t n = t->p->n, cells = (n ? n : 1) * (size_t)m->classes;
    if (grad && m->hidden) {
        model_config c = net_config(m);
        return model_backward_rows(&c, params, phi, (int)n, tally_points, t, grad);
    }
    double *s = malloc(cells * sizeof *s), *ds = grad ? malloc(cells * sizeof *ds) : NULL;
    int rc = s && (ds || !grad) ? scores_rows(m, params, phi, n, s) : -1;
    if (rc == 0) {
        tally_points(t, s, (int)n, m->classes, ds);
        if (grad)
            linear_backward(m, phi, n, ds, grad);
    }
    free(s);
    free(ds);
    return rc;
}

/* lambda * sum W^2 over the weight matrices (not the biases), gradient added. */
static double regularize(const classify_model *m, const double *params, double *grad)
{
    size_t C = (size_t)m->classes, F = (size_t)classify_feature_count(m->features);
    if (!m->hidden)
        return loss_reg(params, C * F, REG_L2, m->reg, grad);
    /* the net's weight blocks, as the model marks them (W1, W2) */
    model_config c = net_config(m);
    model_block b[MODEL_BLOCKS_MAX];
    int nb = model_blocks(&c, b);
    double r = 0;
    for (int k = 0; k < nb; k++)
        if (b[k].regularized)
            r += loss_reg(params + b[k].offset, (size_t)b[k].rows * (size_t)b[k].cols, REG_L2,
                          m->reg, grad ? grad + b[k].offset : NULL);
    return r;
}

classify_totals classify_evaluate(const classify_model *m, const double *params,
                                  const classify_points *p, double *grad)
{
    classify_totals out = {NAN, NAN, NAN, 0};
    tally t = {m, p, 0, p->n ? 1.0 / (double)p->n : 0.0, 0};
    double *phi = features_rows(m, p->x, p->y, p->n);
    if (phi && pass(m, params, phi, &t, grad) == 0) {
        out.data_loss = t.data * t.scale;
        out.reg_loss = regularize(m, params, grad);
        out.loss = out.data_loss + out.reg_loss;
        out.accuracy = (double)t.right * t.scale;
    }
    free(phi);
    return out;
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

void classify_param_name(const classify_model *m, size_t k, char *buf, size_t len)
{
    size_t C = (size_t)m->classes, F = (size_t)classify_feature_count(m->features);
    if (!m->hidden) {
        if (k < C * F)
            snprintf(buf, len, "W[%zu][%s]", k / F, classify_feature_label(m->features, (int)(k % F)));
        else
            snprintf(buf, len, "b[%zu]", k - C * F);
        return;
    }
    /* the net's blocks by the model's names; the first one's columns are the inputs */
    model_config c = net_config(m);
    model_block b[MODEL_BLOCKS_MAX];
    model_blocks(&c, b);
    int r, col, at = model_block_of(&c, k, &r, &col);
    if (b[at].rows == 1)
        snprintf(buf, len, "%s[%d]", b[at].name, col);
    else if (at == 0)
        snprintf(buf, len, "%s[%d][%s]", b[at].name, r, classify_feature_label(m->features, col));
    else
        snprintf(buf, len, "%s[%d][%d]", b[at].name, r, col);
}

surface classify_slice_surface(classify_slice *s)
{
    classify_slice *c = s; /* the names live in it */
    char a[24], b[24];
    classify_param_name(&s->m, s->i, a, sizeof a);
    classify_param_name(&s->m, s->j, b, sizeof b);
    snprintf(c->name, sizeof c->name, "%s loss over %s, %s", classify_loss_name(s->m.loss), a, b);
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
