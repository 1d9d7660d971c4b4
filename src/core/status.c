/* status.c — recording and formatting failures (see status.h). */
#include "core/status.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void mg_status_clear(mg_status *st)
{
    st->code = MG_OK;
    st->msg[0] = '\0';
}

mg_code mg_fail(mg_status *st, mg_code code, const char *fmt, ...)
{
    if (!st || st->code != MG_OK)
        return code;
    st->code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(st->msg, sizeof st->msg, fmt, ap);
    va_end(ap);
    return code;
}

void mg_status_prefix(mg_status *st, const char *fmt, ...)
{
    char head[512];
    char old[MG_STATUS_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(head, sizeof head, fmt, ap);
    va_end(ap);
    memcpy(old, st->msg, sizeof old);
    size_t n = strlen(head);
    if (n > sizeof st->msg - 3)
        n = sizeof st->msg - 3;
    memcpy(st->msg, head, n);
    memcpy(st->msg + n, ": ", 2);
    size_t room = sizeof st->msg - n - 2;
    size_t olen = strnlen(old, room - 1);
    memcpy(st->msg + n + 2, old, olen);
    st->msg[n + 2 + olen] = '\0';
}

const char *mg_code_name(mg_code code)
{
    switch (code) {
    case MG_OK: return "ok";
    case MG_ERR_ARG: return "bad argument";
    case MG_ERR_IO: return "I/O error";
    case MG_ERR_SYNTAX: return "syntax error";
    case MG_ERR_NOT_FOUND: return "not found";
    case MG_ERR_STORE: return "store error";
    case MG_ERR_FULL: return "disk full";
    case MG_ERR_NOMEM: return "out of memory";
    case MG_ERR_UNSUPPORTED: return "unsupported";
    case MG_ERR_CANCELLED: return "interrupted";
    case MG_ERR_LIMIT: return "limit reached";
    case MG_ERR_INTERNAL: return "internal error";
    }
    return "error";
}
