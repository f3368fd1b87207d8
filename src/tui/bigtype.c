/* The 3x5 font and its drawing at any scale. */
#define _XOPEN_SOURCE_EXTENDED 1
#include "bigtype.h"

#include <curses.h>

/* Glyphs of ' ' to '~': five rows, top first, each an octal digit whose
 * bits 4, 2, 1 are the left, middle and right dots. */
static const char *const font[95] = {
    "00000", "22202", "55000", "57575", "36236", "51245", "25253", "22000", /*  !"#$%&' */
    "24442", "21112", "05250", "02720", "00024", "00700", "00002", "11244", /* ()*+,-./ */
    "75557", "26227", "71747", "71717", "55711", "74717", "74757", "71111", /* 01234567 */
    "75757", "75717", "02020", "02024", "12421", "07070", "42124", "71202", /* 89:;<=>? */
    "25743", "25755", "65656", "34443", "65556", "74647", "74644", "34557", /* @ABCDEFG */
    "55755", "72227", "11157", "55655", "44447", "57755", "57775", "25552", /* HIJKLMNO */
    "65644", "25573", "65655", "34216", "72222", "55557", "55552", "55775", /* PQRSTUVW */
    "55255", "55222", "71247", "64446", "44211", "32223", "25000", "00007", /* XYZ[\]^_ */
    "42000", "00353", "44656", "00343", "11353", "03743", "12722", "35316", /* `abcdefg */
    "44655", "20222", "10116", "44565", "62227", "00775", "00655", "00252", /* hijklmno */
    "06564", "03531", "00344", "03616", "27223", "00557", "00552", "00577", /* pqrstuvw */
    "00525", "55316", "07127", "32623", "22222", "62326", "03600",          /* xyz{|}~ */
};

int bigtype_scales(bigtype_scale *out, int max, int utf8)
{
    static const bigtype_scale all[] = {{4, 4}, {3, 3}, {2, 2}, {1, 2}, {1, 1}};
    int n = 0;
    for (int i = 0; i < (int)(sizeof all / sizeof all[0]) && n < max; i++)
        if (utf8 || all[i].ph % 2 == 0)
            out[n++] = all[i];
    return n;
}

/* Whether dot (col, row) of glyph g is set; the gap column 3 and row 5 never. */
static int dot(const char *g, int col, int row)
{
    if (col > 2 || row > 4)
        return 0;
    return ((g[row] - '0') >> (2 - col)) & 1;
}

void bigtype_put(int y, int x, char ch, bigtype_scale s, int utf8, const char *blank)
{
    const char *g = font[(ch >= ' ' && ch <= '~' ? ch : '?') - ' '];
    for (int r = 0; r < bigtype_rows(s); r++)
        for (int c = 0; c < bigtype_cols(s); c++) {
            int top = dot(g, c / s.pw, (2 * r) / s.ph);
            int bottom = dot(g, c / s.pw, (2 * r + 1) / s.ph);
            if (!top && !bottom) {
                if (blank)
                    mvaddstr(y + r, x + c, blank);
                continue;
            }
            if (!utf8)
                mvaddch(y + r, x + c, '#');
            else
                mvaddstr(y + r, x + c, top && bottom ? "\xe2\x96\x88" /* full block */
                                       : top         ? "\xe2\x96\x80" /* upper half */
                                                     : "\xe2\x96\x84" /* lower half */);
        }
}
