/*
 * pg_schema.c — the tables, indexes and functions of a PostgreSQL store
 * (pgstore.h), created in an empty database or checked on open, and the
 * SQL of the fixed prepared statements.
 */
#include "pgstore/pgstore.h"

#include <stdio.h>
#include <string.h>

#define RDF_TYPE "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

static const char schema_sql[] =
    "CREATE TABLE mg_meta (key text PRIMARY KEY, value bigint NOT NULL);"
    "CREATE TABLE mg_terms (id bigint PRIMARY KEY, kind smallint NOT NULL,"
    " value bytea NOT NULL, lang bytea NOT NULL, dt bytea NOT NULL);"
    "CREATE UNIQUE INDEX mg_terms_key ON mg_terms (kind, md5(value), lang, dt);"
    "CREATE TABLE mg_text (id bigint PRIMARY KEY, fv bytea NOT NULL,"
    " bad boolean NOT NULL);"
    "CREATE TABLE mg_quads (g bigint NOT NULL, s bigint NOT NULL,"
    " p bigint NOT NULL, o bigint NOT NULL,"
    " CONSTRAINT mg_quads_spog PRIMARY KEY (s, p, o, g));"
    "CREATE INDEX mg_quads_posg ON mg_quads (p, o, s, g);"
    "CREATE INDEX mg_quads_ospg ON mg_quads (o, s, p, g);"
    "CREATE INDEX mg_quads_gspo ON mg_quads (g, s, p, o);"
    "CREATE TABLE mg_gstat (g bigint PRIMARY KEY, n bigint NOT NULL);"
    "CREATE TABLE mg_pstat (p bigint PRIMARY KEY, triples bigint NOT NULL,"
    " subjects bigint NOT NULL, objects bigint NOT NULL);"
    "CREATE TABLE mg_cstat (c bigint PRIMARY KEY, n bigint NOT NULL);"
    /* the id of rdf:type, 0 while it is not in the dictionary */
    "CREATE FUNCTION mg_rdf_type() RETURNS bigint LANGUAGE sql STABLE AS $$"
    " SELECT coalesce((SELECT id FROM mg_terms WHERE kind = 1"
    " AND md5(value) = md5(convert_to('" RDF_TYPE "', 'UTF8'))"
    " AND lang = '' AND dt = ''), 0) $$;"
    /* one quad in, the statistics kept incrementally: 1 if it was new */
    "CREATE FUNCTION mg_add(qg bigint, qs bigint, qp bigint, qo bigint)"
    " RETURNS int LANGUAGE plpgsql AS $$ BEGIN"
    " INSERT INTO mg_quads VALUES (qg, qs, qp, qo) ON CONFLICT DO NOTHING;"
    " IF NOT FOUND THEN RETURN 0; END IF;"
    " INSERT INTO mg_gstat VALUES (qg, 1)"
    "  ON CONFLICT (g) DO UPDATE SET n = mg_gstat.n + 1;"
    " IF (SELECT count(*) FROM mg_quads WHERE s = qs AND p = qp AND o = qo) = 1"
    " THEN"
    "  INSERT INTO mg_pstat VALUES (qp, 1,"
    "   CASE WHEN EXISTS (SELECT 1 FROM mg_quads WHERE s = qs AND p = qp"
    "    AND o <> qo) THEN 0 ELSE 1 END,"
    "   CASE WHEN EXISTS (SELECT 1 FROM mg_quads WHERE p = qp AND o = qo"
    "    AND s <> qs) THEN 0 ELSE 1 END)"
    "  ON CONFLICT (p) DO UPDATE SET triples = mg_pstat.triples + 1,"
    "   subjects = mg_pstat.subjects + EXCLUDED.subjects,"
    "   objects = mg_pstat.objects + EXCLUDED.objects;"
    "  IF qp = mg_rdf_type() THEN"
    "   INSERT INTO mg_cstat VALUES (qo, 1)"
    "    ON CONFLICT (c) DO UPDATE SET n = mg_cstat.n + 1;"
    "  END IF;"
    " END IF;"
    " RETURN 1; END $$;"
    /* one quad out: 1 if it was there */
    "CREATE FUNCTION mg_remove(qg bigint, qs bigint, qp bigint, qo bigint)"
    " RETURNS int LANGUAGE plpgsql AS $$ BEGIN"
    " DELETE FROM mg_quads WHERE g = qg AND s = qs AND p = qp AND o = qo;"
    " IF NOT FOUND THEN RETURN 0; END IF;"
    " UPDATE mg_gstat SET n = n - 1 WHERE g = qg;"
    " DELETE FROM mg_gstat WHERE g = qg AND n = 0;"
    " IF NOT EXISTS (SELECT 1 FROM mg_quads WHERE s = qs AND p = qp"
    "  AND o = qo) THEN"
    "  UPDATE mg_pstat SET triples = triples - 1,"
    "   subjects = subjects - CASE WHEN EXISTS (SELECT 1 FROM mg_quads"
    "    WHERE s = qs AND p = qp) THEN 0 ELSE 1 END,"
    "   objects = objects - CASE WHEN EXISTS (SELECT 1 FROM mg_quads"
    "    WHERE p = qp AND o = qo) THEN 0 ELSE 1 END"
    "  WHERE p = qp;"
    "  DELETE FROM mg_pstat WHERE p = qp AND triples = 0;"
    "  IF qp = mg_rdf_type() THEN"
    "   UPDATE mg_cstat SET n = n - 1 WHERE c = qo;"
    "   DELETE FROM mg_cstat WHERE c = qo AND n = 0;"
    "  END IF;"
    " END IF;"
    " RETURN 1; END $$;";

/* Temporary tables of one connection: the bulk paths' staging. */
static const char temp_sql[] =
    "CREATE TEMP TABLE IF NOT EXISTS mg_tmp_quads (g bigint, s bigint,"
    " p bigint, o bigint);"
    "CREATE TEMP TABLE IF NOT EXISTS mg_tmp_terms (i integer, kind smallint,"
    " value bytea, lang bytea, dt bytea, id bigint, fv bytea, bad boolean)";

const char *mg_pg_sql(int ps)
{
    switch (ps) {
    case PS_TERM_FIND:
        return "SELECT id FROM mg_terms WHERE kind = $1::smallint AND "
               "md5(value) = md5($2::bytea) AND value = $2::bytea AND "
               "lang = $3::bytea AND dt = $4::bytea";
    case PS_TERM_GET:
        return "SELECT id, kind, value, lang, dt FROM mg_terms WHERE id >= "
               "$1::bigint AND id < $2::bigint";
    case PS_TERM_PUT:
        return "INSERT INTO mg_terms VALUES ($1::bigint, $2::smallint, $3::bytea, "
               "$4::bytea, $5::bytea)";
    case PS_QUAD_ADD:
        return "SELECT mg_add($1::bigint, $2::bigint, $3::bigint, "
               "$4::bigint)::bigint";
    case PS_QUAD_REMOVE:
        return "SELECT mg_remove($1::bigint, $2::bigint, $3::bigint, "
               "$4::bigint)::bigint";
    case PS_TERM_PUT_TEXT:
        return "WITH x AS (INSERT INTO mg_text VALUES ($1::bigint, $6::bytea, "
               "$7::boolean)) INSERT INTO mg_terms VALUES ($1::bigint, "
               "$2::smallint, $3::bytea, $4::bytea, $5::bytea)";
    case PS_TEXT_SEARCH:
        return "SELECT id FROM mg_text WHERE bad OR position($1::bytea IN fv) "
               "> 0 ORDER BY id";
    case PS_GRAPH_SIZE:
        return "SELECT n FROM mg_gstat WHERE g = $1::bigint";
    case PS_PSTAT:
        return "SELECT triples, subjects, objects FROM mg_pstat "
               "WHERE p = $1::bigint";
    case PS_CSTAT:
        return "SELECT n FROM mg_cstat WHERE c = $1::bigint";
    default:
        return "SELECT 1";
    }
}

/* 1 when the database holds our tables, 0 when it holds no table at all,
 * -1 when it holds other tables (not a Maillage store), -2 on error. */
static int database_state(PGconn *conn, mg_status *st)
{
    uint64_t ours = 0, tables = 0;
    if (mg_pg_scalar(conn, "SELECT count(*) FROM pg_tables WHERE tablename = "
                           "'mg_meta' AND schemaname = current_schema()",
                     &ours, st) != MG_OK ||
        mg_pg_scalar(conn, "SELECT count(*) FROM pg_tables WHERE schemaname "
                           "NOT IN ('pg_catalog', 'information_schema')",
                     &tables, st) != MG_OK)
        return -2;
    return ours ? 1 : tables ? -1 : 0;
}

mg_code mg_pg_schema(mg_pg_store *s, PGconn *conn, int create, mg_status *st)
{
    int state = database_state(conn, st);
    if (state == -2)
        return st->code;
    if (state == -1)
        return mg_fail(st, MG_ERR_STORE,
                       "'%s' is not a Maillage store: the database holds "
                       "other tables (use an empty database)", s->shown);
    if (state == 0 && !create)
        return mg_fail(st, MG_ERR_NOT_FOUND, "no store at '%s'", s->shown);
    if (state == 0) {
        /* Under the writer's lock: two first loads create it once. */
        MG_TRY(mg_pg_exec(conn, "BEGIN; " MG_PG_LOCK_SQL,
                          st, "creating the store"));
        state = database_state(conn, st);
        mg_code rc = state == -2 ? st->code : MG_OK;
        if (rc == MG_OK && state == 0) {
            char init[128];
            snprintf(init, sizeof init,
                     "INSERT INTO mg_meta VALUES ('version', %d), "
                     "('next_id', 1)", MG_PG_VERSION);
            rc = mg_pg_exec(conn, schema_sql, st, "creating the store");
            if (rc == MG_OK)
                rc = mg_pg_exec(conn, init, st, "creating the store");
        }
        if (rc == MG_OK)
            rc = mg_pg_exec(conn, "COMMIT", st, "creating the store");
        if (rc != MG_OK) {
            PQclear(PQexec(conn, "ROLLBACK"));
            return rc;
        }
    }
    uint64_t version = 0;
    MG_TRY(mg_pg_scalar(conn, "SELECT value FROM mg_meta WHERE key = 'version'",
                        &version, st));
    s->has_text = version == 2;
    if (version != 1 && version != MG_PG_VERSION)
        return mg_fail(st, MG_ERR_STORE,
                       "store format %llu, but this maillage reads format "
                       "%d: load the data into a new store",
                       (unsigned long long)version, MG_PG_VERSION);
    return MG_OK;
}

const char *mg_pg_temp_sql(void)
{
    return temp_sql;
}
