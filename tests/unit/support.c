/* support.c — see support.h. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>

int mg_test_mkdtemp(char *tmpl)
{
    if (mkdtemp(tmpl))
        return 1;
    perror("mkdtemp");
    return 0;
}

int mg_test_rm_rf(const char *dir)
{
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) == 0)
        return 0;
    fprintf(stderr, "could not remove %s\n", dir);
    return -1;
}
