/*
 * failpoint.h — named failure points for the crash-consistency tests
 * (tests/e2e/crash.sh).
 *
 * Owns: nothing the caller sees (the armed point is parsed once from the
 * environment into static storage).
 *
 * Only a test build has them: configured with -DMAILLAGE_FAILPOINTS=ON,
 * MG_FAILPOINTS is defined and MG_FAILPOINT(NAME, st) calls
 * mg_failpoint_hit; otherwise it is the constant MG_OK and the call
 * compiles to nothing.
 *
 * Arming (environment, read at the first point reached):
 *   MAILLAGE_FAILPOINT=NAME[:error|:kill|:pause][:N]
 *     NAME   the point (list below); fires at its N-th hit (default 1)
 *     error  (default) the point returns MG_ERR_STORE with the message
 *            "failure point NAME reached (MAILLAGE_FAILPOINT)", which
 *            flows up like any storage error (the transaction aborts)
 *     kill   the process sends itself SIGKILL at that point
 *     pause  the point waits until the file MAILLAGE_FAILPOINT_RESUME
 *            exists (at most a minute), then the write goes on: a test
 *            holds a writer inside its transaction (tests/e2e/writers.sh)
 *   MAILLAGE_FAILPOINT_LOG=FILE
 *     when the point fires, "NAME MODE\n" is appended to FILE first, so
 *     a test can tell that the point was reached.
 *
 * Points, in the order a write reaches them (a load or a drop):
 *   begin          the input is ready (files parsed, graph to drop
 *                  found), nothing written yet
 *   dict           after dictionary writes (new terms)
 *   index.spog     after writes (adds or removals) to each index
 *   index.posg
 *   index.ospg
 *   index.gspo
 *   stats          after statistics writes (graph, predicate, class
 *                  counters, distinct-triple counter)
 *   commit.before  just before the LMDB commit
 *   commit.after   just after the LMDB commit returned
 */
#ifndef MG_FAILPOINT_H
#define MG_FAILPOINT_H

#include "core/status.h"

#ifdef MG_FAILPOINTS
/* MG_OK unless `name` is the armed point at its N-th hit (see above). */
mg_code mg_failpoint_hit(const char *name, mg_status *st);
#define MG_FAILPOINT(name, st) mg_failpoint_hit((name), (st))
#else
#define MG_FAILPOINT(name, st) ((void)(name), (void)(st), MG_OK)
#endif

#endif
