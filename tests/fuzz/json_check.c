/* json_check.c — see json_check.h. */
#include "json_check.h"

#include <string.h>

typedef struct jp {
    const char *s, *p;
    int depth;
} jp;

static void ws(jp *j)
{
    while (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r')
        j->p++;
}

static int hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
           (c >= 'A' && c <= 'F');
}

static int string(jp *j)
{
    if (*j->p != '"')
        return 0;
    j->p++;
    for (;;) {
        unsigned char c = (unsigned char)*j->p;
        if (c == '"') {
            j->p++;
            return 1;
        }
        if (c < 0x20)
            return 0; /* raw control character, or the end of the text */
        if (c == '\\') {
            j->p++;
            char e = *j->p;
            if (e == 'u') {
                for (int i = 1; i <= 4; i++)
                    if (!hex(j->p[i]))
                        return 0;
                j->p += 5;
                continue;
            }
            if (!strchr("\"\\/bfnrt", e) || !e)
                return 0;
        }
        j->p++;
    }
}

static int number(jp *j)
{
    const char *p = j->p;
    if (*p == '-')
        p++;
    if (*p == '0')
        p++;
    else if (*p >= '1' && *p <= '9')
        while (*p >= '0' && *p <= '9')
            p++;
    else
        return 0;
    if (*p == '.') {
        p++;
        if (!(*p >= '0' && *p <= '9'))
            return 0;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!(*p >= '0' && *p <= '9'))
            return 0;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    j->p = p;
    return 1;
}

static int value(jp *j)
{
    ws(j);
    if (++j->depth > 512)
        return 0;
    int ok = 0;
    switch (*j->p) {
    case '{':
        j->p++;
        ws(j);
        if (*j->p == '}') {
            j->p++;
            ok = 1;
            break;
        }
        for (;;) {
            ws(j);
            if (!string(j))
                return 0;
            ws(j);
            if (*j->p++ != ':' || !value(j))
                return 0;
            ws(j);
            if (*j->p == ',') {
                j->p++;
                continue;
            }
            if (*j->p++ != '}')
                return 0;
            ok = 1;
            break;
        }
        break;
    case '[':
        j->p++;
        ws(j);
        if (*j->p == ']') {
            j->p++;
            ok = 1;
            break;
        }
        for (;;) {
            if (!value(j))
                return 0;
            ws(j);
            if (*j->p == ',') {
                j->p++;
                continue;
            }
            if (*j->p++ != ']')
                return 0;
            ok = 1;
            break;
        }
        break;
    case '"':
        ok = string(j);
        break;
    case 't':
        ok = strncmp(j->p, "true", 4) == 0 && (j->p += 4);
        break;
    case 'f':
        ok = strncmp(j->p, "false", 5) == 0 && (j->p += 5);
        break;
    case 'n':
        ok = strncmp(j->p, "null", 4) == 0 && (j->p += 4);
        break;
    default:
        ok = number(j);
    }
    j->depth--;
    return ok;
}

int mg_json_valid(const char *text, long *where)
{
    jp j = {text, text, 0};
    int ok = value(&j);
    if (ok) {
        ws(&j);
        ok = *j.p == 0;
    }
    if (where)
        *where = (long)(j.p - j.s);
    return ok;
}
