/*
 * literal.c — lexical forms of the XSD datatypes Maillage uses, the
 * shape of BCP 47 language tags, and the label normalisation behind the
 * duplicate check (accents, case and punctuation removed).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "check/check_internal.h"

/* A cursor over the lexical form. */
typedef struct lx {
    const char *p, *end;
} lx;

static int digits(lx *x, size_t min, size_t max, long *val)
{
    size_t n = 0;
    long v = 0;
    while (x->p < x->end && isdigit((unsigned char)*x->p) && n < max) {
        v = v * 10 + (*x->p - '0');
        x->p++;
        n++;
    }
    if (val)
        *val = v;
    return n >= min;
}

static int lit(lx *x, char c)
{
    if (x->p < x->end && *x->p == c) {
        x->p++;
        return 1;
    }
    return 0;
}

/* -?YYYY+ (no leading zero beyond four digits) */
static int year(lx *x, long *y)
{
    lit(x, '-');
    const char *s = x->p;
    if (!digits(x, 4, 12, y))
        return 0;
    if (x->p - s > 4 && *s == '0')
        return 0;
    return 1;
}

static int month(lx *x, long *m)
{
    return digits(x, 2, 2, m) && *m >= 1 && *m <= 12;
}

static int days_in(long y, long m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return d[m - 1];
}

/* (Z | (+|-)hh:mm)? then the end */
static int tz_end(lx *x)
{
    if (x->p == x->end)
        return 1;
    if (lit(x, 'Z'))
        return x->p == x->end;
    if (*x->p != '+' && *x->p != '-')
        return 0;
    x->p++;
    long h, m;
    if (!digits(x, 2, 2, &h) || !lit(x, ':') || !digits(x, 2, 2, &m))
        return 0;
    if (h > 14 || m > 59 || (h == 14 && m != 0))
        return 0;
    return x->p == x->end;
}

static int time_part(lx *x)
{
    long h, m, s;
    if (!digits(x, 2, 2, &h) || !lit(x, ':') || !digits(x, 2, 2, &m) ||
        !lit(x, ':') || !digits(x, 2, 2, &s))
        return 0;
    int frac_nonzero = 0;
    if (lit(x, '.')) {
        const char *f = x->p;
        if (!digits(x, 1, 64, NULL))
            return 0;
        for (; f < x->p; f++)
            frac_nonzero |= *f != '0';
    }
    if (h == 24)
        return m == 0 && s == 0 && !frac_nonzero;
    return h < 24 && m < 60 && s < 60;
}

static int date_part(lx *x)
{
    long y, m, d;
    if (!year(x, &y) || !lit(x, '-') || !month(x, &m) || !lit(x, '-') ||
        !digits(x, 2, 2, &d))
        return 0;
    return d >= 1 && d <= days_in(y, m);
}

static int is_integer(lx *x)
{
    if (!lit(x, '+'))
        lit(x, '-');
    return digits(x, 1, (size_t)-1, NULL) && x->p == x->end;
}

static int is_decimal(lx *x)
{
    if (!lit(x, '+'))
        lit(x, '-');
    int a = digits(x, 1, (size_t)-1, NULL);
    int b = 0;
    if (lit(x, '.'))
        b = digits(x, 1, (size_t)-1, NULL);
    return (a || b) && x->p == x->end;
}

int mg_check_lexical_ok(const char *dt, const char *value, size_t len)
{
    size_t ns = strlen(NS_XSD);
    if (!dt || strncmp(dt, NS_XSD, ns) != 0)
        return -1;
    const char *t = dt + ns;
    lx x = {value, value + len};
    long y, m, d;
    if (strcmp(t, "date") == 0)
        return date_part(&x) && tz_end(&x);
    if (strcmp(t, "dateTime") == 0)
        return date_part(&x) && lit(&x, 'T') && time_part(&x) && tz_end(&x);
    if (strcmp(t, "time") == 0)
        return time_part(&x) && tz_end(&x);
    if (strcmp(t, "gYear") == 0)
        return year(&x, &y) && tz_end(&x);
    if (strcmp(t, "gYearMonth") == 0)
        return year(&x, &y) && lit(&x, '-') && month(&x, &m) && tz_end(&x);
    if (strcmp(t, "gMonthDay") == 0)
        return lit(&x, '-') && lit(&x, '-') && month(&x, &m) &&
               lit(&x, '-') && digits(&x, 2, 2, &d) && d >= 1 &&
               d <= days_in(2000, m) && tz_end(&x);
    if (strcmp(t, "integer") == 0 || strcmp(t, "long") == 0 ||
        strcmp(t, "int") == 0 || strcmp(t, "short") == 0 ||
        strcmp(t, "byte") == 0)
        return is_integer(&x);
    if (strcmp(t, "nonNegativeInteger") == 0 ||
        strcmp(t, "positiveInteger") == 0) {
        if (!is_integer(&x) || value[0] == '-')
            return len > 1 && value[0] == '-' &&
                   strspn(value + 1, "0") == len - 1; /* -0 */
        if (t[0] == 'p')
            return strspn(value + (value[0] == '+'), "0") <
                   len - (value[0] == '+');
        return 1;
    }
    if (strcmp(t, "decimal") == 0)
        return is_decimal(&x);
    if (strcmp(t, "boolean") == 0)
        return (len == 4 && memcmp(value, "true", 4) == 0) ||
               (len == 5 && memcmp(value, "false", 5) == 0) ||
               (len == 1 && (value[0] == '1' || value[0] == '0'));
    return -1;
}

int mg_check_langtag_ok(const char *tag)
{
    /* language (2-3 letters, or 4-8) or 'x'/'i' singleton, then subtags of
     * 1-8 letters/digits; a singleton primary needs a subtag */
    const char *p = tag;
    size_t n = 0;
    while (isalpha((unsigned char)p[n]))
        n++;
    if (n == 0 || n > 8)
        return 0;
    int singleton = n == 1;
    if (singleton && !strchr("xXiI", p[0]))
        return 0;
    p += n;
    int subtags = 0;
    while (*p == '-') {
        p++;
        n = 0;
        while (isalnum((unsigned char)p[n]))
            n++;
        if (n == 0 || n > 8)
            return 0;
        p += n;
        subtags++;
    }
    return *p == '\0' && (!singleton || subtags > 0);
}

/* The base letter(s) of a Latin-1 Supplement / Latin Extended-A code point
 * without its accent, or NULL when it has none (then it is kept). */
static const char *unaccent(unsigned cp)
{
    static const char *const l1[64] = {
        /* C0 */ "a", "a", "a", "a", "a", "a", "ae", "c",
        /* C8 */ "e", "e", "e", "e", "i", "i", "i", "i",
        /* D0 */ "d", "n", "o", "o", "o", "o", "o", NULL,
        /* D8 */ "o", "u", "u", "u", "u", "y", "th", "ss",
        /* E0 */ "a", "a", "a", "a", "a", "a", "ae", "c",
        /* E8 */ "e", "e", "e", "e", "i", "i", "i", "i",
        /* F0 */ "d", "n", "o", "o", "o", "o", "o", NULL,
        /* F8 */ "o", "u", "u", "u", "u", "y", "th", "y"};
    if (cp >= 0xC0 && cp <= 0xFF)
        return l1[cp - 0xC0];
    if (cp == 0x152 || cp == 0x153)
        return "oe";
    if (cp >= 0x100 && cp <= 0x17F) { /* Latin Extended-A, by letter */
        static const char base[] =
            "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkklllllll"
            "lllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
        static const char letters[] = "a\0b\0c\0d\0e\0f\0g\0h\0i\0j\0k\0l\0m\0"
                                      "n\0o\0p\0q\0r\0s\0t\0u\0v\0w\0x\0y\0z";
        return &letters[2 * (base[cp - 0x100] - 'a')];
    }
    return NULL;
}

/* Punctuation and spaces outside ASCII that separate words. */
static int is_sep_cp(unsigned cp)
{
    return cp == 0xA0 || cp == 0xAB || cp == 0xBB || cp == 0xB7 ||
           (cp >= 0x2000 && cp <= 0x206F) || cp == 0x202F || cp == 0x3000;
}

char *mg_check_normalize_label(const char *s, size_t len)
{
    char *out = malloc(2 * len + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    int space = 1; /* drop leading separators */
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        unsigned cp = c;
        size_t n = 1;
        if (c >= 0xC0 && c < 0xE0 && i + 1 < len) {
            cp = ((c & 0x1Fu) << 6) | ((unsigned char)s[i + 1] & 0x3Fu);
            n = 2;
        } else if (c >= 0xE0 && c < 0xF0 && i + 2 < len) {
            cp = ((c & 0x0Fu) << 12) | (((unsigned char)s[i + 1] & 0x3Fu) << 6) |
                 ((unsigned char)s[i + 2] & 0x3Fu);
            n = 3;
        } else if (c >= 0xF0 && i + 3 < len) {
            n = 4;
            cp = 0x10000;
        }
        if (cp < 0x80) {
            if (isalnum(c)) {
                out[o++] = (char)tolower(c);
                space = 0;
            } else if (!space) {
                out[o++] = ' ';
                space = 1;
            }
        } else if (is_sep_cp(cp)) {
            if (!space) {
                out[o++] = ' ';
                space = 1;
            }
        } else {
            const char *b = unaccent(cp);
            if (b) {
                for (; *b; b++)
                    out[o++] = *b;
            } else {
                memcpy(out + o, s + i, n);
                o += n;
            }
            space = 0;
        }
        i += n;
    }
    while (o > 0 && out[o - 1] == ' ')
        o--;
    out[o] = '\0';
    return out;
}
