/* libFuzzer harness: the model (checkpoint) decoder; every number of a
 * decoded model is read back (ASan checks the sizes). */
#include "data/checkpoint.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    checkpoint c;
    char err[512];
    if (checkpoint_decode(data, size, &c, err, sizeof err) < 0) {
        if (c.mean || c.w || !err[0])
            abort();
        return 0;
    }
    size_t nw = (size_t)c.classes * ((size_t)c.dim + 1);
    volatile double sum = 0;
    for (int j = 0; j < c.dim; j++)
        sum += c.mean[j];
    for (size_t i = 0; i < nw; i++)
        sum += c.w[i];
    (void)sum;
    checkpoint_free(&c);
    return 0;
}
