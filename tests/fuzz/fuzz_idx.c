/* libFuzzer harness: the IDX reader (plain or gzip; it takes a path, so the
 * input goes through a memory-backed file), for labels and for images. */
#include "data/idx.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_path(data, size);
    char err[512];
    for (int ndims = 1; ndims <= 3; ndims += 2) {
        uint32_t dims[3];
        uint8_t *payload;
        if (idx_read(path, ndims, dims, &payload, err, sizeof err) == 0) {
            size_t total = 1;
            for (int k = 0; k < ndims; k++)
                total *= dims[k];
            volatile uint8_t last = payload[total - 1]; /* ASan: the whole payload exists */
            (void)last;
            free(payload);
        } else if (payload || !err[0]) {
            abort();
        }
    }
    return 0;
}
