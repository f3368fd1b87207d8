/* libFuzzer harness: the [walkthrough NAME] section reader, for every
 * walkthrough, then the walkthrough rebuilt from what it read. */
#include "fuzz.h"
#include "walk/walkscene.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_text(data, size);
    /* walk_init builds every step (random search is slow): once per walkthrough */
    enum { MAXW = 32 };
    static walk base[MAXW], w;
    static int ready;
    if (!ready++)
        for (int i = 0; i < walk_count() && i < MAXW; i++)
            walk_init(&base[i], i);
    char err[1024];
    for (int i = 0; i < walk_count() && i < MAXW; i++) {
        w = base[i];
        if (walkscene_parse(&w, text, "fuzz.scene", err, sizeof err) < 0 && !err[0])
            abort();
    }
    free(text);
    return 0;
}
