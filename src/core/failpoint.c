/* failpoint.c — named failure points for tests (failpoint.h). */
#include "core/failpoint.h"

#ifdef MG_FAILPOINTS

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* The armed point, parsed once (pthread_once: the server's worker threads
 * write too); `hits` and the firing are under fp_lock. */
static pthread_once_t parsed = PTHREAD_ONCE_INIT;
static pthread_mutex_t fp_lock = PTHREAD_MUTEX_INITIALIZER;
static char armed[64];
enum { MODE_ERROR, MODE_KILL, MODE_PAUSE };
static int mode;
static const char *const mode_name[] = {"error", "kill", "pause"};
static unsigned long fire_at = 1, hits;

static void parse_env(void)
{
    const char *env = getenv("MAILLAGE_FAILPOINT");
    if (!env || !*env)
        return;
    snprintf(armed, sizeof armed, "%s", env);
    char *colon = strchr(armed, ':');
    while (colon) {
        *colon = '\0';
        char *arg = colon + 1;
        colon = strchr(arg, ':');
        if (colon)
            *colon = '\0';
        if (strcmp(arg, "kill") == 0)
            mode = MODE_KILL;
        else if (strcmp(arg, "error") == 0)
            mode = MODE_ERROR;
        else if (strcmp(arg, "pause") == 0)
            mode = MODE_PAUSE;
        else if (*arg >= '1' && *arg <= '9')
            fire_at = strtoul(arg, NULL, 10);
        if (colon)
            *colon = ':';
    }
}

/* Appends "NAME MODE\n" to $MAILLAGE_FAILPOINT_LOG with one write(2), so
 * the line is on disk before a SIGKILL. */
static void log_fire(const char *name)
{
    const char *path = getenv("MAILLAGE_FAILPOINT_LOG");
    if (!path || !*path)
        return;
    char line[128];
    int n = snprintf(line, sizeof line, "%s %s\n", name, mode_name[mode]);
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0644);
    if (fd < 0)
        return;
    if (n > 0 && write(fd, line, (size_t)n) < 0) {
        /* nothing to do: the test will see the point did not fire */
    }
    close(fd);
}

mg_code mg_failpoint_hit(const char *name, mg_status *st)
{
    pthread_once(&parsed, parse_env);
    if (!armed[0] || strcmp(name, armed) != 0)
        return MG_OK;
    pthread_mutex_lock(&fp_lock);
    int fire = ++hits == fire_at;
    pthread_mutex_unlock(&fp_lock);
    if (!fire)
        return MG_OK;
    log_fire(name);
    if (mode == MODE_KILL)
        kill(getpid(), SIGKILL); /* no flush, no exit handlers: a crash */
    if (mode == MODE_PAUSE) {
        /* Wait (at most a minute) for the resume file, then go on. */
        const char *resume = getenv("MAILLAGE_FAILPOINT_RESUME");
        struct timespec tick = {0, 10 * 1000 * 1000};
        for (int i = 0; i < 6000 && resume && access(resume, F_OK) != 0; i++)
            nanosleep(&tick, NULL);
        return MG_OK;
    }
    return mg_fail(st, MG_ERR_STORE,
                   "failure point %s reached (MAILLAGE_FAILPOINT)", name);
}

#else
/* ISO C wants a translation unit to declare something. */
typedef int mg_failpoint_unused;
#endif
