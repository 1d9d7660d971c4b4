/*
 * network_internal.h — what the files of src/network/ share and nothing
 * outside uses: reading query cells, running a query into a callback, the
 * node facts, the choice of a node's kind.  Owns nothing.
 */
#ifndef MG_NETWORK_INTERNAL_H
#define MG_NETWORK_INTERNAL_H

#include "network/network.h"
#include "query/engine.h"

/* The text of a cell (the first item of a list), NULL for null. */
const char *mg_net_cell(const mg_cell *c);

/* Runs a query of the language; `row` gets every row (no column call). */
mg_code mg_net_run(mg_db *db, const char *text, const mg_param *params,
                   size_t nparams,
                   mg_code (*row)(void *, const mg_cell *, mg_status *),
                   void *ctx, mg_status *st);

/* Fills every node's label, name, kind, classes, territory, evidence and
 * source documents by queries (facts.c). */
mg_code mg_network_facts(mg_db *db, mg_network *net, mg_status *st);

/* The kind shown for a node with these classes (prefixed names): the
 * headline kind (Club, Network, RegionalChamber...) if any, else the
 * first mg: class, else Person / Organization, else the first class's
 * local name, else "Thing".  New string. */
char *mg_network_pick_kind(const mg_strlist *classes);

/* The name to show in pictures, wrapped on spaces at about `width`
 * characters per line with "\n" (new string). */
char *mg_network_wrap(const char *s, int width);



/* ---- the attributes every file format carries (fields.c) -------------- */

typedef enum mg_net_ftype { MG_NF_STRING, MG_NF_INT, MG_NF_DOUBLE } mg_net_ftype;

typedef struct mg_net_field {
    const char *id;    /* attribute name in every format */
    const char *title; /* what it means */
    mg_net_ftype type;
} mg_net_field;

extern const mg_net_field mg_net_node_fields[]; /* {NULL} terminated */
extern const mg_net_field mg_net_edge_fields[];

/* The value of field k as text (lists joined with " | "; "" when the
 * node has none).  New string, NULL when out of memory. */
char *mg_net_node_value(const mg_net_node *n, size_t k);
char *mg_net_edge_value(const mg_net_edge *e, size_t k);
#endif
