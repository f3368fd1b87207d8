/* libFuzzer harness: the playground's readers (through a memory-backed
 * file, as they read a path): the points CSV, then a few training steps on
 * what it held, and the same bytes as a weights file and as a classify
 * scene. A refusal must come with a message. */
#include "core/classify.h"
#include "data/points.h"
#include "fuzz.h"
#include "scene/scene.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 64 * 1024)
        return 0; /* lines are capped at 1024 characters; longer files add nothing */
    const char *path = fuzz_path(data, size);
    char err[2048] = "";
    point_set ps;
    if (points_load_csv(path, &ps, err, sizeof err) == 0) {
        classify_model m = {.loss = CLASSIFY_SOFTMAX, .features = FEATURES_PLAYGROUND,
                            .classes = ps.classes, .reg = 0.1};
        classify_points view = points_view(&ps);
        double w[CLASSIFY_CLASSES_MAX * (CLASSIFY_FEATURES_MAX + 1)] = {0};
        optim_params op = classify_optim_defaults(OPTIM_ADAM);
        classify_trainer t;
        if (classify_trainer_init(&t, &m, &view, w, &op) == 0) {
            for (int i = 0; i < 3; i++)
                classify_trainer_step(&t);
            classify_trainer_free(&t);
        }
        points_free(&ps);
    } else if (!err[0]) {
        abort();
    }
    double w[CLASSIFY_CLASSES_MAX * (CLASSIFY_FEATURES_MAX + 1)];
    err[0] = '\0';
    if (points_load_weights(path, 3, 2, w, err, sizeof err) < 0 && !err[0])
        abort();
    static scene sc;
    err[0] = '\0';
    if (scene_load_classify(path, &sc, err, sizeof err) == 0)
        scene_free(&sc);
    else if (!err[0])
        abort();
    return 0;
}
