/*
 * enospc.c — an LD_PRELOAD shim that makes the disk look full, for
 * tests/e2e/full_disk.sh.
 *
 * Environment:
 *   MG_ENOSPC_DIR=DIR      only files under DIR are affected (required:
 *                          without it the shim does nothing)
 *   MG_ENOSPC_AFTER=BYTES  writes to those files succeed until BYTES bytes
 *                          have been written by this process (default 0:
 *                          the first write fails)
 * The write that reaches the budget is cut short (a file system filling
 * up mid-write returns a short count); after it every write (write,
 * pwrite, pwrite64, writev, pwritev, pwritev64) to a file under DIR fails
 * with ENOSPC, as does fsync or fdatasync of one, and statvfs of DIR
 * reports no free block.  That covers what LMDB 0.9.24 (without
 * MDB_WRITEMAP, as we open it) does on a commit, seen with strace:
 * lseek+writev or pwrite of the dirty pages to data.mdb, fdatasync, then
 * pwrite of the meta page on a second, O_DSYNC descriptor.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

static size_t spent;

/* Whether descriptor fd is a file under $MG_ENOSPC_DIR. */
static int watched(int fd)
{
    const char *dir = getenv("MG_ENOSPC_DIR");
    if (!dir || !*dir || fd < 0)
        return 0;
    char link[64], path[PATH_MAX], real[PATH_MAX];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, path, sizeof path - 1);
    if (n <= 0)
        return 0;
    path[n] = '\0';
    const char *d = realpath(dir, real) ? real : dir;
    size_t dl = strlen(d);
    return strncmp(path, d, dl) == 0 && (path[dl] == '/' || path[dl] == '\0');
}

static size_t budget(void)
{
    const char *after = getenv("MG_ENOSPC_AFTER");
    return after ? (size_t)strtoull(after, NULL, 10) : 0;
}

static int full;

/*
 * How much of a write of `len` bytes to fd may go through: all of it, or
 * (once the budget is reached) what is left of it, as a file system that
 * fills up mid-write returns a short count; -1 with errno ENOSPC when
 * nothing is left.
 */
static ssize_t allowed(int fd, size_t len)
{
    if (!watched(fd))
        return (ssize_t)len;
    size_t b = budget();
    if (full || spent >= b) {
        full = 1;
        errno = ENOSPC;
        return -1;
    }
    if (len > b - spent) {
        len = b - spent;
        full = 1;
    }
    spent += len;
    return (ssize_t)len;
}

static size_t iov_len(const struct iovec *iov, int n)
{
    size_t len = 0;
    for (int i = 0; i < n; i++)
        len += iov[i].iov_len;
    return len;
}

typedef ssize_t (*write_fn)(int, const void *, size_t);
typedef ssize_t (*pwrite_fn)(int, const void *, size_t, off_t);
typedef ssize_t (*writev_fn)(int, const struct iovec *, int);
typedef ssize_t (*pwritev_fn)(int, const struct iovec *, int, off_t);
typedef int (*sync_fn)(int);
typedef int (*statvfs_fn)(const char *, struct statvfs *);

/* The next definition of `name` (libc's, or a sanitizer's interceptor). */
#define REAL(name, type)   \
    static type real_##name; \
    if (!real_##name)        \
        real_##name = (type)dlsym(RTLD_NEXT, #name)

ssize_t write(int fd, const void *buf, size_t len)
{
    REAL(write, write_fn);
    ssize_t n = allowed(fd, len);
    return n < 0 ? -1 : real_write(fd, buf, (size_t)n);
}

ssize_t pwrite(int fd, const void *buf, size_t len, off_t off)
{
    REAL(pwrite, pwrite_fn);
    ssize_t n = allowed(fd, len);
    return n < 0 ? -1 : real_pwrite(fd, buf, (size_t)n, off);
}

ssize_t pwrite64(int fd, const void *buf, size_t len, off_t off)
{
    REAL(pwrite64, pwrite_fn);
    ssize_t n = allowed(fd, len);
    return n < 0 ? -1 : real_pwrite64(fd, buf, (size_t)n, off);
}

/* The first `n` bytes of iov as at most IOV_MAX_SHIM entries in `out`;
 * returns the entry count. */
#define IOV_MAX_SHIM 1024
static int iov_cut(const struct iovec *iov, int cnt, size_t n,
                   struct iovec *out)
{
    int k = 0;
    for (int i = 0; i < cnt && n > 0 && k < IOV_MAX_SHIM; i++) {
        out[k] = iov[i];
        if (out[k].iov_len > n)
            out[k].iov_len = n;
        n -= out[k].iov_len;
        k++;
    }
    return k;
}

ssize_t writev(int fd, const struct iovec *iov, int cnt)
{
    REAL(writev, writev_fn);
    ssize_t n = allowed(fd, iov_len(iov, cnt));
    if (n < 0)
        return -1;
    struct iovec cut[IOV_MAX_SHIM];
    return real_writev(fd, cut, iov_cut(iov, cnt, (size_t)n, cut));
}

ssize_t pwritev(int fd, const struct iovec *iov, int cnt, off_t off)
{
    REAL(pwritev, pwritev_fn);
    ssize_t n = allowed(fd, iov_len(iov, cnt));
    if (n < 0)
        return -1;
    struct iovec cut[IOV_MAX_SHIM];
    return real_pwritev(fd, cut, iov_cut(iov, cnt, (size_t)n, cut), off);
}

ssize_t pwritev64(int fd, const struct iovec *iov, int cnt, off_t off)
{
    REAL(pwritev64, pwritev_fn);
    ssize_t n = allowed(fd, iov_len(iov, cnt));
    if (n < 0)
        return -1;
    struct iovec cut[IOV_MAX_SHIM];
    return real_pwritev64(fd, cut, iov_cut(iov, cnt, (size_t)n, cut), off);
}

/* A sync after the disk filled reports it too (as delayed allocation
 * does on a real file system). */
static int sync_refused(int fd)
{
    if (full && watched(fd)) {
        errno = ENOSPC;
        return 1;
    }
    return 0;
}

int fsync(int fd)
{
    REAL(fsync, sync_fn);
    return sync_refused(fd) ? -1 : real_fsync(fd);
}

int fdatasync(int fd)
{
    REAL(fdatasync, sync_fn);
    return sync_refused(fd) ? -1 : real_fdatasync(fd);
}

/* Once full, the file system of DIR reports no free blocks. */
static int statvfs_full(const char *path, struct statvfs *buf)
{
    const char *dir = getenv("MG_ENOSPC_DIR");
    char real[PATH_MAX], want[PATH_MAX];
    if (!full || !dir || !*dir || !realpath(path, real) || !realpath(dir, want))
        return 0;
    size_t dl = strlen(want);
    if (strncmp(real, want, dl) != 0 || (real[dl] != '/' && real[dl] != '\0'))
        return 0;
    buf->f_bfree = buf->f_bavail = 0;
    return 1;
}

int statvfs(const char *path, struct statvfs *buf)
{
    REAL(statvfs, statvfs_fn);
    int rc = real_statvfs(path, buf);
    if (rc == 0)
        statvfs_full(path, buf);
    return rc;
}
