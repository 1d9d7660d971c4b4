/*
 * ast.h — the syntax tree of a Maillage query, as the lemon parser
 * (grammar/query.y) builds it and the resolver, planner and executor read
 * it.
 *
 * Owns: every node of a tree hangs from one mg_query, and mg_query_free
 * releases all of it (strings included).  Nothing in the tree points into
 * the query text: names and literals are copied (string literals
 * unescaped).  Every node keeps `pos`/`len`, its byte span in the query
 * text, so later stages can put a caret under what they reject.
 *
 * Arrays are (pointer, count) pairs grown with mg_ast_push; an empty array
 * is (NULL, 0).
 */
#ifndef MG_AST_H
#define MG_AST_H

#include <stddef.h>

/* A name as written: a local name (Person, startDate), a prefixed name
 * (foaf:Person) or a full IRI (<http://…>, text without the brackets). */
typedef enum mg_name_kind {
    MG_NAME_LOCAL = 1,
    MG_NAME_PREFIXED,
    MG_NAME_IRI
} mg_name_kind;

typedef struct mg_name {
    mg_name_kind kind;
    char *text;
    int pos, len;
} mg_name;

typedef enum mg_expr_kind {
    MG_E_NULL = 1,  /* null */
    MG_E_BOOL,      /* true / false: ival */
    MG_E_INT,       /* integer: ival */
    MG_E_FLOAT,     /* decimal or double: fval */
    MG_E_STRING,    /* "…" or '…': text (unescaped) */
    MG_E_LIST,      /* [a, b, …]: args */
    MG_E_PARAM,     /* $name: text = name */
    MG_E_VAR,       /* a variable: text = name */
    MG_E_PROP,      /* a.prop: a = the object expression, prop = the name */
    MG_E_CALL,      /* f(args): text = function name as written (case kept);
                       distinct = 1 for count(DISTINCT x); star = 1 for count(*) */
    MG_E_UNARY,     /* op a: MG_OP_NOT, MG_OP_NEG, MG_OP_IS_NULL, MG_OP_IS_NOT_NULL */
    MG_E_BINARY     /* a op b */
} mg_expr_kind;

typedef enum mg_op {
    MG_OP_NONE = 0,
    MG_OP_OR, MG_OP_XOR, MG_OP_AND, MG_OP_NOT,
    MG_OP_EQ, MG_OP_NE, MG_OP_LT, MG_OP_LE, MG_OP_GT, MG_OP_GE,
    MG_OP_IN, MG_OP_STARTS_WITH, MG_OP_ENDS_WITH, MG_OP_CONTAINS,
    MG_OP_REGEX, /* =~ */
    MG_OP_ADD, MG_OP_SUB, MG_OP_MUL, MG_OP_DIV, MG_OP_MOD,
    MG_OP_NEG, MG_OP_IS_NULL, MG_OP_IS_NOT_NULL
} mg_op;

typedef struct mg_expr mg_expr;
struct mg_expr {
    mg_expr_kind kind;
    mg_op op;
    char *text;        /* STRING value, VAR/PARAM name, CALL function name */
    long long ival;    /* INT, BOOL */
    double fval;       /* FLOAT */
    mg_expr *a, *b;    /* operands; PROP: a = object */
    mg_name prop;      /* PROP: the property name */
    mg_expr **args;    /* CALL arguments, LIST items */
    size_t nargs;
    int distinct;      /* CALL: count(DISTINCT x), collect(DISTINCT x) */
    int star;          /* CALL: count(*) */
    int pos, len;
};

/* {key: value} inside a node or relationship pattern. */
typedef struct mg_prop_pair {
    mg_name key;
    mg_expr *value;
} mg_prop_pair;

/* (var:Label:Other {k: v}) — var may be NULL (anonymous). */
typedef struct mg_node_pat {
    char *var;
    mg_name *labels;
    size_t nlabels;
    mg_prop_pair *props;
    size_t nprops;
    int pos, len;
} mg_node_pat;

typedef enum mg_dir {
    MG_DIR_OUT = 1, /* (a)-[…]->(b) */
    MG_DIR_IN,      /* (a)<-[…]-(b) */
    MG_DIR_BOTH     /* (a)-[…]-(b) */
} mg_dir;

/* -[var:type|other *min..max {k: v}]-> ; var and types may be absent
 * (any predicate).  varlen = 1 when a '*' was written; then min/max are
 * the bounds (min defaults to 1, max -1 = unbounded up to the engine's
 * depth cap). */
typedef struct mg_rel_pat {
    char *var;
    mg_name *types;
    size_t ntypes;
    mg_dir dir;
    int varlen;
    int min, max;
    mg_prop_pair *props;
    size_t nprops;
    int pos, len;
} mg_rel_pat;

/* node (rel node)*: nrels == nnodes - 1. */
typedef struct mg_path {
    mg_node_pat *nodes;
    size_t nnodes;
    mg_rel_pat *rels;
    size_t nrels;
} mg_path;

/* MATCH p1, p2 WHERE e  /  OPTIONAL MATCH … */
typedef struct mg_match {
    int optional;
    mg_path *paths;
    size_t npaths;
    mg_expr *where; /* NULL if none */
    int pos, len;
} mg_match;

typedef struct mg_return_item {
    mg_expr *expr;
    char *alias;  /* AS name; NULL: the column is named by the text */
    char *text;   /* the expression as written (default column name) */
} mg_return_item;

typedef struct mg_order_item {
    mg_expr *expr;
    int desc;
} mg_order_item;

/* The projection closing a stage: WITH … [WHERE …] or RETURN …  */
typedef struct mg_projection {
    int distinct;
    int star;                 /* RETURN * / WITH * */
    mg_return_item *items;
    size_t nitems;
    mg_order_item *order;
    size_t norder;
    mg_expr *skip, *limit;    /* NULL if absent */
    mg_expr *where;           /* WITH … WHERE (NULL for RETURN) */
    int pos, len;
} mg_projection;

/* MATCH* followed by WITH or RETURN. */
typedef struct mg_stage {
    mg_match *matches;
    size_t nmatches;
    mg_projection proj;
    int is_return; /* 1 for the final RETURN stage */
} mg_stage;

/* One query between UNIONs: stages, the last one a RETURN. */
typedef struct mg_single {
    mg_stage *stages;
    size_t nstages;
} mg_single;

typedef struct mg_query {
    mg_single *parts;
    size_t nparts;
    int *union_all; /* nparts-1 flags: 1 = UNION ALL, 0 = UNION (distinct) */
    int explain;    /* EXPLAIN prefix */
    int profile;    /* PROFILE prefix */
} mg_query;

/* Growing an array: *arr (of elements of `size` bytes) holding *n gets one
 * more zeroed element; returns a pointer to it, NULL when out of memory. */
void *mg_ast_push(void *arr_ptr, size_t *n, size_t size);

mg_expr *mg_expr_new(mg_expr_kind kind, int pos, int len);
void mg_expr_free(mg_expr *e);
void mg_name_clear(mg_name *n);
void mg_node_pat_clear(mg_node_pat *n);
void mg_rel_pat_clear(mg_rel_pat *r);
void mg_path_clear(mg_path *p);
void mg_match_clear(mg_match *m);
void mg_projection_clear(mg_projection *p);
void mg_stage_clear(mg_stage *s);
void mg_single_clear(mg_single *s);
void mg_query_free(mg_query *q);

/* Writes the tree in a compact S-expression form (for parser tests). */
void mg_query_dump(const mg_query *q, char **out, size_t *len);

#endif
