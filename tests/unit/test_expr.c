/* Formula parsing and exact derivatives. Gradients are checked against
 * centered differences of f, Hessians against centered differences of the
 * gradient, values against the same formula written in C here, and the
 * built-in surfaces' formula strings against their hand-derived analytic
 * code in core/surface.c. */
#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scene/expr.h"

static expr *parse_ok(const char *text)
{
    char err[256];
    size_t pos;
    expr *e = expr_parse(text, err, sizeof err, &pos);
    if (!e)
        fail_msg("'%s' did not parse: %s at %zu", text, err, pos);
    return e;
}

static double value(const char *text, double x, double y)
{
    expr *e = parse_ok(text);
    double f = expr_eval(e, x, y, NULL, NULL);
    expr_free(e);
    return f;
}

static void test_precedence(void **state)
{
    (void)state;
    assert_near(value("2^3^2", 0, 0), 512, 0);
    assert_near(value("-2^2", 0, 0), -4, 0);
    assert_near(value("(-2)^2", 0, 0), 4, 0);
    assert_near(value("2*3+4", 0, 0), 10, 0);
    assert_near(value("2+3*4", 0, 0), 14, 0);
    assert_near(value("10-4-3", 0, 0), 3, 0);
    assert_near(value("12/3/2", 0, 0), 2, 0);
    assert_near(value("2^-1", 0, 0), 0.5, 0);
    assert_near(value("- -x", 7, 0), 7, 0);
    assert_near(value("+x", 7, 0), 7, 0);
    assert_near(value("2*-x", 3, 0), -6, 0);
    assert_near(value("x - y", 5, 2), 3, 0);
    assert_near(value("  x*(y + 1)  ", 2, 3), 8, 0);
    assert_near(value("1.5e2 + .5 + 2.", 0, 0), 152.5, 0);
    assert_near(value("1E-1", 0, 0), 0.1, 0);
    assert_near(value("pi", 0, 0), M_PI, 0);
    assert_near(value("e", 0, 0), M_E, 0);
    assert_near(value("min(x, y) + 10*max(x, y)", 2, 5), 52, 0);
    assert_near(value("pow(x, 3)", -2, 0), -8, 0);
    assert_near(value("x^3", -2, 0), -8, 0);
    assert_near(value("abs(x)", -2, 0), 2, 0);
}

static void test_functions_values(void **state)
{
    (void)state;
    double x = 0.3, y = -0.7;
    assert_near(value("sin(x)+cos(y)", x, y), sin(x) + cos(y), 1e-15);
    assert_near(value("tan(x)*exp(y)", x, y), tan(x) * exp(y), 1e-15);
    assert_near(value("log(x)-sqrt(x)", x, y), log(x) - sqrt(x), 1e-15);
    assert_near(value("tanh(y)+sinh(y)+cosh(y)", x, y), tanh(y) + sinh(y) + cosh(y), 1e-15);
    assert_near(value("atan(y/x)", x, y), atan(y / x), 1e-15);
    assert_near(value("x^y", x, y), pow(x, y), 1e-15);
}

/* Formulas covering every operation, and points where all are defined. */
static const char *const smooth[] = {
    "x*y",
    "x/y + y/x",
    "(1-x)^2 + 100*(y-x^2)^2",
    "sin(x*y) + cos(x - 2*y)",
    "tan(0.3*x) * exp(0.5*y)",
    "log(1 + x^2 + y^2)",
    "sqrt(2 + x^2 + x*y + y^2)",
    "tanh(x*y) + sinh(0.5*x) * cosh(0.3*y)",
    "atan(x^3 - y)",
    "pow(1.5 + sin(x), y)",
    "(2 + cos(y))^(0.3*x + 1)",
    "abs(x - 5) + x^2.5/10 + x^-1",
    "-x^3*y + 3*y^4/(1 + x^2)",
    "min(x^2 + y, 20) + max(x*y, -20)",
    "2^x * e^y",
    "-20*exp(-0.2*sqrt(0.5*(x^2+y^2))) - exp(0.5*(cos(2*pi*x)+cos(2*pi*y))) + e + 20",
};

static void check_fd(const expr *e, double x, double y)
{
    const double h = 1e-5;
    double g[2], H[3];
    double f = expr_eval(e, x, y, g, H);
    assert_true(isfinite(f));
    double gp[2], gm[2], tmp[2];
    /* gradient from f */
    double fx = (expr_eval(e, x + h, y, NULL, NULL) - expr_eval(e, x - h, y, NULL, NULL)) / (2 * h);
    double fy = (expr_eval(e, x, y + h, NULL, NULL) - expr_eval(e, x, y - h, NULL, NULL)) / (2 * h);
    assert_close(g[0], fx, 1e-6);
    assert_close(g[1], fy, 1e-6);
    /* Hessian from the gradient: rows x and y */
    expr_eval(e, x + h, y, gp, NULL);
    expr_eval(e, x - h, y, gm, NULL);
    assert_close(H[0], (gp[0] - gm[0]) / (2 * h), 1e-6);
    assert_close(H[1], (gp[1] - gm[1]) / (2 * h), 1e-6);
    expr_eval(e, x, y + h, gp, NULL);
    expr_eval(e, x, y - h, gm, NULL);
    assert_close(H[1], (gp[0] - gm[0]) / (2 * h), 1e-6);
    assert_close(H[2], (gp[1] - gm[1]) / (2 * h), 1e-6);
    /* the value does not depend on what else is asked for */
    assert_true(expr_eval(e, x, y, NULL, NULL) == f);
    assert_true(expr_eval(e, x, y, tmp, NULL) == f);
}

static void test_finite_differences(void **state)
{
    (void)state;
    int checked = 0;
    for (size_t k = 0; k < sizeof smooth / sizeof smooth[0]; k++) {
        expr *e = parse_ok(smooth[k]);
        /* 7 x 7 points in [-1.9, 1.9]^2 avoiding 0 (x/y, x^-1) and the abs kink. */
        for (int i = 0; i < 7; i++)
            for (int j = 0; j < 7; j++) {
                double x = -1.9 + 0.61 * i + 0.013, y = -1.9 + 0.62 * j + 0.017;
                if (strstr(smooth[k], "x^2.5") && x <= 0)
                    continue;
                check_fd(e, x, y);
                checked++;
            }
        expr_free(e);
    }
    assert_true(checked > 700);
}

/* Each built-in's formula string, parsed, against its analytic code. */
static void test_builtins_match(void **state)
{
    (void)state;
    for (int i = 0; i < surface_count(); i++) {
        const surface *s = surface_builtin(i);
        expr *e = parse_ok(s->formula);
        surface fs = expr_surface(e);
        for (int a = 0; a <= 10; a++)
            for (int b = 0; b <= 10; b++) {
                double x = s->view[0] + (s->view[1] - s->view[0]) * (a + 0.37) / 11;
                double y = s->view[2] + (s->view[3] - s->view[2]) * (b + 0.29) / 11;
                double g1[2], h1[3], g2[2], h2[3];
                double f1 = s->eval(s, x, y, g1, h1);
                double f2 = fs.eval(&fs, x, y, g2, h2);
                const double tol = 1e-11;
                assert_close(f2, f1, tol);
                for (int k = 0; k < 2; k++)
                    assert_close(g2[k], g1[k], tol);
                for (int k = 0; k < 3; k++)
                    assert_close(h2[k], h1[k], tol);
            }
        expr_free(e);
    }
    /* Ackley's cone tip: both give the subgradient 0 and an infinite curvature */
    const surface *s = surface_find("ackley");
    expr *e = parse_ok(s->formula);
    double g[2], h[3];
    assert_near(expr_eval(e, 0, 0, g, h), 0, 1e-15);
    assert_near(g[0], 0, 0);
    assert_near(g[1], 0, 0);
    assert_true(isinf(h[0]) && h[0] > 0 && isinf(h[2]) && h[2] > 0);
    assert_near(h[1], 0, 0);
    expr_free(e);
}

static void test_undefined(void **state)
{
    (void)state;
    expr *e = parse_ok("log(x) + y");
    double g[2], h[3];
    assert_true(isnan(expr_eval(e, -1, 0, g, h)));
    assert_true(isnan(g[0]) && isnan(g[1]) && isnan(h[0]) && isnan(h[1]) && isnan(h[2]));
    assert_true(isnan(expr_eval(e, 0, 0, g, h))); /* log 0 = -inf: undefined too */
    expr_free(e);

    e = parse_ok("1/x + y");
    assert_true(isnan(expr_eval(e, 0, 1, g, NULL)));
    assert_true(isnan(g[0]));
    expr_free(e);

    /* f defined, gradient not: sqrt at 0 */
    e = parse_ok("sqrt(x) + y");
    assert_near(expr_eval(e, 0, 1, g, h), 1, 0);
    assert_false(isfinite(g[0]));
    assert_near(g[1], 1, 0);
    assert_true(isnan(expr_eval(e, -1, 1, g, h)));
    expr_free(e);

    /* a variable exponent needs a positive base */
    e = parse_ok("x^y");
    assert_true(isnan(expr_eval(e, -2, 2, g, NULL)));
    expr_free(e);
    /* a constant one does not */
    e = parse_ok("x^(1+1) + x^3 + y^(-1)");
    assert_near(expr_eval(e, -2, 1, g, h), 4 - 8 + 1, 0);
    assert_near(g[0], -4 + 12, 0);
    assert_near(h[0], 2 - 12, 0);
    assert_near(g[1], -1, 0);
    assert_near(h[2], 2, 0);
    /* and x^1, x^2, x^3 stay smooth at 0 */
    assert_near(expr_eval(e, 0, 1, g, h), 1, 0);
    assert_near(g[0], 0, 0);
    assert_near(h[0], 2, 0);
    expr_free(e);

    /* abs takes the subgradient 0 at its kink */
    e = parse_ok("abs(x) + abs(y)");
    assert_near(expr_eval(e, 0, 0, g, h), 0, 0);
    assert_near(g[0], 0, 0);
    assert_near(g[1], 0, 0);
    expr_free(e);
}

static void test_uses(void **state)
{
    (void)state;
    struct {
        const char *text;
        int uses;
    } cases[] = {
        {"x^2", EXPR_USES_X}, {"y", EXPR_USES_Y}, {"x*y", EXPR_USES_X | EXPR_USES_Y},
        {"3 + pi", 0},        {"sin(e)", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        expr *e = parse_ok(cases[i].text);
        assert_int_equal(expr_uses(e), cases[i].uses);
        assert_string_equal(expr_text(e), cases[i].text);
        expr_free(e);
    }
}

static void expect_error(const char *text, int col, const char *words)
{
    char err[256];
    size_t pos = 999;
    expr *e = expr_parse(text, err, sizeof err, &pos);
    if (e)
        fail_msg("'%s' parsed; wanted an error at column %d", text, col);
    if (expr_column(text, pos) != col || !strstr(err, words))
        fail_msg("'%s': got column %d '%s', want column %d '%s'", text, expr_column(text, pos),
                 err, col, words);
}

static void test_errors(void **state)
{
    (void)state;
    expect_error("sine(x) + y", 1, "unknown function 'sine'");
    expect_error("x^2 + sine(y)", 7, "unknown function 'sine'");
    expect_error("x + * y", 5, "unexpected '*'");
    expect_error("(x + y", 7, "unexpected end of formula: expected ')'");
    expect_error("x y", 3, "expected an operator");
    expect_error("2x", 2, "expected an operator");
    expect_error("x + 1)", 6, "unmatched ')'");
    expect_error("z + 1", 1, "unknown name 'z'");
    expect_error("x + sin x", 5, "function 'sin' needs its argument in parentheses");
    expect_error("pow(x)", 6, "expected ',' and a second argument");
    expect_error("sin(x, y)", 6, "'sin' takes one argument");
    expect_error("max(x, y, 1)", 9, "'max' takes two arguments");
    expect_error("", 1, "empty formula");
    expect_error("   ", 4, "empty formula");
    expect_error("x +", 4, "unexpected end of formula");
    expect_error("x $ y", 3, "expected an operator");
    expect_error("1e999 * x", 1, "too large");
    expect_error("x + .", 5, "expected a number after '.'");
    expect_error("x + \xc3\xa9", 5, "unexpected '\xc3\xa9'");
    assert_int_equal(expr_column("\xc3\xa9\xc3\xa9 x", 5), 4);
}

/* Deep nesting is an error, not a stack overflow; so is a long chain. */
static void test_limits(void **state)
{
    (void)state;
    char *s = malloc(EXPR_MAX_LEN + 2);
    char err[256];
    size_t pos;
    int n = EXPR_MAX_LEN / 2;
    memset(s, '(', (size_t)n);
    s[n] = 'x';
    memset(s + n + 1, ')', (size_t)(n - 1));
    s[2 * n] = '\0';
    assert_null(expr_parse(s, err, sizeof err, &pos));
    assert_non_null(strstr(err, "nested too deeply"));

    memset(s, '-', EXPR_MAX_LEN - 1);
    strcpy(s + EXPR_MAX_LEN - 1, "x");
    assert_null(expr_parse(s, err, sizeof err, &pos));
    assert_non_null(strstr(err, "nested too deeply"));

    /* x+x+...: parsed by a loop, but too many terms */
    for (int i = 0; i < EXPR_MAX_LEN / 2; i++)
        memcpy(s + 2 * i, "x+", 2);
    strcpy(s + EXPR_MAX_LEN - 2, "x");
    assert_null(expr_parse(s, err, sizeof err, &pos));
    assert_non_null(strstr(err, "too large"));

    memset(s, ' ', EXPR_MAX_LEN + 1);
    s[EXPR_MAX_LEN + 1] = '\0';
    assert_null(expr_parse(s, err, sizeof err, &pos));
    assert_non_null(strstr(err, "longer than"));

    /* 40 nested parentheses are fine */
    n = 40;
    memset(s, '(', (size_t)n);
    s[n] = 'y';
    memset(s + n + 1, ')', (size_t)n);
    s[2 * n + 1] = '\0';
    expr *e = parse_ok(s);
    assert_near(expr_eval(e, 0, 4, NULL, NULL), 4, 0);
    expr_free(e);
    free(s);
}

static void test_surface(void **state)
{
    (void)state;
    expr *e = parse_ok("x^2 + 3*y^2");
    surface s = expr_surface(e);
    assert_string_equal(s.formula, "x^2 + 3*y^2");
    assert_near(surface_f(&s, 1, 2), 13, 0);
    double g[2], h[3];
    surface_grad(&s, 1, 2, g);
    surface_hess(&s, 1, 2, h);
    assert_near(g[0], 2, 0);
    assert_near(g[1], 12, 0);
    assert_near(h[0], 2, 0);
    assert_near(h[1], 0, 0);
    assert_near(h[2], 6, 0);
    assert_near(s.view[0], -5, 0);
    assert_near(s.view[3], 5, 0);
    expr_free(e);
}

/* A zero value or derivative is +0, never -0 (which prints as "-0"):
 * 0*x at x < 0, -(x*0), x*y where y is -0, 0*x^2 + 0*y. */
static void test_no_negative_zero(void **state)
{
    (void)state;
    const char *f[] = {"0*x", "-(x*0)", "x*y", "0*x^2 + 0*y"};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        expr *e = parse_ok(f[i]);
        double out[6];
        out[0] = expr_eval(e, -0.5, -0.0, out + 1, out + 3);
        for (int k = 0; k < 6; k++)
            assert_false(out[k] == 0 && signbit(out[k]));
        expr_free(e);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_precedence),   cmocka_unit_test(test_functions_values),
        cmocka_unit_test(test_finite_differences), cmocka_unit_test(test_builtins_match),
        cmocka_unit_test(test_undefined),    cmocka_unit_test(test_uses),
        cmocka_unit_test(test_errors),       cmocka_unit_test(test_limits),
        cmocka_unit_test(test_surface),      cmocka_unit_test(test_no_negative_zero),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
