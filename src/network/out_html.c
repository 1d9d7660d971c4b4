/*
 * out_html.c — one self-contained HTML page: web/page.html with
 * Cytoscape.js (from web/node_modules, installed by the build with npm ci)
 * and web/page.js inlined, and the network as the Cytoscape JSON of
 * out_json.c (whose strings escape '<', so no "</script>" can end it).
 * No network access is needed to open it.  The three files are compiled
 * into the program (web/embed.cmake -> web_assets.c).
 */
#include <string.h>

#include "network/network_internal.h"

extern const unsigned char mg_web_cytoscape[];
extern const size_t mg_web_cytoscape_len;
extern const unsigned char mg_web_page_html[];
extern const size_t mg_web_page_html_len;
extern const unsigned char mg_web_page_js[];
extern const size_t mg_web_page_js_len;

/* Writes a script body, breaking any "</script" it might hold. */
static void script(FILE *out, const char *s, size_t len)
{
    const char *end = s + len;
    while (s < end) {
        const char *p = strstr(s, "</script");
        if (!p || p >= end) {
            fwrite(s, 1, (size_t)(end - s), out);
            return;
        }
        fwrite(s, 1, (size_t)(p - s), out);
        fputs("<\\/script", out);
        s = p + 8;
    }
}

mg_code mg_network_write_html(const mg_network *net, FILE *out, mg_status *st)
{
    const char *t = (const char *)mg_web_page_html;
    const char *end = t + mg_web_page_html_len;
    while (t < end) {
        const char *m = strstr(t, "@@");
        if (!m || m >= end) {
            fwrite(t, 1, (size_t)(end - t), out);
            break;
        }
        fwrite(t, 1, (size_t)(m - t), out);
        if (strncmp(m, "@@TITLE@@", 9) == 0) {
            mg_net_xml(out, net->title);
            t = m + 9;
        } else if (strncmp(m, "@@CYTOSCAPE@@", 13) == 0) {
            script(out, (const char *)mg_web_cytoscape, mg_web_cytoscape_len);
            t = m + 13;
        } else if (strncmp(m, "@@PAGE_JS@@", 11) == 0) {
            script(out, (const char *)mg_web_page_js, mg_web_page_js_len);
            t = m + 11;
        } else if (strncmp(m, "@@DATA@@", 8) == 0) {
            MG_TRY(mg_network_write_json(net, out, st));
            t = m + 8;
        } else {
            fputs("@@", out);
            t = m + 2;
        }
    }
    return MG_OK;
}
