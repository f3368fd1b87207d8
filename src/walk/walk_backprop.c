/* Backpropagation: the lecture's graph f(x, y, z) = (x + y) z node by node
 * (each local gradient times the gradient flowing in from above), then one
 * forward and backward pass of a 2-2-2 ReLU net with the softmax loss, every
 * intermediate value, and its gradient against the core net's numerical one
 * (centered differences on core/mlp.c's double-precision loss). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../core/gradcheck.h"
#include "../core/mlp.h"
#include "walkpriv.h"

enum { NX = 2, NH = 2, NC = 2, NP = NH * NX + NH + NC * NH + NC };
/* offsets into in->net: W1 (row-major), b1, W2, b2 */
enum { O_W1 = 0, O_B1 = 4, O_W2 = 6, O_B2 = 10 };

static void backprop_defaults(walk_inputs *in)
{
    memset(in, 0, sizeof *in);
    /* the lecture's graph */
    in->graph[0] = -2;
    in->graph[1] = 5;
    in->graph[2] = -4;
    /* a net small enough to follow by hand: both ReLUs on, class cat */
    static const double net[NP] = {0.5, -0.3, 0.2, 0.4, 0.2, -0.1, 1.0, -1.0, 0.5, 2.0, 0.0, 0.1};
    memcpy(in->net, net, sizeof net);
    in->input[0] = 1;
    in->input[1] = 2;
    in->nclass = 2;
    snprintf(in->classes[0], sizeof in->classes[0], "cat");
    snprintf(in->classes[1], sizeof in->classes[1], "dog");
    in->nrow = 1;
    in->labels[0] = 0;
    in->h = 1e-5;
}

/* --- the graph ---------------------------------------------------------- */

typedef struct {
    double x, y, z, q, f;
    double df, dq, dz, dx, dy;
} graph;

static graph graph_run(const walk_inputs *in)
{
    graph g;
    g.x = in->graph[0];
    g.y = in->graph[1];
    g.z = in->graph[2];
    g.q = g.x + g.y;
    g.f = g.q * g.z;
    g.df = 1;
    g.dz = g.q * g.df; /* d(q z)/dz = q */
    g.dq = g.z * g.df; /* d(q z)/dq = z */
    g.dx = 1 * g.dq;   /* d(x + y)/dx = 1 */
    g.dy = 1 * g.dq;
    return g;
}

/* Which values and gradients the table shows so far: the forward pass
 * fills values in, the backward pass gradients from the top. */
static void graph_table(walk_step *st, const graph *g, int values, int grads)
{
    const char *names[] = {"x", "y", "z", "q = x + y", "f = q z"};
    const double v[] = {g->x, g->y, g->z, g->q, g->f};
    const double d[] = {g->dx, g->dy, g->dz, g->dq, g->df};
    /* gradients arrive top down: f, then z and q, then x and y */
    const int order[] = {2, 2, 1, 1, 0};
    step_table(st, 5, 2, "node");
    step_col(st, 0, "value");
    step_col(st, 1, "df/dnode");
    for (int r = 0; r < 5; r++) {
        step_row(st, r, names[r]);
        if (r < 3)
            step_input(st, r, 0, v[r], NF_SHORT, WF_GRAPH, r);
        else if (r - 2 <= values)
            step_cell(st, r, 0, v[r], NF_SHORT);
        if (order[r] < grads)
            step_cell(st, r, 1, d[r], NF_SHORT);
    }
}

/* A step of the graph: its table so far, one cell marked. */
static walk_step *graph_step(walk *w, const graph *g, const char *title, int values, int grads,
                             int hl_row, int hl_col)
{
    walk_step *st = walk_add(w, NF_SHORT, "%s", title);
    if (st) {
        graph_table(st, g, values, grads);
        if (hl_row >= 0)
            step_hl(st, hl_row, hl_col);
    }
    return st;
}

static void graph_steps(walk *w)
{
    graph g = graph_run(&w->in);
    walk_step *st = graph_step(w, &g, "The graph: f(x, y, z) = (x + y) z", 0, 0, -1, 0);
    if (!st)
        return;
    step_formula(st, NF_SHORT, "two nodes: an add, q = x + y, then a multiply, f = q z\n"
                 "x = #, y = #, z = #", g.x, g.y, g.z);
    step_note(st, NF_SHORT, "Forward: each node computes its value from its inputs. Backward: "
              "each node multiplies the gradient coming down from above by its own local "
              "gradient (the chain rule).");

    if (!(st = graph_step(w, &g, "Forward: the add node", 1, 0, 3, 0)))
        return;
    step_formula(st, NF_SHORT, "q = x + y = $ + $ = {#}", g.x, g.y, g.q);
    step_result(st, NF_SHORT, "q = #", g.q);

    if (!(st = graph_step(w, &g, "Forward: the multiply node", 2, 0, 4, 0)))
        return;
    step_formula(st, NF_SHORT, "f = q z = # x $ = {#}", g.q, g.z, g.f);
    step_result(st, NF_SHORT, "f = #", g.f);

    if (!(st = graph_step(w, &g, "Backward: start at the output", 2, 1, 4, 1)))
        return;
    step_formula(st, NF_SHORT, "df/df = {1}");
    step_result(st, NF_SHORT, "the gradient flowing in at the top is 1");

    if (!(st = graph_step(w, &g, "Backward: through the multiply", 2, 2, 2, 1)))
        return;
    step_formula(st, NF_SHORT, "f = q z: local gradients df/dz = q, df/dq = z\n"
                 "df/dz = q x df/df = # x 1 = {#}\n", g.q, g.dz);
    step_formula(st, NF_SHORT, "df/dq = z x df/df = $ x 1 = #", g.z, g.dq);
    step_result(st, NF_SHORT, "df/dz = #, df/dq = #", g.dz, g.dq);
    step_note(st, NF_SHORT, "A multiply swaps its inputs: each one's gradient is the other "
              "input times the upstream gradient.");

    if (!(st = graph_step(w, &g, "Backward: through the add", 2, 3, 0, 1)))
        return;
    step_formula(st, NF_SHORT, "q = x + y: local gradients dq/dx = dq/dy = 1\n"
                 "df/dx = df/dq x dq/dx = $ x 1 = {#}\n", g.dq, g.dx);
    step_formula(st, NF_SHORT, "df/dy = df/dq x dq/dy = $ x 1 = #", g.dq, g.dy);
    step_result(st, NF_SHORT, "df/dx = #, df/dy = #", g.dx, g.dy);
    step_note(st, NF_SHORT, "An add hands the upstream gradient to each input unchanged.");
}

/* --- the net ------------------------------------------------------------ */

typedef struct {
    double z[NH], a[NH], s[NC], p[NC], loss;
    double ds[NC], da[NH], dz[NH];
    double grad[NP]; /* in the layout of in->net */
} pass;

static pass net_run(const walk_inputs *in)
{
    const double *w = in->net, *x = in->input;
    int y = in->labels[0];
    pass p;
    memset(&p, 0, sizeof p);
    for (int j = 0; j < NH; j++) {
        p.z[j] = w[O_W1 + j * NX] * x[0] + w[O_W1 + j * NX + 1] * x[1] + w[O_B1 + j];
        p.a[j] = p.z[j] > 0 ? p.z[j] : 0;
    }
    double top = -INFINITY, sum = 0;
    for (int k = 0; k < NC; k++) {
        p.s[k] = w[O_W2 + k * NH] * p.a[0] + w[O_W2 + k * NH + 1] * p.a[1] + w[O_B2 + k];
        top = fmax(top, p.s[k]);
    }
    for (int k = 0; k < NC; k++)
        sum += exp(p.s[k] - top);
    for (int k = 0; k < NC; k++)
        p.p[k] = exp(p.s[k] - top) / sum;
    p.loss = -log(p.p[y]);
    for (int k = 0; k < NC; k++) {
        p.ds[k] = p.p[k] - (k == y);
        p.grad[O_B2 + k] = p.ds[k];
        for (int j = 0; j < NH; j++)
            p.grad[O_W2 + k * NH + j] = p.ds[k] * p.a[j];
    }
    for (int j = 0; j < NH; j++) {
        p.da[j] = w[O_W2 + j] * p.ds[0] + w[O_W2 + NH + j] * p.ds[1];
        p.dz[j] = p.z[j] > 0 ? p.da[j] : 0;
        p.grad[O_B1 + j] = p.dz[j];
        for (int i = 0; i < NX; i++)
            p.grad[O_W1 + j * NX + i] = p.dz[j] * x[i];
    }
    return p;
}

static const char *cls(const walk_inputs *in, int k)
{
    return in->classes[k];
}

/* The parameters as a table: a row per unit, its weights and bias. */
static void net_table(walk_step *st, const walk_inputs *in)
{
    step_table(st, NH + NC + 1, 3, "unit");
    step_col(st, 0, "w_1");
    step_col(st, 1, "w_2");
    step_col(st, 2, "bias");
    for (int j = 0; j < NH; j++) {
        char name[WALK_LABEL_MAX];
        snprintf(name, sizeof name, "hidden %c", (char)('1' + j));
        step_row(st, j, name);
        for (int i = 0; i < NX; i++)
            step_input(st, j, i, in->net[O_W1 + j * NX + i], NF_SIG4, WF_NET, O_W1 + j * NX + i);
        step_input(st, j, 2, in->net[O_B1 + j], NF_SIG4, WF_NET, O_B1 + j);
    }
    for (int k = 0; k < NC; k++) {
        char name[WALK_LABEL_MAX];
        snprintf(name, sizeof name, "score %s", cls(in, k));
        step_row(st, NH + k, name);
        for (int j = 0; j < NH; j++)
            step_input(st, NH + k, j, in->net[O_W2 + k * NH + j], NF_SIG4, WF_NET,
                       O_W2 + k * NH + j);
        step_input(st, NH + k, 2, in->net[O_B2 + k], NF_SIG4, WF_NET, O_B2 + k);
    }
    step_row(st, NH + NC, "input x");
    for (int i = 0; i < NX; i++)
        step_input(st, NH + NC, i, in->input[i], NF_SIG4, WF_INPUT, i);
}

/* Values per unit: one row per hidden unit and class. */
/* A layer's gradient as a table: a row per unit, the gradients of its cols
 * weights (row-major from w), then its bias's (b). heads: cols + 1 titles. */
static void grad_table(walk_step *st, const char *what, const char *const *names, int rows,
                       int cols, const char *const *heads, const double *w, const double *b)
{
    step_table(st, rows, cols + 1, what);
    for (int c = 0; c <= cols; c++)
        step_col(st, c, heads[c]);
    for (int r = 0; r < rows; r++) {
        step_row(st, r, names[r]);
        for (int c = 0; c < cols; c++)
            step_cell(st, r, c, w[r * cols + c], NF_SIG4);
        step_cell(st, r, cols, b[r], NF_SIG4);
    }
}

static void value_table(walk_step *st, const walk_inputs *in, const char *c0, const double *v0,
                        const char *c1, const double *v1, int hidden)
{
    int nrows = hidden ? NH : NC;
    step_table(st, nrows, v1 ? 2 : 1, hidden ? "unit" : "class");
    step_col(st, 0, c0);
    if (v1)
        step_col(st, 1, c1);
    for (int r = 0; r < nrows; r++) {
        char name[WALK_LABEL_MAX];
        if (hidden)
            snprintf(name, sizeof name, "hidden %c", (char)('1' + r));
        else
            snprintf(name, sizeof name, "%s", cls(in, r));
        step_row(st, r, name);
        step_cell(st, r, 0, v0[r], NF_SIG4);
        if (v1)
            step_cell(st, r, 1, v1[r], NF_SIG4);
    }
}

static void net_forward(walk *w, const pass *p)
{
    const walk_inputs *in = &w->in;
    const double *n = in->net, *x = in->input;
    walk_step *st = walk_add(w, NF_SHORT, "A two-layer net: 2 inputs, 2 ReLUs, 2 classes");
    if (!st)
        return;
    net_table(st, in);
    step_formula(st, NF_SIG4, "z = W1 x + b1, a = max(0, z), s = W2 a + b2\n"
                 "L = -log softmax(s)_%s, the true class", cls(in, in->labels[0]));
    step_note(st, NF_SHORT, "The same affine-ReLU-affine net descent train --model mlp trains, "
              "at the smallest size that still has every piece.");

    st = walk_add(w, NF_SHORT, "Forward: the hidden layer, z = W1 x + b1, a = max(0, z)");
    if (!st)
        return;
    value_table(st, in, "z", p->z, "a = max(0, z)", p->a, 1);
    step_hl(st, 0, 1);
    for (int j = 0; j < NH; j++)
        step_formula(st, NF_SIG4, "z_%d = # x # + $ x # + $ = {#},  a_%d = #\n", j + 1,
                     n[O_W1 + j * NX], x[0], n[O_W1 + j * NX + 1], x[1], n[O_B1 + j], p->z[j],
                     j + 1, p->a[j]);
    step_result(st, NF_SIG4, "a = (#, #)", p->a[0], p->a[1]);
    for (int j = 0; j < NH; j++)
        if (p->z[j] <= 0)
            step_note(st, NF_SHORT, "hidden %d is off (z <= 0): no gradient flows back "
                      "through it.", j + 1);

    st = walk_add(w, NF_SHORT, "Forward: the scores, s = W2 a + b2");
    if (!st)
        return;
    value_table(st, in, "s", p->s, NULL, NULL, 0);
    for (int k = 0; k < NC; k++)
        step_formula(st, NF_SIG4, "s_%s = # x # + $ x # + $ = {#}\n", cls(in, k),
                     n[O_W2 + k * NH], p->a[0], n[O_W2 + k * NH + 1], p->a[1], n[O_B2 + k],
                     p->s[k]);
    step_result(st, NF_SIG4, "s = (#, #)", p->s[0], p->s[1]);

    int y = in->labels[0];
    st = walk_add(w, NF_SHORT, "Forward: softmax and the loss");
    if (!st)
        return;
    value_table(st, in, "s", p->s, "p", p->p, 0);
    step_hl(st, y, 1);
    step_formula(st, NF_SIG4, "p_k = e^s_k / sum_j e^s_j:  p = (#, #)\n", p->p[0], p->p[1]);
    step_formula(st, NF_SIG4, "L = -log p_%s = -log # = {#}", cls(in, y), p->p[y], p->loss);
    step_result(st, NF_SIG4, "L = #", p->loss);
}

static void net_backward(walk *w, const pass *p)
{
    const walk_inputs *in = &w->in;
    const double *n = in->net, *x = in->input;
    int y = in->labels[0];
    walk_step *st = walk_add(w, NF_SHORT, "Backward: the scores, dL/ds = p - onehot(%s)",
                             cls(in, y));
    if (!st)
        return;
    value_table(st, in, "p", p->p, "dL/ds", p->ds, 0);
    step_hl(st, y, 1);
    for (int k = 0; k < NC; k++)
        step_formula(st, NF_SIG4, "dL/ds_%s = # - %d = {#}\n", cls(in, k), p->p[k], k == y,
                     p->ds[k]);
    step_note(st, NF_SHORT, "The upstream gradient at the top of the net: softmax and "
              "cross-entropy together have this simple local gradient.");

    st = walk_add(w, NF_SHORT, "Backward: the second layer, dW2 = dL/ds a^T, db2 = dL/ds");
    if (!st)
        return;
    static const char *const heads2[] = {"dW2 (a_1)", "dW2 (a_2)", "db2"};
    const char *classes[NC];
    for (int k = 0; k < NC; k++)
        classes[k] = cls(in, k);
    grad_table(st, "class", classes, NC, NH, heads2, p->grad + O_W2, p->grad + O_B2);
    step_hl(st, 0, 0);
    step_formula(st, NF_SIG4, "dW2[%s, 1] = dL/ds_%s x a_1 = $ x # = {#}", cls(in, 0), cls(in, 0),
                 p->ds[0], p->a[0], p->grad[O_W2]);

    st = walk_add(w, NF_SHORT, "Backward: into the hidden layer, da = W2^T dL/ds");
    if (!st)
        return;
    value_table(st, in, "da", p->da, "dz = da [z > 0]", p->dz, 1);
    step_hl(st, 0, 1);
    for (int j = 0; j < NH; j++)
        step_formula(st, NF_SIG4, "da_%d = # x $ + # x $ = #\n  dz_%d = {#}%s\n", j + 1,
                     n[O_W2 + j], p->ds[0], n[O_W2 + NH + j], p->ds[1], p->da[j], j + 1, p->dz[j],
                     p->z[j] > 0 ? " (ReLU on: passes it)" : " (ReLU off: blocks it)");
    step_note(st, NF_SHORT, "Each hidden unit gathers the gradient of every score it feeds; "
              "the ReLU's local gradient is 1 where z > 0 and 0 elsewhere.");

    st = walk_add(w, NF_SHORT, "Backward: the first layer, dW1 = dz x^T, db1 = dz");
    if (!st)
        return;
    static const char *const heads1[] = {"dW1 (x_1)", "dW1 (x_2)", "db1"};
    static const char *const units[NH] = {"hidden 1", "hidden 2"};
    grad_table(st, "unit", units, NH, NX, heads1, p->grad + O_W1, p->grad + O_B1);
    step_hl(st, 1, 1);
    step_formula(st, NF_SIG4, "dW1[2, 2] = dz_2 x x_2 = $ x # = {#}", p->dz[1], x[1],
                 p->grad[O_W1 + NX + 1]);
}

/* The core net's loss at the walkthrough's parameters: the input given as
 * 0 - (-x), so that it reaches the net in full double precision. */
static double core_loss(const walk_inputs *in, const double *net, double *grad)
{
    mlp_config c = {.loss = LINEAR_SOFTMAX, .classes = NC, .dim = NX, .hidden = NH,
                    .act = MLP_RELU, .reg_kind = REG_L2, .reg = 0};
    const float zero[NX] = {0, 0};
    const double mean[NX] = {-in->input[0], -in->input[1]};
    uint8_t y = (uint8_t)in->labels[0];
    model_data d = {NULL, &y, 1, zero};
    size_t idx = 0;
    model_loss out;
    if (mlp_loss_grad_exact(&c, mean, net, &d, &idx, 1, &out, grad) < 0)
        return NAN;
    return out.loss;
}

static const char *param_name(int k, char *buf, size_t len)
{
    /* 1-based digits: every index here is below 10 */
    if (k < O_B1)
        snprintf(buf, len, "W1[%c,%c]", '1' + k / NX, '1' + k % NX);
    else if (k < O_W2)
        snprintf(buf, len, "b1[%c]", '1' + (k - O_B1));
    else if (k < O_B2)
        snprintf(buf, len, "W2[%c,%c]", '1' + (k - O_W2) / NH, '1' + (k - O_W2) % NH);
    else
        snprintf(buf, len, "b2[%c]", '1' + (k - O_B2));
    return buf;
}

static void net_check(walk *w, const pass *p)
{
    const walk_inputs *in = &w->in;
    double h = in->h, num[NP], core[NP], wp[NP], worst = 0;
    int at = 0;
    memcpy(wp, in->net, sizeof wp);
    double loss = core_loss(in, in->net, core);
    for (int k = 0; k < NP; k++) {
        wp[k] = in->net[k] + h;
        double up = core_loss(in, wp, NULL);
        wp[k] = in->net[k] - h;
        double down = core_loss(in, wp, NULL);
        wp[k] = in->net[k];
        num[k] = (up - down) / (2 * h);
        double rel = gradcheck_rel_error(p->grad[k], num[k]);
        if (rel > worst || k == 0) {
            worst = rel;
            at = k;
        }
    }
    double agree = 0;
    for (int k = 0; k < NP; k++)
        agree = fmax(agree, fabs(core[k] - p->grad[k]));
    walk_step *st = walk_add(w, NF_SHORT, "Numerical gradient beside the analytic one");
    if (!st)
        return;
    step_table(st, NP, 3, "parameter");
    step_col(st, 0, "numerical");
    step_col(st, 1, "analytic");
    step_col(st, 2, "rel. error");
    for (int k = 0; k < NP; k++) {
        char name[WALK_LABEL_MAX];
        step_row(st, k, param_name(k, name, sizeof name));
        step_cell(st, k, 0, num[k], NF_SIG4);
        step_cell(st, k, 1, p->grad[k], NF_SIG4);
        step_cell(st, k, 2, gradcheck_rel_error(p->grad[k], num[k]), NF_SIG3);
    }
    step_hl(st, at, 2);
    char name[WALK_LABEL_MAX];
    step_formula(st, NF_SIG3, "numerical: (L(w + h) - L(w - h)) / 2h on the core net "
                 "(core/mlp.c), h = #\nworst relative error at %s: {#}", h,
                 param_name(at, name, sizeof name), worst);
    step_result(st, NF_SIG3, "max relative error #: %s", worst,
                gradcheck_text(gradcheck_judge(worst)));
    if (agree == 0)
        step_note(st, NF_SIG3, "The core net's own backward pass gives loss # and the very "
                  "same gradient.", loss);
    else
        step_note(st, NF_SIG3, "The core net's own backward pass gives loss # and the same "
                  "gradient to within #.", loss, agree);
}

static void backprop_build(walk *w)
{
    graph_steps(w);
    pass p = net_run(&w->in);
    net_forward(w, &p);
    net_backward(w, &p);
    net_check(w, &p);
}

const walk_def walk_def_backprop = {
    .name = "backprop",
    .summary = "backpropagation: f = (x + y) z node by node, then a 2-2-2 ReLU net",
    .keys = "graph input net classes labels h",
    .defaults = backprop_defaults,
    .build = backprop_build,
};
