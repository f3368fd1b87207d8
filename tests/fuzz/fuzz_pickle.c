/* libFuzzer harness: the protocol-2 pickle reader, alone and as the CIFAR-10
 * python-layout batch reader that checks the tree it builds. */
#include "data/cifar.h"
#include "data/pickle.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pickle p;
    char err[512];
    if (pickle_parse(data, size, &p, err, sizeof err) == 0) {
        (void)pickle_dict_get(p.root, "labels");
        (void)pickle_dict_get(p.root, "label_names");
        pickle_free(&p);
    } else if (!err[0]) {
        abort();
    }
    dataset_part part = {0};
    if (cifar_py_batch(data, size, &part, err, sizeof err) == 0) {
        for (size_t i = 0; i < part.n; i++)
            if (part.y[i] >= 10)
                abort();
    }
    dataset_part_free(&part);
    return 0;
}
