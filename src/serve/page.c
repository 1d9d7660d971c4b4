/*
 * page.c — the page `/` and its files, compiled into the program
 * (web/embed.cmake): web/app.html, app.css, app.js, and the tutorial's
 * questions (the .mq files of tests/tutorial, joined by web/examples.cmake) served
 * as JSON at /examples.json for the page's one-click examples.
 */
#include <string.h>

#include "core/json.h"
#include "serve/serve_internal.h"

extern const unsigned char mg_web_app_html[];
extern const size_t mg_web_app_html_len;
extern const unsigned char mg_web_app_css[];
extern const size_t mg_web_app_css_len;
extern const unsigned char mg_web_app_js[];
extern const size_t mg_web_app_js_len;
extern const unsigned char mg_web_examples[];
extern const size_t mg_web_examples_len;

/* [{"name": N, "title": FIRST COMMENT LINE, "query": TEXT}, ...] from the
 * joined file: each question starts with a line "\f NAME". */
static void write_examples(FILE *out)
{
    const char *s = (const char *)mg_web_examples;
    const char *end = s + mg_web_examples_len;
    int n = 0;
    fputc('[', out);
    while (s < end) {
        const char *ff = memchr(s, '\f', (size_t)(end - s));
        if (!ff)
            break;
        const char *name = ff + 2;
        const char *nl = memchr(name, '\n', (size_t)(end - name));
        if (!nl)
            break;
        const char *body = nl + 1;
        const char *next = memchr(body, '\f', (size_t)(end - body));
        const char *bend = next ? next : end;
        const char *title = body, *tend = body;
        if (bend - body > 3 && strncmp(body, "// ", 3) == 0) {
            title = body + 3;
            tend = memchr(title, '\n', (size_t)(bend - title));
            if (!tend)
                tend = bend;
        }
        fputs(n++ ? ",\n {\"name\": " : "\n {\"name\": ", out);
        mg_json_string(out, name, (size_t)(nl - name), 0);
        fputs(", \"title\": ", out);
        mg_json_string(out, title, (size_t)(tend - title), 0);
        fputs(", \"query\": ", out);
        mg_json_string(out, body, (size_t)(bend - body), 0);
        fputc('}', out);
        s = bend;
    }
    fputs("\n]\n", out);
}

int mg_page_serve(mg_req *rq, mg_resp *rs)
{
    const unsigned char *data = NULL;
    size_t len = 0;
    const char *ctype = NULL;
    if (strcmp(rq->path, "/") == 0 || strcmp(rq->path, "/index.html") == 0) {
        data = mg_web_app_html;
        len = mg_web_app_html_len;
        ctype = "text/html; charset=utf-8";
    } else if (strcmp(rq->path, "/app.css") == 0) {
        data = mg_web_app_css;
        len = mg_web_app_css_len;
        ctype = "text/css; charset=utf-8";
    } else if (strcmp(rq->path, "/app.js") == 0) {
        data = mg_web_app_js;
        len = mg_web_app_js_len;
        ctype = "text/javascript; charset=utf-8";
    } else if (strcmp(rq->path, "/examples.json") == 0) {
        write_examples(rs->out);
        snprintf(rs->ctype, sizeof rs->ctype, "application/json");
        return 1;
    } else {
        return 0;
    }
    fwrite(data, 1, len, rs->out);
    snprintf(rs->ctype, sizeof rs->ctype, "%s", ctype);
    return 1;
}
