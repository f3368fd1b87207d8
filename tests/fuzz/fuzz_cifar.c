/* libFuzzer harness: one CIFAR-10 binary-layout batch (label byte + 3072
 * pixels per record). */
#include "data/cifar.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dataset_part part = {0};
    char err[512];
    if (cifar_bin_batch(data, size, &part, err, sizeof err) == 0) {
        if (part.n != size / CIFAR_RECORD)
            abort();
        for (size_t i = 0; i < part.n; i++)
            if (part.y[i] >= 10)
                abort();
    } else if (part.n != 0 || !err[0]) {
        abort();
    }
    dataset_part_free(&part);
    return 0;
}
