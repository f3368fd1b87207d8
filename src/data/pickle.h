/* A strict reader for the Python-2 cPickle protocol-2 files of CIFAR-10's
 * python layout. It knows exactly the opcodes those files use and turns them
 * into a small tree of values; anything else is an error naming the opcode
 * and its offset. It never calls anything: GLOBAL and REDUCE only record
 * which callable was named, so the caller can check it is numpy's. */
#ifndef DESCENT_PICKLE_H
#define DESCENT_PICKLE_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
    PV_NONE,
    PV_BOOL,
    PV_INT,
    PV_STR,    /* byte or unicode string: bytes point into the input buffer */
    PV_LIST,
    PV_TUPLE,
    PV_DICT,   /* items hold key, value, key, value, ... */
    PV_GLOBAL, /* str = module, str2 = name */
    PV_OBJECT, /* REDUCE result: callable(args), then BUILD's state */
    PV_MARK
} pv_kind;

typedef struct pv {
    pv_kind kind;
    long long i;
    const uint8_t *str, *str2;
    size_t len, len2;
    struct pv **items;
    size_t n, cap;
    struct pv *callable, *args, *state;
    struct pv *next_alloc; /* every value is freed through this chain */
} pv;

typedef struct {
    pv *root;
    pv *allocs;
} pickle;

/* Parses buf[0..len) (which must outlive the result). Returns 0, or -1 with
 * a message like "unexpected pickle opcode 0x63 'c' at offset 2068". */
int pickle_parse(const uint8_t *buf, size_t len, pickle *out, char *err, size_t errlen);
void pickle_free(pickle *p);

/* The value under a string key of a dict, or NULL. */
const pv *pickle_dict_get(const pv *dict, const char *key);
/* 1 when v is a string equal to s. */
int pickle_str_is(const pv *v, const char *s);
/* 1 when v is a GLOBAL naming module.name. */
int pickle_global_is(const pv *v, const char *module, const char *name);

#endif
