/* libFuzzer harness: the scene file parser (through a memory-backed file, as
 * scene_load reads a path), then the race the scene describes, run briefly. */
#include "core/race.h"
#include "fuzz.h"
#include "scene/scene.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 64 * 1024)
        return 0; /* lines are capped at 1000 characters; longer files add nothing */
    const char *path = fuzz_path(data, size);
    static scene sc;
    char err[2048];
    if (scene_load(path, &sc, err, sizeof err) < 0) {
        if (!err[0])
            abort();
        return 0;
    }
    race_config cfg;
    if (scene_race_config(&sc, &cfg, err, sizeof err) == 0) {
        race rc;
        if (race_init(&rc, &cfg) == 0) {
            race_run(&rc, 20);
            race_free(&rc);
        }
    }
    (void)scene_caption_at(&sc, 0);
    (void)scene_caption_at(&sc, sc.steps);
    scene_free(&sc);
    return 0;
}
