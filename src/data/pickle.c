#include "pickle.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Memo indices above this are not something CIFAR's files need. */
#define MEMO_MAX (1u << 22)

typedef struct {
    const uint8_t *buf;
    size_t len, pos, op_at;
    pickle *out;
    pv **stack;
    size_t depth, stack_cap;
    pv **memo;
    size_t memo_cap;
    char *err;
    size_t errlen;
} reader;

static int fail(reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(reader *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->err, r->errlen, fmt, ap);
    va_end(ap);
    return -1;
}

static pv *new_value(reader *r, pv_kind kind)
{
    pv *v = calloc(1, sizeof *v);
    if (!v)
        return NULL;
    v->kind = kind;
    v->next_alloc = r->out->allocs;
    r->out->allocs = v;
    return v;
}

static int push(reader *r, pv *v)
{
    if (!v)
        return fail(r, "out of memory reading pickle");
    if (r->depth == r->stack_cap) {
        size_t cap = r->stack_cap ? 2 * r->stack_cap : 64;
        pv **s = realloc(r->stack, cap * sizeof *s);
        if (!s)
            return fail(r, "out of memory reading pickle");
        r->stack = s;
        r->stack_cap = cap;
    }
    r->stack[r->depth++] = v;
    return 0;
}

static pv *pop(reader *r)
{
    if (r->depth == 0 || r->stack[r->depth - 1]->kind == PV_MARK) {
        fail(r, "pickle stack underflow at offset %zu", r->op_at);
        return NULL;
    }
    return r->stack[--r->depth];
}

static pv *top(reader *r)
{
    if (r->depth == 0 || r->stack[r->depth - 1]->kind == PV_MARK) {
        fail(r, "pickle stack underflow at offset %zu", r->op_at);
        return NULL;
    }
    return r->stack[r->depth - 1];
}

/* Position of the topmost MARK, or -1 after reporting. */
static long find_mark(reader *r)
{
    for (size_t k = r->depth; k-- > 0;)
        if (r->stack[k]->kind == PV_MARK)
            return (long)k;
    fail(r, "pickle has no MARK for the opcode at offset %zu", r->op_at);
    return -1;
}

static int add_item(reader *r, pv *c, pv *item)
{
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 8;
        pv **it = realloc(c->items, cap * sizeof *it);
        if (!it)
            return fail(r, "out of memory reading pickle");
        c->items = it;
        c->cap = cap;
    }
    c->items[c->n++] = item;
    return 0;
}

static int need(reader *r, size_t n)
{
    if (r->len - r->pos < n)
        return fail(r, "pickle truncated at offset %zu (opcode at %zu needs %zu more bytes)",
                    r->len, r->op_at, n);
    return 0;
}

static uint32_t read_u32(reader *r)
{
    const uint8_t *p = r->buf + r->pos;
    r->pos += 4;
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int op_int(reader *r, int width)
{
    if (need(r, (size_t)width) < 0)
        return -1;
    long long v;
    if (width == 4) {
        v = (int32_t)read_u32(r);
    } else {
        v = r->buf[r->pos];
        if (width == 2)
            v |= (long long)r->buf[r->pos + 1] << 8;
        r->pos += (size_t)width;
    }
    pv *x = new_value(r, PV_INT);
    if (x)
        x->i = v;
    return push(r, x);
}

/* LONG1: n bytes of little-endian two's complement. */
static int op_long1(reader *r)
{
    if (need(r, 1) < 0)
        return -1;
    size_t n = r->buf[r->pos++];
    if (n > 8)
        return fail(r, "pickle LONG1 of %zu bytes at offset %zu is too large", n, r->op_at);
    if (need(r, n) < 0)
        return -1;
    unsigned long long u = 0;
    for (size_t k = 0; k < n; k++)
        u |= (unsigned long long)r->buf[r->pos + k] << (8 * k);
    if (n > 0 && n < 8 && (r->buf[r->pos + n - 1] & 0x80))
        u |= ~0ull << (8 * n);
    r->pos += n;
    pv *x = new_value(r, PV_INT);
    if (x)
        x->i = (long long)u;
    return push(r, x);
}

static int op_string(reader *r, int width)
{
    size_t n;
    if (need(r, (size_t)width) < 0)
        return -1;
    if (width == 1) {
        n = r->buf[r->pos++];
    } else {
        uint32_t u = read_u32(r);
        if (u > 0x7fffffffu)
            return fail(r, "pickle string at offset %zu has a negative length", r->op_at);
        n = u;
    }
    if (need(r, n) < 0)
        return -1;
    pv *x = new_value(r, PV_STR);
    if (x) {
        x->str = r->buf + r->pos;
        x->len = n;
    }
    r->pos += n;
    return push(r, x);
}

/* GLOBAL: "module\nname\n". */
static int op_global(reader *r)
{
    const uint8_t *parts[2];
    size_t lens[2];
    for (int k = 0; k < 2; k++) {
        const uint8_t *start = r->buf + r->pos;
        const uint8_t *nl = memchr(start, '\n', r->len - r->pos);
        if (!nl)
            return fail(r, "pickle truncated in GLOBAL at offset %zu", r->op_at);
        parts[k] = start;
        lens[k] = (size_t)(nl - start);
        r->pos += lens[k] + 1;
    }
    pv *x = new_value(r, PV_GLOBAL);
    if (x) {
        x->str = parts[0];
        x->len = lens[0];
        x->str2 = parts[1];
        x->len2 = lens[1];
    }
    return push(r, x);
}

/* Moves the items above the topmost MARK into c (or, for a dict, as pairs). */
static int collect(reader *r, pv *c, int pairs)
{
    long m = find_mark(r);
    if (m < 0)
        return -1;
    size_t n = r->depth - (size_t)m - 1;
    if (pairs && n % 2)
        return fail(r, "pickle SETITEMS at offset %zu has an odd number of items", r->op_at);
    for (size_t k = 0; k < n; k++)
        if (add_item(r, c, r->stack[(size_t)m + 1 + k]) < 0)
            return -1;
    r->depth = (size_t)m;
    return 0;
}

static int op_tuple(reader *r, int n)
{
    pv *t = new_value(r, PV_TUPLE);
    if (!t)
        return fail(r, "out of memory reading pickle");
    if (n < 0) {
        if (collect(r, t, 0) < 0)
            return -1;
    } else {
        if (r->depth < (size_t)n)
            return fail(r, "pickle stack underflow at offset %zu", r->op_at);
        for (int k = 0; k < n; k++) {
            pv *it = r->stack[r->depth - (size_t)n + (size_t)k];
            if (it->kind == PV_MARK)
                return fail(r, "pickle stack underflow at offset %zu", r->op_at);
            if (add_item(r, t, it) < 0)
                return -1;
        }
        r->depth -= (size_t)n;
    }
    return push(r, t);
}

/* APPEND(S) and SETITEM(S): the container sits just below the MARK (or the items). */
static int op_extend(reader *r, pv_kind want, int many)
{
    pv *c;
    if (many) {
        long m = find_mark(r);
        if (m < 1)
            return m < 0 ? -1 : fail(r, "pickle stack underflow at offset %zu", r->op_at);
        c = r->stack[m - 1];
        if (c->kind != want)
            return fail(r, "pickle opcode at offset %zu adds items to a non-%s", r->op_at,
                        want == PV_LIST ? "list" : "dict");
        return collect(r, c, want == PV_DICT);
    }
    size_t k = want == PV_DICT ? 2 : 1;
    if (r->depth < k + 1)
        return fail(r, "pickle stack underflow at offset %zu", r->op_at);
    c = r->stack[r->depth - k - 1];
    if (c->kind != want)
        return fail(r, "pickle opcode at offset %zu adds items to a non-%s", r->op_at,
                    want == PV_LIST ? "list" : "dict");
    for (size_t j = 0; j < k; j++) {
        pv *it = r->stack[r->depth - k + j];
        if (it->kind == PV_MARK)
            return fail(r, "pickle stack underflow at offset %zu", r->op_at);
        if (add_item(r, c, it) < 0)
            return -1;
    }
    r->depth -= k;
    return 0;
}

static int op_reduce(reader *r)
{
    pv *args = pop(r);
    pv *fn = args ? pop(r) : NULL;
    if (!fn)
        return -1;
    if (fn->kind != PV_GLOBAL || args->kind != PV_TUPLE)
        return fail(r, "pickle REDUCE at offset %zu does not apply a GLOBAL to a tuple",
                    r->op_at);
    pv *o = new_value(r, PV_OBJECT);
    if (o) {
        o->callable = fn;
        o->args = args;
    }
    return push(r, o);
}

static int op_build(reader *r)
{
    pv *state = pop(r);
    pv *o = state ? top(r) : NULL;
    if (!o)
        return -1;
    if (o->kind != PV_OBJECT || o->state)
        return fail(r, "pickle BUILD at offset %zu has no fresh object to build", r->op_at);
    o->state = state;
    return 0;
}

static int memo_put(reader *r, size_t idx)
{
    pv *v = top(r);
    if (!v)
        return -1;
    if (idx >= MEMO_MAX)
        return fail(r, "pickle memo index %zu at offset %zu is too large", idx, r->op_at);
    if (idx >= r->memo_cap) {
        size_t cap = r->memo_cap ? r->memo_cap : 256;
        while (cap <= idx)
            cap *= 2;
        pv **m = realloc(r->memo, cap * sizeof *m);
        if (!m)
            return fail(r, "out of memory reading pickle");
        memset(m + r->memo_cap, 0, (cap - r->memo_cap) * sizeof *m);
        r->memo = m;
        r->memo_cap = cap;
    }
    r->memo[idx] = v;
    return 0;
}

static int memo_get(reader *r, size_t idx)
{
    if (idx >= r->memo_cap || !r->memo[idx])
        return fail(r, "pickle memo %zu at offset %zu was never stored", idx, r->op_at);
    return push(r, r->memo[idx]);
}

static int op_memo(reader *r, int width, int put)
{
    if (need(r, (size_t)width) < 0)
        return -1;
    size_t idx = width == 1 ? r->buf[r->pos++] : read_u32(r);
    return put ? memo_put(r, idx) : memo_get(r, idx);
}

static int op_simple(reader *r, pv_kind kind, long long i)
{
    pv *x = new_value(r, kind);
    if (x)
        x->i = i;
    return push(r, x);
}

static int op_proto(reader *r)
{
    if (need(r, 1) < 0)
        return -1;
    int v = r->buf[r->pos++];
    if (v < 2 || r->op_at != 0)
        return fail(r, "pickle PROTO %d at offset %zu: only a leading protocol 2 is read", v,
                    r->op_at);
    if (v > 2)
        return fail(r, "pickle protocol %d is newer than the protocol 2 this reader knows", v);
    return 0;
}

static pv mark_value = {.kind = PV_MARK};

/* Runs one opcode; returns 1 at STOP, 0 to go on, -1 on error. */
static int step(reader *r)
{
    r->op_at = r->pos;
    int op = r->buf[r->pos++];
    switch (op) {
    case 0x80: return op_proto(r);
    case '}': return push(r, new_value(r, PV_DICT));
    case ']': return push(r, new_value(r, PV_LIST));
    case ')': return push(r, new_value(r, PV_TUPLE));
    case '(': return push(r, &mark_value);
    case 'X': return op_string(r, 4);
    case 'U': return op_string(r, 1);
    case 'T': return op_string(r, 4);
    case 'J': return op_int(r, 4);
    case 'K': return op_int(r, 1);
    case 'M': return op_int(r, 2);
    case 0x8a: return op_long1(r);
    case 'a': return op_extend(r, PV_LIST, 0);
    case 'e': return op_extend(r, PV_LIST, 1);
    case 's': return op_extend(r, PV_DICT, 0);
    case 'u': return op_extend(r, PV_DICT, 1);
    case 'c': return op_global(r);
    case 't': return op_tuple(r, -1);
    case 0x85: return op_tuple(r, 1);
    case 0x86: return op_tuple(r, 2);
    case 0x87: return op_tuple(r, 3);
    case 'R': return op_reduce(r);
    case 'b': return op_build(r);
    case 'q': return op_memo(r, 1, 1);
    case 'r': return op_memo(r, 4, 1);
    case 'h': return op_memo(r, 1, 0);
    case 'j': return op_memo(r, 4, 0);
    case 0x88: return op_simple(r, PV_BOOL, 1);
    case 0x89: return op_simple(r, PV_BOOL, 0);
    case 'N': return op_simple(r, PV_NONE, 0);
    case '.': return 1;
    default:
        if (op >= 0x20 && op < 0x7f)
            return fail(r, "unexpected pickle opcode 0x%02x '%c' at offset %zu", op, op, r->op_at);
        return fail(r, "unexpected pickle opcode 0x%02x at offset %zu", op, r->op_at);
    }
}

static int run(reader *r)
{
    while (r->pos < r->len) {
        int s = step(r);
        if (s < 0)
            return -1;
        if (s == 1) {
            if (r->depth != 1 || r->stack[0]->kind == PV_MARK)
                return fail(r, "pickle STOP at offset %zu leaves %zu values, want 1", r->op_at,
                            r->depth);
            if (r->pos != r->len)
                return fail(r, "%zu bytes after the pickle's STOP at offset %zu",
                            r->len - r->pos, r->op_at);
            r->out->root = r->stack[0];
            return 0;
        }
    }
    return fail(r, "pickle truncated at offset %zu (no STOP)", r->len);
}

int pickle_parse(const uint8_t *buf, size_t len, pickle *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    reader r = {.buf = buf, .len = len, .out = out, .err = err, .errlen = errlen};
    int rc = run(&r);
    free(r.stack);
    free(r.memo);
    if (rc < 0)
        pickle_free(out);
    return rc;
}

void pickle_free(pickle *p)
{
    pv *v = p->allocs;
    while (v) {
        pv *next = v->next_alloc;
        free(v->items);
        free(v);
        v = next;
    }
    p->allocs = NULL;
    p->root = NULL;
}

static int bytes_are(const uint8_t *b, size_t n, const char *s)
{
    return strlen(s) == n && memcmp(b, s, n) == 0;
}

int pickle_str_is(const pv *v, const char *s)
{
    return v && v->kind == PV_STR && bytes_are(v->str, v->len, s);
}

int pickle_global_is(const pv *v, const char *module, const char *name)
{
    return v && v->kind == PV_GLOBAL && bytes_are(v->str, v->len, module) &&
           bytes_are(v->str2, v->len2, name);
}

const pv *pickle_dict_get(const pv *dict, const char *key)
{
    if (!dict || dict->kind != PV_DICT)
        return NULL;
    for (size_t k = 0; k + 1 < dict->n; k += 2)
        if (pickle_str_is(dict->items[k], key))
            return dict->items[k + 1];
    return NULL;
}
