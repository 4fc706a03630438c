/*
** files.c — reading whole files, and writing them safely: the one
** writer behind every file the module writes (save, export, report.save,
** Result:save, the command line).
**
** A file is written to a new temporary file in the target's folder
** ("<path>.tmpXXXXXX"), synced, and renamed over the target; then the
** folder is synced.  So the target is always either the old file or the
** new one, whole, even when the writer is killed or the machine stops;
** on an error the temporary file is removed and the target is left as
** it was.  No Lua calls here.
*/
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "interchange.h"

/* {====== Writing ====== */

#define TMP_SUFFIX ".tmpXXXXXX"
#define TMP_TRIES 100

/* splitmix64 (Steele, Lea and Flood, "Fast splittable pseudorandom
** number generators", OOPSLA 2014): mixes the seed bits of a name. */
static uint64_t mix(uint64_t z) {
  z += 0x9e3779b97f4a7c15u;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
  return z ^ (z >> 31);
}

/*
** Creates a new file tmp (path + ".tmpXXXXXX", the X's replaced by
** letters and digits) and returns its descriptor, or -1 with errno.
** Like mkstemp, but the file is created with mode 0666 so that the
** umask (and a folder's default ACL) applies as for any new file;
** mkstemp's 0600 could only be widened by reading the umask, which
** cannot be done without changing it for every thread.  O_EXCL makes a
** name taken by someone else fail with EEXIST: then another is tried.
** The seed (clock, process id, the address of a local, the attempt)
** differs between processes and threads; it need not be secret.
*/
static int make_temp(char *tmp, size_t plen) {
  static const char ALNUM[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopq"
                              "rstuvwxyz0123456789";
  struct timespec ts;
  uint64_t seed;
  int attempt, k;
  char *x = tmp + plen + sizeof TMP_SUFFIX - 7; /* the six X's */
  clock_gettime(CLOCK_REALTIME, &ts);
  seed = ((uint64_t)ts.tv_sec << 30) ^ (uint64_t)ts.tv_nsec ^
         ((uint64_t)getpid() << 40) ^ (uint64_t)(uintptr_t)&ts;
  for (attempt = 0; attempt < TMP_TRIES; attempt++) {
    uint64_t r = mix(seed + (uint64_t)attempt);
    int fd;
    for (k = 0; k < 6; k++, r /= 62) x[k] = ALNUM[r % 62];
    fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0 || errno != EEXIST) return fd;
  }
  return -1; /* errno is EEXIST */
}

/* Writes all of t to fd; 0 or an errno value. */
static int write_all(int fd, const dip_text *t) {
  size_t done = 0;
  while (done < t->len) {
    ssize_t n = write(fd, t->s + done, t->len - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return n < 0 ? errno : EIO;
    done += (size_t)n;
  }
  return 0;
}

/*
** Writes t into a new temporary file next to path, synced to disc, with
** the mode of the file it will replace.  Returns 0 and the name in
** *tmpout (malloc'd), or an errno value (nothing left behind).
*/
static int write_temp(const char *path, const dip_text *t, char **tmpout) {
  size_t plen = strlen(path);
  struct stat st;
  int fd, e = 0, exists;
  char *tmp;
  *tmpout = NULL;
  exists = stat(path, &st) == 0;
  if (exists && S_ISDIR(st.st_mode)) return EISDIR;
  /* renaming over a device, pipe or socket would replace it */
  if (exists && !S_ISREG(st.st_mode)) return DIP_ENOTFILE;
  tmp = malloc(plen + sizeof TMP_SUFFIX);
  if (tmp == NULL) return ENOMEM;
  memcpy(tmp, path, plen);
  memcpy(tmp + plen, TMP_SUFFIX, sizeof TMP_SUFFIX);
  fd = make_temp(tmp, plen);
  if (fd < 0) {
    e = errno;
    free(tmp);
    return e;
  }
  /* the replacement keeps the mode of the file it replaces */
  if (exists && fchmod(fd, st.st_mode & 07777) != 0)
    e = errno;
  if (e == 0) e = write_all(fd, t);
  if (e == 0 && fsync(fd) != 0) e = errno;
  if (close(fd) != 0 && e == 0) e = errno;
  if (e != 0) {
    remove(tmp);
    free(tmp);
    return e;
  }
  *tmpout = tmp;
  return 0;
}

/*
** Syncs the folder that holds path, so that the renamed entry, not only
** the file's data, survives a power cut.  Best effort: some file
** systems cannot sync a folder, and the file is already in place.
*/
static void sync_folder(const char *path) {
  const char *slash = strrchr(path, '/');
  char *dir;
  int fd;
  if (slash == NULL) {
    fd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  } else {
    size_t n = slash == path ? 1 : (size_t)(slash - path);
    dir = malloc(n + 1);
    if (dir == NULL) return;
    memcpy(dir, path, n);
    dir[n] = '\0';
    fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    free(dir);
  }
  if (fd < 0) return;
  (void)fsync(fd);
  close(fd);
}

int dip_write_files(int n, const char *const *paths, const dip_text *texts,
                    int *which) {
  char **tmp = calloc((size_t)(n > 0 ? n : 1), sizeof *tmp);
  int i, e = 0, w = 0;
  if (tmp == NULL) {
    if (which) *which = 0;
    return ENOMEM;
  }
  /* every temporary file complete before any target changes */
  for (i = 0; i < n && e == 0; i++) {
    e = write_temp(paths[i], &texts[i], &tmp[i]);
    w = i;
  }
  for (i = 0; i < n && e == 0; i++) {
    if (rename(tmp[i], paths[i]) != 0) {
      e = errno;
      w = i;
      break;
    }
    free(tmp[i]);
    tmp[i] = NULL;
  }
  for (i = 0; i < n; i++) {
    if (tmp[i] != NULL) remove(tmp[i]);
    free(tmp[i]);
  }
  free(tmp);
  if (e == 0)
    for (i = 0; i < n; i++) sync_folder(paths[i]);
  if (which) *which = w;
  return e;
}

int dip_write_file(const char *path, const char *s, size_t len) {
  dip_text t;
  t.s = s;
  t.len = len;
  return dip_write_files(1, &path, &t, NULL);
}

const char *dip_write_reason(int e) {
  if (e == DIP_ENOTFILE)
    return "not a regular file (a device, pipe or socket is never replaced)";
  return strerror(e);
}

/* }====== */

/* {====== Reading ====== */

int dip_path_kind(const char *path) {
  struct stat st;
  if (stat(path, &st) != 0) return errno == ENOENT || errno == ENOTDIR
                                        ? 0 : -1;
  return S_ISDIR(st.st_mode) ? 2 : 1;
}

/* Opens path for reading without blocking and checks what it is. */
static int open_checked(const char *path, size_t max, int *fd,
                        size_t *size) {
  struct stat st;
  int e;
  *fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (*fd < 0) return errno;
  if (fstat(*fd, &st) != 0)
    e = errno;
  else if (S_ISDIR(st.st_mode))
    e = EISDIR;
  else if (!S_ISREG(st.st_mode))
    e = DIP_ENOTREG;
  else if ((uintmax_t)st.st_size > (uintmax_t)max)
    e = DIP_ETOOBIG;
  else {
    *size = (size_t)st.st_size;
    return 0;
  }
  close(*fd);
  *fd = -1;
  return e;
}

int dip_open_file(const char *path, size_t max, FILE **out) {
  size_t size;
  int fd, e = open_checked(path, max, &fd, &size);
  *out = NULL;
  if (e != 0) return e;
  *out = fdopen(fd, "rb");
  if (*out == NULL) {
    e = errno;
    close(fd);
    return e;
  }
  return 0;
}

int dip_read_file(const char *path, size_t max, char **out,
                  size_t *outlen) {
  size_t len = 0, size;
  char *buf, *p;
  int fd, e = open_checked(path, max, &fd, &size);
  *out = NULL;
  *outlen = 0;
  if (e != 0) return e;
  /* in one read when the size holds; one byte more tells whether the
     file grew since */
  size = size < max ? size + 1 : max + 1;
  buf = malloc(size + 1);
  while (buf != NULL) {
    ssize_t got = read(fd, buf + len, size - len);
    if (got < 0) {
      if (errno == EINTR) continue;
      e = errno;
      break;
    }
    if (got == 0) break;
    len += (size_t)got;
    if (len < size) continue;
    if (len > max) {
      e = DIP_ETOOBIG;
      break;
    }
    size = size <= max / 2 ? 2 * size : max + 1;
    p = realloc(buf, size + 1);
    if (p == NULL) free(buf);
    buf = p;
  }
  close(fd);
  if (buf == NULL) return ENOMEM;
  if (e) {
    free(buf);
    return e;
  }
  buf[len] = '\0';
  *out = buf;
  *outlen = len;
  return 0;
}

/* }====== */
