#include "palette.h"

#include <math.h>

/* Nine samples of matplotlib's viridis, interpolated linearly. */
static const rgb viridis[] = {
    {0x44, 0x01, 0x54}, {0x48, 0x28, 0x78}, {0x3e, 0x4a, 0x89}, {0x31, 0x68, 0x8e},
    {0x26, 0x82, 0x8e}, {0x1f, 0x9e, 0x89}, {0x35, 0xb7, 0x79}, {0x6e, 0xce, 0x58},
    {0xfd, 0xe7, 0x25},
};

static uint8_t mix(uint8_t a, uint8_t b, double u)
{
    return (uint8_t)lround(a + (b - a) * u);
}

rgb palette_ramp(double t)
{
    int n = (int)(sizeof viridis / sizeof viridis[0]) - 1;
    if (!(t > 0))
        return viridis[0];
    if (t >= 1)
        return viridis[n];
    double p = t * n;
    int i = (int)p;
    double u = p - i;
    return (rgb){mix(viridis[i].r, viridis[i + 1].r, u), mix(viridis[i].g, viridis[i + 1].g, u),
                 mix(viridis[i].b, viridis[i + 1].b, u)};
}

rgb palette_field(double t)
{
    /* Viridis with 40% of its colour taken out (mixed towards its own
     * luminance): still ordered dark to light, muted enough that the
     * optimizers' saturated colours stand out on every band. */
    rgb c = palette_ramp(t);
    double y = 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b;
    uint8_t g = (uint8_t)lround(y);
    return (rgb){mix(c.r, g, 0.4), mix(c.g, g, 0.4), mix(c.b, g, 0.4)};
}

rgb palette_shade(rgb c, double k)
{
    if (k <= 1)
        return (rgb){(uint8_t)lround(c.r * k), (uint8_t)lround(c.g * k), (uint8_t)lround(c.b * k)};
    double u = k - 1 > 1 ? 1 : k - 1;
    return (rgb){mix(c.r, 255, u), mix(c.g, 255, u), mix(c.b, 255, u)};
}

static const int cube_level[6] = {0, 95, 135, 175, 215, 255};

static int sq(int v)
{
    return v * v;
}

static int nearest_level(int v)
{
    int best = 0;
    for (int i = 1; i < 6; i++)
        if (sq(v - cube_level[i]) < sq(v - cube_level[best]))
            best = i;
    return best;
}

int palette_xterm(rgb c)
{
    int r = nearest_level(c.r), g = nearest_level(c.g), b = nearest_level(c.b);
    int cube = 16 + 36 * r + 6 * g + b;
    int dc = sq(c.r - cube_level[r]) + sq(c.g - cube_level[g]) + sq(c.b - cube_level[b]);
    /* The grey ramp 232-255 runs 8, 18, ..., 238. */
    int avg = (c.r + c.g + c.b) / 3;
    int k = (avg - 8 + 5) / 10;
    k = k < 0 ? 0 : k > 23 ? 23 : k;
    int grey = 8 + 10 * k;
    int dg = sq(c.r - grey) + sq(c.g - grey) + sq(c.b - grey);
    /* Greys only for greyish colours: the ramp's dark hues must stay hues. */
    int hi = c.r > c.g ? (c.r > c.b ? c.r : c.b) : (c.g > c.b ? c.g : c.b);
    int lo = c.r < c.g ? (c.r < c.b ? c.r : c.b) : (c.g < c.b ? c.g : c.b);
    return dg < dc && hi - lo < 24 ? 232 + k : cube;
}

/* The ramp for 256-colour backgrounds, picked by hand from the xterm cube:
 * its dark levels are too coarse (0 or 95 per channel) for a computed
 * nearest colour to keep viridis' hues. Dark purple, blue, teal, green,
 * olive: dim enough that the optimizers' colours stand out on every band. */
static const int ramp256[] = {53, 54, 60, 24, 23, 30, 29, 65, 64, 100, 136};

int palette_ramp_xterm(double t)
{
    int n = (int)(sizeof ramp256 / sizeof ramp256[0]);
    int i = (int)(t * n);
    return ramp256[i < 0 ? 0 : i >= n ? n - 1 : i];
}

int palette_colour(rgb c, colour_depth d)
{
    switch (d) {
    case DEPTH_TRUE: return (c.r << 16) | (c.g << 8) | c.b;
    case DEPTH_256: return palette_xterm(c);
    default: break;
    }
    return -1;
}

int palette_pick(rgb c, int basic, colour_depth d)
{
    switch (d) {
    case DEPTH_NONE: return -1;
    case DEPTH_8: return basic;
    default: return palette_colour(c, d);
    }
}
