/* json.c — see json.h. */
#include "core/json.h"

void mg_json_string(FILE *out, const char *s, size_t n, int flags)
{
    int turtle = flags & MG_JSON_TURTLE;
    fputc('"', out);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\r': fputs("\\r", out); break;
        case '\t': fputs("\\t", out); break;
        case '<':
        case '>':
        case '&':
            if (flags & MG_JSON_HTML_SAFE)
                fprintf(out, turtle ? "\\u%04X" : "\\u%04x", c);
            else
                fputc(c, out);
            break;
        default:
            if (c < 0x20 || (turtle && c == 0x7f))
                fprintf(out, turtle ? "\\u%04X" : "\\u%04x", c);
            else
                fputc(c, out);
        }
    }
    fputc('"', out);
}
