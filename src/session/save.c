#include "save.h"

#include <stdio.h>
#include <string.h>

#include "../core/hparams.h"
#include "../data/checkpoint.h"

const char *save_penalty_name(reg_kind k)
{
    return k == REG_L2 ? "l2" : k == REG_L1 ? "l1" : "elastic";
}

void save_hparams(const trainer *t, char *buf, size_t len)
{
    char opt[200];
    hparams_format(&t->cfg.opt, opt, sizeof opt);
    char net[64] = "";
    if (t->cfg.arch == MODEL_MLP)
        snprintf(net, sizeof net, "net=mlp hidden=%d act=%s init=%g ", t->cfg.hidden,
                 mlp_act_name(t->cfg.act), t->cfg.init_scale);
    snprintf(buf, len, "%smodel=%s opt=%s %s reg=%g penalty=%s batch=%d iters=%ld seed=%lu", net,
             model_loss_name(t->cfg.model), optim_name(t->cfg.opt.kind), opt, t->cfg.reg,
             save_penalty_name(t->cfg.reg_kind), t->cfg.batch, t->iter, t->cfg.seed);
}

int save_write(const char *path, const trainer *t, const dataset *ds, char *err, size_t errlen)
{
    checkpoint c;
    memset(&c, 0, sizeof c);
    c.arch = t->m.cfg.arch;
    c.hidden = t->m.cfg.hidden;
    c.act = t->m.cfg.act;
    c.classes = t->classes;
    c.dim = t->dim;
    c.width = ds ? ds->width : 0;
    c.height = ds ? ds->height : 0;
    c.channels = ds ? ds->channels : 0;
    snprintf(c.dataset, sizeof c.dataset, "%s", ds ? ds->name : "unknown");
    if (ds)
        memcpy(c.class_names, ds->class_names, sizeof c.class_names);
    save_hparams(t, c.hparams, sizeof c.hparams);
    c.mean = t->mean;
    c.w = t->w;
    return checkpoint_save(path, &c, err, errlen);
}
