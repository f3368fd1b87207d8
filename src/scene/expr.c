#include "expr.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum {
    OP_NUM, OP_X, OP_Y,
    OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_POW, OP_MIN, OP_MAX, /* binary */
    OP_NEG,
    OP_SIN, OP_COS, OP_TAN, OP_EXP, OP_LOG, OP_SQRT, OP_ABS, /* unary functions */
    OP_TANH, OP_SINH, OP_COSH, OP_ATAN,
} op_kind;

typedef struct {
    op_kind op;
    int a, b;      /* operand nodes; always smaller indices than this one */
    int constant;  /* no x or y below: a power with it as exponent uses the power rule */
    double num;
} node;

struct expr {
    int n;
    int root;
    int uses;
    node nodes[EXPR_MAX_NODES];
    char text[EXPR_MAX_LEN + 1];
};

static const struct {
    const char *name;
    op_kind op;
    int nargs;
} functions[] = {
    {"sin", OP_SIN, 1},   {"cos", OP_COS, 1},   {"tan", OP_TAN, 1},   {"exp", OP_EXP, 1},
    {"log", OP_LOG, 1},   {"sqrt", OP_SQRT, 1}, {"abs", OP_ABS, 1},   {"tanh", OP_TANH, 1},
    {"sinh", OP_SINH, 1}, {"cosh", OP_COSH, 1}, {"atan", OP_ATAN, 1}, {"pow", OP_POW, 2},
    {"min", OP_MIN, 2},   {"max", OP_MAX, 2},
};
#define NFUNCTIONS (int)(sizeof functions / sizeof functions[0])

/* ---- parsing ---------------------------------------------------------- */

typedef struct {
    const char *s;
    size_t pos;
    int depth;
    expr *e;
    char *err;
    size_t errlen;
    size_t errpos;
    int failed;
} parser;

static int fail(parser *p, size_t at, const char *fmt, const char *arg)
{
    if (!p->failed) {
        p->failed = 1;
        p->errpos = at;
        snprintf(p->err, p->errlen, fmt, arg);
    }
    return -1;
}

static void skip_space(parser *p)
{
    while (p->s[p->pos] == ' ' || p->s[p->pos] == '\t')
        p->pos++;
}

static int add_node(parser *p, op_kind op, int a, int b, double num, size_t at)
{
    expr *e = p->e;
    if (e->n == EXPR_MAX_NODES) {
        char lim[16];
        snprintf(lim, sizeof lim, "%d", EXPR_MAX_NODES);
        return fail(p, at, "formula too large (more than %s numbers, names and operations)", lim);
    }
    int constant = op == OP_NUM;
    if (op > OP_Y)
        constant = e->nodes[a].constant && (b < 0 || e->nodes[b].constant);
    e->nodes[e->n] = (node){op, a, b, constant, num};
    if (op == OP_X)
        e->uses |= EXPR_USES_X;
    if (op == OP_Y)
        e->uses |= EXPR_USES_Y;
    return e->n++;
}

/* Nesting guard: every recursive production goes through here. */
static int enter(parser *p)
{
    if (++p->depth > EXPR_MAX_DEPTH) {
        char lim[16];
        snprintf(lim, sizeof lim, "%d", EXPR_MAX_DEPTH);
        return fail(p, p->pos, "formula nested too deeply (more than %s levels)", lim);
    }
    return 0;
}

static int parse_sum(parser *p);
static int parse_unary(parser *p);

/* digits [. digits] [e [+-] digits], or . digits: no signs, hex, inf or nan. */
static int parse_number(parser *p)
{
    const char *s = p->s;
    size_t start = p->pos, i = p->pos;
    while (isdigit((unsigned char)s[i]))
        i++;
    if (s[i] == '.') {
        i++;
        while (isdigit((unsigned char)s[i]))
            i++;
    }
    if (i - start == 1 && s[start] == '.')
        return fail(p, start, "expected a number after '.'%s", "");
    if (s[i] == 'e' || s[i] == 'E') {
        size_t j = i + 1;
        if (s[j] == '+' || s[j] == '-')
            j++;
        if (isdigit((unsigned char)s[j])) {
            while (isdigit((unsigned char)s[j]))
                j++;
            i = j;
        }
    }
    char buf[64];
    if (i - start >= sizeof buf)
        return fail(p, start, "number too long%s", "");
    memcpy(buf, s + start, i - start);
    buf[i - start] = '\0';
    double v = strtod(buf, NULL);
    if (!isfinite(v))
        return fail(p, start, "number '%s' is too large", buf);
    p->pos = i;
    return add_node(p, OP_NUM, -1, -1, v, start);
}

static int expect_char(parser *p, char c, const char *what)
{
    skip_space(p);
    if (p->s[p->pos] != c) {
        if (p->s[p->pos] == '\0')
            return fail(p, p->pos, "unexpected end of formula: expected %s", what);
        return fail(p, p->pos, "expected %s", what);
    }
    p->pos++;
    return 0;
}

static int parse_call(parser *p, const char *name, size_t at)
{
    int f = -1;
    for (int i = 0; i < NFUNCTIONS; i++)
        if (strcmp(functions[i].name, name) == 0)
            f = i;
    if (f < 0)
        return fail(p, at, "unknown function '%s' (valid: sin cos tan exp log sqrt abs tanh "
                           "sinh cosh atan pow min max)", name);
    p->pos++; /* '(' */
    int args[2] = {-1, -1};
    for (int k = 0; k < functions[f].nargs; k++) {
        if (k > 0 && expect_char(p, ',', "',' and a second argument") < 0)
            return -1;
        if ((args[k] = parse_sum(p)) < 0)
            return -1;
    }
    skip_space(p);
    if (p->s[p->pos] == ',')
        return fail(p, p->pos, functions[f].nargs == 1 ? "'%s' takes one argument"
                                                       : "'%s' takes two arguments", name);
    if (expect_char(p, ')', "')' closing the call") < 0)
        return -1;
    return add_node(p, functions[f].op, args[0], args[1], 0, at);
}

static int parse_name(parser *p)
{
    size_t start = p->pos;
    while (isalnum((unsigned char)p->s[p->pos]) || p->s[p->pos] == '_')
        p->pos++;
    char name[32];
    size_t len = p->pos - start;
    if (len >= sizeof name)
        return fail(p, start, "unknown name '%.31s...'", p->s + start);
    memcpy(name, p->s + start, len);
    name[len] = '\0';
    skip_space(p);
    if (p->s[p->pos] == '(')
        return parse_call(p, name, start);
    if (strcmp(name, "x") == 0)
        return add_node(p, OP_X, -1, -1, 0, start);
    if (strcmp(name, "y") == 0)
        return add_node(p, OP_Y, -1, -1, 0, start);
    if (strcmp(name, "pi") == 0)
        return add_node(p, OP_NUM, -1, -1, M_PI, start);
    if (strcmp(name, "e") == 0)
        return add_node(p, OP_NUM, -1, -1, M_E, start);
    for (int i = 0; i < NFUNCTIONS; i++)
        if (strcmp(functions[i].name, name) == 0)
            return fail(p, start, "function '%s' needs its argument in parentheses", name);
    return fail(p, start, "unknown name '%s' (the variables are x and y; constants pi and e)",
                name);
}

static int parse_primary(parser *p)
{
    skip_space(p);
    char c = p->s[p->pos];
    if (isdigit((unsigned char)c) || c == '.')
        return parse_number(p);
    if (isalpha((unsigned char)c) || c == '_')
        return parse_name(p);
    if (c == '(') {
        p->pos++;
        int r = parse_sum(p);
        if (r < 0 || expect_char(p, ')', "')'") < 0)
            return -1;
        return r;
    }
    if (c == '\0')
        return fail(p, p->pos, "unexpected end of formula: expected a number, x, y or '('%s",
                    "");
    char what[5] = {c, '\0'};
    for (int k = 1; k < 4 && ((unsigned char)p->s[p->pos + k] & 0xC0) == 0x80; k++)
        what[k] = p->s[p->pos + k]; /* the whole UTF-8 character */
    return fail(p, p->pos, "unexpected '%s': expected a number, x, y or '('", what);
}

/* power := primary ['^' unary]: right-associative, and -x^2 is -(x^2). */
static int parse_power(parser *p)
{
    int base = parse_primary(p);
    if (base < 0)
        return -1;
    skip_space(p);
    if (p->s[p->pos] != '^')
        return base;
    size_t at = p->pos++;
    int ex = parse_unary(p);
    return ex < 0 ? -1 : add_node(p, OP_POW, base, ex, 0, at);
}

static int parse_unary(parser *p)
{
    if (enter(p) < 0)
        return -1;
    skip_space(p);
    int r;
    char c = p->s[p->pos];
    if (c == '-' || c == '+') {
        size_t at = p->pos++;
        r = parse_unary(p);
        if (r >= 0 && c == '-')
            r = add_node(p, OP_NEG, r, -1, 0, at);
    } else {
        r = parse_power(p);
    }
    p->depth--;
    return r;
}

static int parse_product(parser *p)
{
    int left = parse_unary(p);
    for (;;) {
        if (left < 0)
            return -1;
        skip_space(p);
        char c = p->s[p->pos];
        if (c != '*' && c != '/')
            return left;
        size_t at = p->pos++;
        int right = parse_unary(p);
        if (right < 0)
            return -1;
        left = add_node(p, c == '*' ? OP_MUL : OP_DIV, left, right, 0, at);
    }
}

/* No nesting guard here: every way back into parse_sum (parentheses, a
 * call's arguments) goes through parse_unary's. */
static int parse_sum(parser *p)
{
    int left = parse_product(p);
    for (;;) {
        if (left < 0)
            break;
        skip_space(p);
        char c = p->s[p->pos];
        if (c != '+' && c != '-')
            break;
        size_t at = p->pos++;
        int right = parse_product(p);
        left = right < 0 ? -1 : add_node(p, c == '+' ? OP_ADD : OP_SUB, left, right, 0, at);
    }
    return left;
}

expr *expr_parse(const char *text, char *err, size_t errlen, size_t *errpos)
{
    size_t len = strlen(text), dummy;
    if (!errpos)
        errpos = &dummy;
    *errpos = 0;
    if (len > EXPR_MAX_LEN) {
        snprintf(err, errlen, "formula longer than %d characters", EXPR_MAX_LEN);
        *errpos = EXPR_MAX_LEN;
        return NULL;
    }
    expr *e = calloc(1, sizeof *e);
    if (!e) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    memcpy(e->text, text, len + 1);
    /* depth -1: the outermost term is at nesting 0, each parenthesis, call,
     * sign and power around a term one more (EXPR_MAX_DEPTH allowed) */
    parser p = {.s = e->text, .e = e, .err = err, .errlen = errlen, .depth = -1};
    skip_space(&p);
    if (p.s[p.pos] == '\0')
        fail(&p, p.pos, "empty formula%s", "");
    else if ((e->root = parse_sum(&p)) >= 0) {
        skip_space(&p);
        char c = p.s[p.pos];
        if (c == ')')
            fail(&p, p.pos, "unmatched ')'%s", "");
        else if (c != '\0')
            fail(&p, p.pos, "expected an operator (+ - * / ^) here%s", "");
    }
    if (p.failed) {
        *errpos = p.errpos;
        free(e);
        return NULL;
    }
    return e;
}

void expr_free(expr *e)
{
    free(e);
}

const char *expr_text(const expr *e)
{
    return e->text;
}

int expr_uses(const expr *e)
{
    return e->uses;
}

int expr_column(const char *text, size_t pos)
{
    int col = 1;
    for (size_t i = 0; i < pos && text[i]; i++)
        if (((unsigned char)text[i] & 0xC0) != 0x80)
            col++;
    return col;
}

/* ---- evaluation ------------------------------------------------------- */

/* A value with its exact first and second partial derivatives in x and y. */
typedef struct {
    double v, x, y, xx, xy, yy;
} jet;

/* A product in which an exact zero wins over an infinite factor: the
 * derivative of sqrt(x) + y in y is 0 at x = 0, not 0 * inf = NaN. So a
 * non-finite derivative only spreads where it is really needed. */
static double mul0(double a, double b)
{
    return a == 0.0 || b == 0.0 ? 0.0 : a * b;
}

/* phi(a) for a function with derivatives d1 = phi'(a.v), d2 = phi''(a.v):
 * the chain rule to second order. */
static jet chain(const jet *a, double v, double d1, double d2)
{
    return (jet){
        v,
        mul0(d1, a->x),
        mul0(d1, a->y),
        mul0(d2, a->x * a->x) + mul0(d1, a->xx),
        mul0(d2, mul0(a->x, a->y)) + mul0(d1, a->xy),
        mul0(d2, a->y * a->y) + mul0(d1, a->yy),
    };
}

static jet jet_mul(const jet *a, const jet *b)
{
    return (jet){
        a->v * b->v,
        mul0(a->x, b->v) + mul0(a->v, b->x),
        mul0(a->y, b->v) + mul0(a->v, b->y),
        mul0(a->xx, b->v) + 2.0 * mul0(a->x, b->x) + mul0(a->v, b->xx),
        mul0(a->xy, b->v) + mul0(a->x, b->y) + mul0(a->y, b->x) + mul0(a->v, b->xy),
        mul0(a->yy, b->v) + 2.0 * mul0(a->y, b->y) + mul0(a->v, b->yy),
    };
}

/* q = a/b: q' = (a' - q b')/b, q'' = (a'' - 2 q' b' - q b'')/b (symmetrized). */
static jet jet_div(const jet *a, const jet *b)
{
    jet q;
    q.v = a->v / b->v;
    q.x = (a->x - q.v * b->x) / b->v;
    q.y = (a->y - q.v * b->y) / b->v;
    q.xx = (a->xx - 2.0 * q.x * b->x - q.v * b->xx) / b->v;
    q.xy = (a->xy - q.x * b->y - q.y * b->x - q.v * b->xy) / b->v;
    q.yy = (a->yy - 2.0 * q.y * b->y - q.v * b->yy) / b->v;
    return q;
}

/* u^c for a constant c: defined for negative u when c is an integer. The
 * derivative coefficients are exactly 0 where c makes them vanish, so x^1 and
 * x^2 stay smooth at x = 0. */
static jet jet_pow_const(const jet *a, double c)
{
    double u = a->v;
    if (c == 2.0)
        return chain(a, u * u, 2.0 * u, 2.0);
    if (c == 0.0)
        return chain(a, 1.0, 0.0, 0.0);
    double d1 = c * pow(u, c - 1.0);
    double d2 = c == 1.0 ? 0.0 : c * (c - 1.0) * pow(u, c - 2.0);
    return chain(a, pow(u, c), d1, d2);
}

/* a^b with b depending on x or y: exp(b log a), defined for a > 0 only. */
static jet jet_pow_general(const jet *a, const jet *b)
{
    if (!(a->v > 0)) {
        double nan = NAN;
        return (jet){nan, nan, nan, nan, nan, nan};
    }
    jet la = chain(a, log(a->v), 1.0 / a->v, -1.0 / (a->v * a->v));
    jet t = jet_mul(b, &la);
    double v = exp(t.v);
    return chain(&t, v, v, v);
}

static jet unary(op_kind op, const jet *a)
{
    double u = a->v;
    switch (op) {
    case OP_NEG: return chain(a, -u, -1.0, 0.0);
    case OP_SIN: return chain(a, sin(u), cos(u), -sin(u));
    case OP_COS: return chain(a, cos(u), -sin(u), -cos(u));
    case OP_TAN: {
        double t = tan(u), s = 1.0 + t * t;
        return chain(a, t, s, 2.0 * t * s);
    }
    case OP_EXP: {
        double v = exp(u);
        return chain(a, v, v, v);
    }
    case OP_LOG: return chain(a, log(u), 1.0 / u, -1.0 / (u * u));
    case OP_SQRT: {
        double s = sqrt(u);
        return chain(a, s, 0.5 / s, -0.25 / (s * u));
    }
    /* The kink at 0 takes the subgradient 0. */
    case OP_ABS: return chain(a, fabs(u), u > 0 ? 1.0 : u < 0 ? -1.0 : 0.0, 0.0);
    case OP_TANH: {
        double t = tanh(u), s = 1.0 - t * t;
        return chain(a, t, s, -2.0 * t * s);
    }
    case OP_SINH: return chain(a, sinh(u), cosh(u), sinh(u));
    case OP_COSH: return chain(a, cosh(u), sinh(u), cosh(u));
    case OP_ATAN: {
        double s = 1.0 / (1.0 + u * u);
        return chain(a, atan(u), s, -2.0 * u * s * s);
    }
    default: return *a;
    }
}

static jet eval_node(const expr *e, const node *n, const jet *J)
{
    const jet *a = n->a >= 0 ? &J[n->a] : NULL, *b = n->b >= 0 ? &J[n->b] : NULL;
    switch (n->op) {
    case OP_NUM: return (jet){n->num, 0, 0, 0, 0, 0};
    case OP_X: return (jet){0, 1, 0, 0, 0, 0};
    case OP_Y: return (jet){0, 0, 1, 0, 0, 0};
    case OP_ADD:
        return (jet){a->v + b->v, a->x + b->x, a->y + b->y,
                     a->xx + b->xx, a->xy + b->xy, a->yy + b->yy};
    case OP_SUB:
        return (jet){a->v - b->v, a->x - b->x, a->y - b->y,
                     a->xx - b->xx, a->xy - b->xy, a->yy - b->yy};
    case OP_MUL: return jet_mul(a, b);
    case OP_DIV: return jet_div(a, b);
    case OP_POW:
        return e->nodes[n->b].constant ? jet_pow_const(a, b->v) : jet_pow_general(a, b);
    /* The derivatives of the branch taken; the first argument on a tie. */
    case OP_MIN: return b->v < a->v ? *b : *a;
    case OP_MAX: return b->v > a->v ? *b : *a;
    default: return unary(n->op, a);
    }
}

double expr_eval(const expr *e, double x, double y, double g[2], double h[3])
{
    jet J[EXPR_MAX_NODES];
    /* Operands always precede their operation: one pass in order. */
    for (int i = 0; i < e->n; i++) {
        J[i] = eval_node(e, &e->nodes[i], J);
        if (e->nodes[i].op == OP_X)
            J[i].v = x;
        else if (e->nodes[i].op == OP_Y)
            J[i].v = y;
    }
    jet r = J[e->root];
    if (!isfinite(r.v))
        r.v = r.x = r.y = r.xx = r.xy = r.yy = NAN;
    /* A zero comes out +0 (-0 + 0 is +0): 0*x at x < 0 is -0, which every
     * screen and file would print as "-0". */
    r.v += 0.0;
    r.x += 0.0;
    r.y += 0.0;
    r.xx += 0.0;
    r.xy += 0.0;
    r.yy += 0.0;
    if (g) {
        g[0] = r.x;
        g[1] = r.y;
    }
    if (h) {
        h[0] = r.xx;
        h[1] = r.xy;
        h[2] = r.yy;
    }
    return r.v;
}

static double surface_eval(const surface *s, double x, double y, double g[2], double h[3])
{
    return expr_eval(s->ctx, x, y, g, h);
}

surface expr_surface(const expr *e)
{
    return (surface){
        .name = "formula",
        .formula = e->text,
        .note = "a formula surface",
        .eval = surface_eval,
        .ctx = e,
        .view = {-5, 5, -5, 5},
        .start = {-3, 3},
        .log_levels = 0,
        .nminima = 0,
    };
}
