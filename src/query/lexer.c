/*
 * lexer.c — the query tokenizer (see lexer.h): turns the query text into
 * (code, pointer, length) tokens for the lemon parser, allocating nothing.
 * It validates what it can see locally — escapes, UTF-8, terminators — so
 * those errors point at the exact character; everything about the order
 * of tokens is the grammar's business.
 */
#include "query/lexer.h"
#include "core/util.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

/* ---- characters ---------------------------------------------------- */

/*
 * Decodes one UTF-8 sequence at s (n bytes available).  Returns its length
 * and stores the code point, or returns 0 for an invalid sequence
 * (overlong, surrogate, truncated, beyond U+10FFFF).
 */
static int utf8_decode(const unsigned char *s, int n, unsigned *cp)
{
    unsigned c = s[0];
    int len;
    unsigned min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if ((c & 0xE0) == 0xC0) {
        len = 2, min = 0x80, c &= 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3, min = 0x800, c &= 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4, min = 0x10000, c &= 0x07;
    } else {
        return 0;
    }
    if (len > n)
        return 0;
    for (int i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return len;
}

/* Non-ASCII characters that are not letters for our purposes: spaces and
 * the punctuation an analyst may paste from a document (« » “ ” ‘ ’ …).
 * Everything else above U+007F may appear in a name (Hélène, Ŝ, 東京). */
static int is_unicode_space(unsigned cp)
{
    return cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
           cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F ||
           cp == 0x3000 || cp == 0xFEFF;
}

static int is_unicode_punct(unsigned cp)
{
    return cp == 0xAB || cp == 0xBB || cp == 0xA7 || cp == 0xB6 ||
           cp == 0xD7 || cp == 0xF7 || (cp >= 0x2010 && cp <= 0x205E) ||
           (cp >= 0x3001 && cp <= 0x3003) || (cp >= 0xFF01 && cp <= 0xFF0F);
}

static int is_ascii_ident_start(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int is_digit(int c) { return c >= '0' && c <= '9'; }

/* Length of the identifier character at p (0 if none).  `start` excludes
 * digits.  Invalid UTF-8 ends an identifier; the main loop reports it. */
static int ident_char(const mg_lexer *lx, int p, int start)
{
    if (p >= lx->size)
        return 0;
    unsigned char c = (unsigned char)lx->text[p];
    if (c < 0x80)
        return is_ascii_ident_start(c) || (!start && is_digit(c)) ? 1 : 0;
    unsigned cp;
    int n = utf8_decode((const unsigned char *)lx->text + p, lx->size - p, &cp);
    if (n == 0 || is_unicode_space(cp) || is_unicode_punct(cp))
        return 0;
    return n;
}

/* End of the identifier starting at p (p itself if there is none). */
static int ident_end(const mg_lexer *lx, int p)
{
    int n = ident_char(lx, p, 1);
    if (n == 0)
        return p;
    p += n;
    while ((n = ident_char(lx, p, 0)) > 0)
        p += n;
    return p;
}

/* ---- keywords ------------------------------------------------------ */

static const struct {
    const char *word;
    int code;
} keywords[] = {
    {"MATCH", TK_MATCH},       {"OPTIONAL", TK_OPTIONAL},
    {"WHERE", TK_WHERE},       {"RETURN", TK_RETURN},
    {"WITH", TK_WITH},         {"DISTINCT", TK_DISTINCT},
    {"AS", TK_AS},             {"ORDER", TK_ORDER},
    {"BY", TK_BY},             {"ASC", TK_ASC},
    {"ASCENDING", TK_ASC},     {"DESC", TK_DESC},
    {"DESCENDING", TK_DESC},   {"SKIP", TK_SKIP},
    {"LIMIT", TK_LIMIT},       {"UNION", TK_UNION},
    {"ALL", TK_ALL},           {"AND", TK_AND},
    {"OR", TK_OR},             {"XOR", TK_XOR},
    {"NOT", TK_NOT},           {"IS", TK_IS},
    {"NULL", TK_NULL},         {"IN", TK_IN},
    {"STARTS", TK_STARTS},     {"ENDS", TK_ENDS},
    {"CONTAINS", TK_CONTAINS}, {"TRUE", TK_TRUE},
    {"FALSE", TK_FALSE},       {"EXPLAIN", TK_EXPLAIN},
    {"PROFILE", TK_PROFILE},
};

static int keyword_code(const char *z, int n)
{
    if (n > 10)
        return 0;
    for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++) {
        const char *w = keywords[i].word;
        if ((int)strlen(w) != n)
            continue;
        int j = 0;
        while (j < n && (z[j] == w[j] || z[j] == w[j] + ('a' - 'A')))
            j++;
        if (j == n)
            return keywords[i].code;
    }
    return 0;
}

/* ---- token classes ------------------------------------------------- */

int mg_lexer_ends_operand(int code)
{
    switch (code) {
    case TK_ID: case TK_PNAME: case TK_IRI: case TK_STRING:
    case TK_INTEGER: case TK_DECIMAL: case TK_PARAM: case TK_TRUE:
    case TK_FALSE: case TK_NULL: case TK_RP: case TK_RB: case TK_RBRACE:
        return 1;
    default:
        return 0;
    }
}

/* Innermost open bracket, 0 at top level or beyond the recorded depth. */
static char innermost(const mg_lexer *lx)
{
    if (lx->depth <= 0 || lx->depth > MG_LEX_MAX_NEST)
        return 0;
    return lx->open[lx->depth - 1];
}

/* Where a name must come next: a label or type after ':' (but not a
 * value after a map key's ':'), a property after '.', a type after '|'. */
static int name_expected(const mg_lexer *lx)
{
    return (lx->prev == TK_COLON && innermost(lx) != '{') ||
           lx->prev == TK_DOT || lx->prev == TK_PIPE;
}

int mg_lexer_init(mg_lexer *lx, const char *text)
{
    memset(lx, 0, sizeof *lx);
    size_t n = strlen(text);
    if (n >= INT_MAX)
        return -1;
    lx->text = text;
    lx->size = (int)n;
    lx->prev = MG_TK_END;
    return 0;
}

static int lex_error(mg_lexer *lx, mg_token *tok, int pos, int len,
                     const char *msg)
{
    snprintf(lx->err, sizeof lx->err, "%s", msg);
    tok->code = -1;
    tok->z = lx->text + pos;
    tok->pos = pos;
    tok->len = len;
    return -1;
}

/* IRI characters per RDF 1.1 (IRIREF): no controls, space or <>"{}|^`\ */
static int iri_char_ok(unsigned char c)
{
    return c > 0x20 && !strchr("<>\"{}|^`\\", c);
}

/*
 * Tries an IRI `<…>` at p.  Returns its end (past '>'), or -1 when the
 * text there is not an IRI; *why then says why, for the positions where
 * an IRI was the only possibility.  An IRI must contain ':' (a scheme),
 * which is what keeps `a <b> c`-like comparisons apart.
 */
static int scan_iri(const mg_lexer *lx, int p, const char **why)
{
    int q = p + 1, colon = 0;
    while (q < lx->size && lx->text[q] != '>') {
        unsigned char c = (unsigned char)lx->text[q];
        if (!iri_char_ok(c)) {
            *why = (c <= 0x20 || c == '<') ? "unterminated IRI"
                                          : "invalid character in IRI";
            return -1;
        }
        if (c == ':')
            colon = 1;
        q++;
    }
    if (q >= lx->size) {
        *why = "unterminated IRI";
        return -1;
    }
    if (!colon || q == p + 1) {
        *why = "an IRI needs a scheme, as in <http://…>";
        return -1;
    }
    return q + 1;
}

/* Reads 4 hex digits at p; -1 if they are not there. */
static int hex4(const mg_lexer *lx, int p)
{
    if (p + 4 > lx->size)
        return -1;
    int v = 0;
    for (int i = 0; i < 4; i++) {
        int h = mg_hex_digit((unsigned char)lx->text[p + i]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

/*
 * Scans a string literal opened by the quote at p, checking escapes and
 * UTF-8 so that the parser can unescape blindly.  Returns the end (past
 * the closing quote) or -1 with the error in lx->err and tok.
 */
static int scan_string(mg_lexer *lx, mg_token *tok, int p)
{
    char quote = lx->text[p];
    int q = p + 1;
    for (;;) {
        if (q >= lx->size)
            return lex_error(lx, tok, p, 1, "unterminated string");
        unsigned char c = (unsigned char)lx->text[q];
        if (c == (unsigned char)quote)
            return q + 1;
        if (c == '\\') {
            char e = q + 1 < lx->size ? lx->text[q + 1] : '\0';
            if (e && strchr("\\'\"ntrbf/", e)) {
                q += 2;
                continue;
            }
            if (e != 'u')
                return lex_error(lx, tok, q, e ? 2 : 1,
                                 "unknown escape in string (use \\\\ \\' "
                                 "\\\" \\n \\t \\r or \\uXXXX)");
            int v = hex4(lx, q + 2);
            if (v < 0)
                return lex_error(lx, tok, q, 2,
                                 "\\u must be followed by 4 hex digits");
            if (v >= 0xD800 && v <= 0xDBFF) {
                int w = (q + 7 < lx->size && lx->text[q + 6] == '\\' &&
                         lx->text[q + 7] == 'u') ? hex4(lx, q + 8) : -1;
                if (w < 0xDC00 || w > 0xDFFF)
                    return lex_error(lx, tok, q, 6,
                                     "unpaired surrogate in \\u escape");
                q += 12;
                continue;
            }
            if (v >= 0xDC00 && v <= 0xDFFF)
                return lex_error(lx, tok, q, 6,
                                 "unpaired surrogate in \\u escape");
            q += 6;
            continue;
        }
        if (c >= 0x80) {
            unsigned cp;
            int n = utf8_decode((const unsigned char *)lx->text + q,
                                lx->size - q, &cp);
            if (n == 0)
                return lex_error(lx, tok, q, 1, "invalid UTF-8 in string");
            q += n;
            continue;
        }
        q++;
    }
}

/* Skips spaces and comments; -1 on an unterminated comment. */
static int skip_blank(mg_lexer *lx, mg_token *tok)
{
    for (;;) {
        if (lx->pos >= lx->size)
            return 0;
        unsigned char c = (unsigned char)lx->text[lx->pos];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
            c == '\v') {
            lx->pos++;
        } else if (c == '/' && lx->pos + 1 < lx->size &&
                   lx->text[lx->pos + 1] == '/') {
            while (lx->pos < lx->size && lx->text[lx->pos] != '\n')
                lx->pos++;
        } else if (c == '/' && lx->pos + 1 < lx->size &&
                   lx->text[lx->pos + 1] == '*') {
            const char *end = strstr(lx->text + lx->pos + 2, "*/");
            if (!end)
                return lex_error(lx, tok, lx->pos, 2,
                                 "unterminated comment: /* without */");
            lx->pos = (int)(end - lx->text) + 2;
        } else if (c >= 0x80) {
            unsigned cp;
            int n = utf8_decode((const unsigned char *)lx->text + lx->pos,
                                lx->size - lx->pos, &cp);
            if (n == 0 || !is_unicode_space(cp))
                return 0;
            lx->pos += n;
        } else {
            return 0;
        }
    }
}

/* The operators and brackets, longest first. */
static const struct {
    const char *op;
    int code;
} ops[] = {
    {"<>", TK_NE}, {"!=", TK_NE}, {"<=", TK_LE}, {">=", TK_GE},
    {"=~", TK_REGEX}, {"->", TK_ARROW_R}, {"..", TK_DOTDOT},
    {"=", TK_EQ}, {"<", TK_LT}, {">", TK_GT}, {"+", TK_PLUS},
    {"-", TK_MINUS}, {"*", TK_STAR}, {"/", TK_SLASH}, {"%", TK_PERCENT},
    {".", TK_DOT}, {",", TK_COMMA}, {":", TK_COLON}, {"|", TK_PIPE},
    {"(", TK_LP}, {")", TK_RP}, {"[", TK_LB}, {"]", TK_RB},
    {"{", TK_LBRACE}, {"}", TK_RBRACE}, {";", TK_SEMI},
};

static int scan(mg_lexer *lx, mg_token *tok)
{
    if (skip_blank(lx, tok) < 0)
        return -1;
    int p = lx->pos;
    tok->pos = p;
    tok->z = lx->text + p;
    tok->len = 0;
    if (p >= lx->size)
        return tok->code = MG_TK_END;

    const char *s = lx->text;
    unsigned char c = (unsigned char)s[p];
    int code = 0, end = p;

    if (c == '`') {
        /* `any text`, a backquote written twice inside */
        int q = p + 1;
        for (;;) {
            if (q >= lx->size)
                return lex_error(lx, tok, p, 1,
                                 "unterminated quoted name: ` without `");
            if (s[q] == '`') {
                if (q + 1 < lx->size && s[q + 1] == '`') {
                    q += 2;
                    continue;
                }
                break;
            }
            q++;
        }
        if (q == p + 1)
            return lex_error(lx, tok, p, 2, "empty quoted name ``");
        code = TK_ID, end = q + 1;
    } else if (ident_char(lx, p, 1)) {
        end = ident_end(lx, p);
        if (name_expected(lx)) {
            code = TK_ID;
            /* prefix:local, no spaces: one prefixed name */
            if (end < lx->size && s[end] == ':') {
                int q = end + 1, n;
                while ((n = ident_char(lx, q, 0)) > 0)
                    q += n;
                if (q > end + 1)
                    code = TK_PNAME, end = q;
            }
        } else {
            code = keyword_code(s + p, end - p);
            if (!code)
                code = TK_ID;
        }
    } else if (is_digit(c)) {
        end = p;
        while (end < lx->size && is_digit(s[end]))
            end++;
        code = TK_INTEGER;
        if (end + 1 < lx->size && s[end] == '.' && is_digit(s[end + 1])) {
            code = TK_DECIMAL;
            end++;
            while (end < lx->size && is_digit(s[end]))
                end++;
        }
        if (end < lx->size && (s[end] == 'e' || s[end] == 'E')) {
            int q = end + 1;
            if (q < lx->size && (s[q] == '+' || s[q] == '-'))
                q++;
            if (q < lx->size && is_digit(s[q])) {
                code = TK_DECIMAL;
                end = q;
                while (end < lx->size && is_digit(s[end]))
                    end++;
            }
        }
        if (ident_char(lx, end, 0))
            return lex_error(lx, tok, p, ident_end(lx, end) - p,
                             "a number runs into a name (add a space?)");
    } else if (c == '\'' || c == '"') {
        end = scan_string(lx, tok, p);
        if (end < 0)
            return -1;
        code = TK_STRING;
    } else if (c == '$') {
        end = p + 1;
        int n;
        while ((n = ident_char(lx, end, 0)) > 0)
            end += n;
        if (end == p + 1)
            return lex_error(lx, tok, p, 1,
                             "a parameter needs a name, as in $name");
        code = TK_PARAM;
    } else if (c == '<' && !mg_lexer_ends_operand(lx->prev)) {
        const char *why = NULL;
        end = scan_iri(lx, p, &why);
        if (end > 0) {
            code = TK_IRI;
        } else if (name_expected(lx)) {
            int q = p + 1;
            while (q < lx->size && iri_char_ok((unsigned char)s[q]))
                q++;
            return lex_error(lx, tok, p, q - p, why);
        }
    }

    if (!code && c == '<' && p + 2 < lx->size && s[p + 1] == '-' &&
        (s[p + 2] == '[' || s[p + 2] == '-')) {
        /* <-[ and <--: a pattern arrow; `a<-1` stays a < -1 */
        code = TK_ARROW_L, end = p + 2;
    }
    if (!code) {
        for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
            size_t n = strlen(ops[i].op);
            if (strncmp(s + p, ops[i].op, n) == 0) {
                code = ops[i].code, end = p + (int)n;
                break;
            }
        }
    }
    if (!code) {
        char msg[80];
        unsigned cp;
        int n = utf8_decode((const unsigned char *)s + p, lx->size - p, &cp);
        if (n == 0)
            return lex_error(lx, tok, p, 1, "invalid UTF-8 in the query");
        if (cp < 0x20 || cp == 0x7F)
            snprintf(msg, sizeof msg, "unexpected control character U+%04X",
                     cp);
        else
            snprintf(msg, sizeof msg, "unexpected character '%.*s'", n, s + p);
        return lex_error(lx, tok, p, n, msg);
    }

    tok->code = code;
    tok->len = end - p;
    lx->pos = end;
    return code;
}

int mg_lexer_next(mg_lexer *lx, mg_token *tok)
{
    int code = scan(lx, tok);
    if (code < 0)
        return -1;
    if (code == TK_LP || code == TK_LB || code == TK_LBRACE) {
        if (lx->depth < MG_LEX_MAX_NEST)
            lx->open[lx->depth] = code == TK_LP ? '(' : code == TK_LB ? '[' : '{';
        lx->depth++;
    } else if ((code == TK_RP || code == TK_RB || code == TK_RBRACE) &&
               lx->depth > 0) {
        lx->depth--;
    }
    lx->prev = code;
    return code;
}
