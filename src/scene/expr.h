/* Formulas in x and y ("(1-x)^2 + 100*(y-x^2)^2"): a recursive-descent
 * parser to a small tree, and its evaluation with forward-mode automatic
 * differentiation, so a formula surface has the exact gradient and Hessian
 * of a built-in one. Grammar, functions and the rules at undefined points are
 * documented in docs/scene-format.md. */
#ifndef DESCENT_EXPR_H
#define DESCENT_EXPR_H

#include <stddef.h>

#include "../core/surface.h"

#define EXPR_MAX_LEN 1000  /* characters of formula text */
#define EXPR_MAX_NODES 512 /* numbers, names and operations in the tree */
#define EXPR_MAX_DEPTH 100 /* nesting of parentheses, calls, signs and powers */

#define EXPR_USES_X 1
#define EXPR_USES_Y 2

typedef struct expr expr;

/* Parses text. Returns the formula, or NULL with a message in err and the
 * byte offset of the offending text in *errpos (may be NULL). */
expr *expr_parse(const char *text, char *err, size_t errlen, size_t *errpos);
void expr_free(expr *e);

/* The formula as written. */
const char *expr_text(const expr *e);
/* EXPR_USES_X | EXPR_USES_Y: which variables appear. */
int expr_uses(const expr *e);

/* f at (x, y); fills g = (fx, fy) and h = (fxx, fxy, fyy) when not NULL.
 * Where f is undefined everything is NaN; where only a derivative is
 * undefined (sqrt at 0) that derivative is non-finite. */
double expr_eval(const expr *e, double x, double y, double g[2], double h[3]);

/* A surface evaluating e (ctx = e), named "formula", with view [-5,5]^2,
 * start (-3, 3) and no known minima. Valid while e lives; the struct itself
 * may be copied freely. */
surface expr_surface(const expr *e);

/* 1-based column of byte offset pos in text, counting UTF-8 characters. */
int expr_column(const char *text, size_t pos);

#endif
