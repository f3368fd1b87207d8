#include "surface.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

static double set(double g[2], double gx, double gy, double h[3], double hxx, double hxy,
                  double hyy)
{
    if (g) {
        g[0] = gx;
        g[1] = gy;
    }
    if (h) {
        h[0] = hxx;
        h[1] = hxy;
        h[2] = hyy;
    }
    return 0.0;
}

static double rosenbrock(const surface *s, double x, double y, double g[2], double h[3])
{
    (void)s;
    double a = 1.0 - x, b = y - x * x;
    set(g, -2.0 * a - 400.0 * x * b, 200.0 * b, h, 2.0 - 400.0 * y + 1200.0 * x * x, -400.0 * x,
        200.0);
    return a * a + 100.0 * b * b;
}

/* Sum of three squares a_i = c_i - x + x*y^i. */
static double beale(const surface *s, double x, double y, double g[2], double h[3])
{
    (void)s;
    static const double c[4] = {0, 1.5, 2.25, 2.625};
    double f = 0, gx = 0, gy = 0, hxx = 0, hxy = 0, hyy = 0;
    for (int i = 1; i <= 3; i++) {
        double yi = pow(y, i), yi1 = pow(y, i - 1);
        double a = c[i] - x + x * yi;
        double ax = yi - 1.0, ay = i * x * yi1;
        double axy = i * yi1, ayy = i >= 2 ? i * (i - 1) * x * pow(y, i - 2) : 0.0;
        f += a * a;
        gx += 2.0 * a * ax;
        gy += 2.0 * a * ay;
        hxx += 2.0 * ax * ax;
        hxy += 2.0 * (ax * ay + a * axy);
        hyy += 2.0 * (ay * ay + a * ayy);
    }
    set(g, gx, gy, h, hxx, hxy, hyy);
    return f;
}

static double booth(const surface *s, double x, double y, double g[2], double h[3])
{
    (void)s;
    double a = x + 2.0 * y - 7.0, b = 2.0 * x + y - 5.0;
    set(g, 2.0 * a + 4.0 * b, 4.0 * a + 2.0 * b, h, 10.0, 8.0, 10.0);
    return a * a + b * b;
}

static double himmelblau(const surface *s, double x, double y, double g[2], double h[3])
{
    (void)s;
    double a = x * x + y - 11.0, b = x + y * y - 7.0;
    set(g, 4.0 * x * a + 2.0 * b, 2.0 * a + 4.0 * y * b, h, 12.0 * x * x + 4.0 * y - 42.0,
        4.0 * x + 4.0 * y, 4.0 * x + 12.0 * y * y - 26.0);
    return a * a + b * b;
}

static double rastrigin(const surface *s, double x, double y, double g[2], double h[3])
{
    (void)s;
    double w = 2.0 * M_PI;
    set(g, 2.0 * x + 10.0 * w * sin(w * x), 2.0 * y + 10.0 * w * sin(w * y), h,
        2.0 + 10.0 * w * w * cos(w * x), 0.0, 2.0 + 10.0 * w * w * cos(w * y));
    return 20.0 + x * x - 10.0 * cos(w * x) + y * y - 10.0 * cos(w * y);
}

/* The cone term's gradient is taken as 0 at the origin (a subgradient); its
 * Hessian there is infinite. */
static double ackley(const surface *s, double x, double y, double g[2], double h[3])
{
    (void)s;
    double w = 2.0 * M_PI;
    double r = sqrt(0.5 * (x * x + y * y));
    double e1 = exp(-0.2 * r);
    double cx = cos(w * x), cy = cos(w * y), sx = sin(w * x), sy = sin(w * y);
    double e2 = exp(0.5 * (cx + cy));
    double gx = M_PI * sx * e2, gy = M_PI * sy * e2;
    double pi2 = M_PI * M_PI;
    double hxx = pi2 * e2 * (2.0 * cx - sx * sx);
    double hxy = -pi2 * sx * sy * e2;
    double hyy = pi2 * e2 * (2.0 * cy - sy * sy);
    if (r > 0) {
        double k = e1 * (0.2 * r + 1.0) / (r * r * r);
        gx += 2.0 * x * e1 / r;
        gy += 2.0 * y * e1 / r;
        hxx += 2.0 * e1 / r - x * x * k;
        hxy += -x * y * k;
        hyy += 2.0 * e1 / r - y * y * k;
    } else {
        hxx = hyy = INFINITY;
    }
    set(g, gx, gy, h, hxx, hxy, hyy);
    return -20.0 * e1 - e2 + M_E + 20.0;
}

static double saddle(const surface *s, double x, double y, double g[2], double h[3])
{
    (void)s;
    set(g, 2.0 * x, -2.0 * y, h, 2.0, 0.0, -2.0);
    return x * x - y * y;
}

static double monkey(const surface *s, double x, double y, double g[2], double h[3])
{
    (void)s;
    set(g, 3.0 * x * x - 3.0 * y * y, -6.0 * x * y, h, 6.0 * x, -6.0 * y, -6.0 * x);
    return x * x * x - 3.0 * x * y * y;
}

static double valley(const surface *s, double x, double y, double g[2], double h[3])
{
    (void)s;
    set(g, 2.0 * x, 128.0 * y, h, 2.0, 0.0, 128.0);
    return x * x + 64.0 * y * y;
}

static const surface builtins[] = {
    {.name = "rosenbrock", .formula = "(1-x)^2 + 100*(y-x^2)^2",
     .note = "a curved, flat-bottomed valley; minimum (1, 1)", .eval = rosenbrock,
     .view = {-2, 2, -1, 3}, .start = {-1.2, 1}, .log_levels = 1, .nminima = 1,
     .minima = {{1, 1}}},
    {.name = "beale", .formula = "(1.5-x+x*y)^2 + (2.25-x+x*y^2)^2 + (2.625-x+x*y^3)^2",
     .note = "steep walls, flat plateaus; minimum (3, 0.5)", .eval = beale,
     .view = {-4.5, 4.5, -4.5, 4.5}, .start = {0.5, -1.5}, .log_levels = 1, .nminima = 1,
     .minima = {{3, 0.5}}},
    {.name = "booth", .formula = "(x+2*y-7)^2 + (2*x+y-5)^2",
     .note = "a quadratic with Hessian eigenvalues 18 and 2; minimum (1, 3)", .eval = booth,
     .view = {-4, 6, -2, 8}, .start = {0, 0}, .log_levels = 1, .nminima = 1,
     .minima = {{1, 3}}},
    {.name = "himmelblau", .formula = "(x^2+y-11)^2 + (x+y^2-7)^2",
     .note = "four minima of equal height", .eval = himmelblau, .view = {-5, 5, -5, 5},
     .start = {-0.3, -0.9}, .log_levels = 1, .nminima = 4,
     .minima = {{3, 2},
                {-2.805118086952745, 3.131312518250573},
                {-3.779310253377747, -3.283185991286170},
                {3.584428340330492, -1.848126526964404}}},
    {.name = "rastrigin", .formula = "20 + x^2 - 10*cos(2*pi*x) + y^2 - 10*cos(2*pi*y)",
     .note = "a bowl covered in local minima; global minimum (0, 0)", .eval = rastrigin,
     .view = {-5.12, 5.12, -5.12, 5.12}, .start = {-2.3, 3.1}, .log_levels = 0,
     .nminima = 1, .minima = {{0, 0}}},
    {.name = "ackley",
     .formula = "-20*exp(-0.2*sqrt(0.5*(x^2+y^2))) - exp(0.5*(cos(2*pi*x)+cos(2*pi*y))) + e + 20",
     .note = "a nearly flat, rippled plain around one deep well at (0, 0)", .eval = ackley,
     .view = {-5, 5, -5, 5}, .start = {3.2, -2.6}, .log_levels = 0, .nminima = 1,
     .minima = {{0, 0}}},
    {.name = "saddle", .formula = "x^2 - y^2",
     .note = "a saddle point at (0, 0): gradient descent stalls on the ridge y = 0",
     .eval = saddle, .view = {-2, 2, -2, 2}, .start = {-1, 0}, .log_levels = 0,
     .nminima = 0},
    {.name = "monkey", .formula = "x^3 - 3*x*y^2",
     .note = "a monkey saddle at (0, 0): three ways down, Hessian zero at the centre",
     .eval = monkey, .view = {-2, 2, -2, 2}, .start = {1.2, 0.6}, .log_levels = 0,
     .nminima = 0},
    {.name = "valley", .formula = "x^2 + 64*y^2",
     .note = "an ill-conditioned bowl: Hessian eigenvalues 2 and 128, condition number 64",
     .eval = valley, .view = {-10, 10, -2.5, 2.5}, .start = {-9, 1.5}, .log_levels = 1,
     .nminima = 1, .minima = {{0, 0}}},
};

int surface_count(void)
{
    return (int)(sizeof builtins / sizeof builtins[0]);
}

const surface *surface_builtin(int i)
{
    return i >= 0 && i < surface_count() ? &builtins[i] : NULL;
}

const surface *surface_find(const char *name)
{
    for (int i = 0; i < surface_count(); i++)
        if (strcmp(builtins[i].name, name) == 0)
            return &builtins[i];
    return NULL;
}

const char *surface_names_list(void)
{
    return "rosenbrock, beale, booth, himmelblau, rastrigin, ackley, saddle, monkey, valley";
}

double surface_f(const surface *s, double x, double y)
{
    return s->eval(s, x, y, NULL, NULL);
}

void surface_grad(const surface *s, double x, double y, double g[2])
{
    s->eval(s, x, y, g, NULL);
}

void surface_hess(const surface *s, double x, double y, double h[3])
{
    s->eval(s, x, y, NULL, h);
}

double surface_min_distance(const surface *s, double x, double y)
{
    double best = -1;
    for (int i = 0; i < s->nminima; i++) {
        double d = hypot(x - s->minima[i][0], y - s->minima[i][1]);
        if (best < 0 || d < best)
            best = d;
    }
    return best;
}

/* One axis of a view: lo < hi, a span doubles resolve, not absurdly wide. */
static int axis_check(char axis, double lo, double hi, char *err, size_t errlen)
{
    double span = hi - lo, size = fmax(1, fmax(fabs(lo), fabs(hi)));
    char why[160];
    if (!isfinite(lo) || !isfinite(hi))
        snprintf(why, sizeof why, "is not finite");
    else if (!(lo < hi))
        snprintf(why, sizeof why, "is empty (it needs X0 < X1, Y0 < Y1)");
    else if (!(span <= SURFACE_VIEW_SPAN_MAX))
        snprintf(why, sizeof why, "is wider than %g", SURFACE_VIEW_SPAN_MAX);
    else if (span < SURFACE_VIEW_REL_MIN * size)
        snprintf(why, sizeof why,
                 "is too narrow for doubles to resolve (its width must be at least "
                 "%g x max(1, |%c|))",
                 SURFACE_VIEW_REL_MIN, axis);
    else
        return 0;
    if (err)
        snprintf(err, errlen, "the view's %c range [%.17g, %.17g] %s", axis, lo, hi, why);
    return -1;
}

void surface_view_equal(double v[4], double w, double h)
{
    double ux = (v[1] - v[0]) / w, uy = (v[3] - v[2]) / h;
    if (!(ux > 0 && uy > 0) || !isfinite(ux) || !isfinite(uy))
        return;
    double u = ux > uy ? ux : uy;
    double cx = 0.5 * (v[0] + v[1]), cy = 0.5 * (v[2] + v[3]);
    double hw = 0.5 * u * w, hh = 0.5 * u * h;
    v[0] = cx - hw;
    v[1] = cx + hw;
    v[2] = cy - hh;
    v[3] = cy + hh;
}

int surface_view_check(const double v[4], char *err, size_t errlen)
{
    if (axis_check('x', v[0], v[1], err, errlen) < 0)
        return -1;
    return axis_check('y', v[2], v[3], err, errlen);
}
