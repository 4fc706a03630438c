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
** it was.  Asked not to replace, the finished file is hard-linked to the
** target's name instead, which fails atomically when anything is there
** (see put_new).  No Lua calls here.
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

/* A file's identity: what tells our file from one put in its place. */
typedef struct fileid {
  dev_t dev;
  ino_t ino;
} fileid;

/* Whether path (not followed if a link) is the file id. */
static int is_file(const char *path, const fileid *id) {
  struct stat st;
  return lstat(path, &st) == 0 && st.st_dev == id->dev &&
         st.st_ino == id->ino;
}

/* One file of a dip_write_files call. */
typedef struct pending {
  char *tmp;  /* the temporary file (malloc'd); NULL once it is gone */
  fileid id;  /* the temporary file's identity, also once in place */
  int placed; /* 1 once it is at its target */
} pending;

/*
** Writes t into a new temporary file next to path, synced to disc, with
** the mode of the file it will replace.  Refuses (EEXIST) a path that
** exists when !replace, before writing anything.  Returns 0 with the
** name and identity in *p (the name malloc'd), or an errno value
** (nothing left behind).
*/
static int write_temp(const char *path, const dip_text *t, int replace,
                      pending *p) {
  size_t plen = strlen(path);
  struct stat st;
  int fd, e = 0, exists;
  char *tmp;
  p->tmp = NULL;
  p->placed = 0;
  exists = stat(path, &st) == 0;
  if (exists && S_ISDIR(st.st_mode)) return EISDIR;
  /* renaming over a device, pipe or socket would replace it */
  if (exists && !S_ISREG(st.st_mode)) return DIP_ENOTFILE;
  /* the early answer; put_new's link is the guarantee */
  if (exists && !replace) return EEXIST;
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
  if (e == 0 && fstat(fd, &st) != 0) e = errno;
  if (close(fd) != 0 && e == 0) e = errno;
  if (e != 0) {
    remove(tmp);
    free(tmp);
    return e;
  }
  p->tmp = tmp;
  p->id.dev = st.st_dev;
  p->id.ino = st.st_ino;
  return 0;
}

/* Whether link() failing with e means the file system has no hard
** links: EPERM is what POSIX and Linux give (FAT and exFAT, which have
** no link operation); EOPNOTSUPP and ENOSYS come from some FUSE file
** systems. */
static int no_hard_links(int e) {
  return e == EPERM || e == EOPNOTSUPP || e == ENOTSUP || e == ENOSYS;
}

/*
** Puts the finished temporary file p->tmp at path only if nothing is
** there: 0, EEXIST when something is (then nothing changed), or another
** errno value.
**
** link(2) creates the name or fails with EEXIST in one step, so a file
** that appears at path at any moment before is never replaced; the
** temporary name is removed afterwards (by the caller).  Where the file
** system has no hard links, the name is claimed instead by creating an
** empty file with O_CREAT | O_EXCL (the same atomic test), and the
** temporary file is renamed over that placeholder.  The fallback keeps
** the promise that matters (no file that was there before is ever
** replaced, and no writer that also refuses to replace can take the
** name between the test and the rename), but a reader may see the empty
** placeholder for that moment, and a writer that does replace may put
** its file there in between and lose it to ours: as if it had written
** first.  (Linux's renameat2 with RENAME_NOREPLACE would avoid both,
** but it is Linux's alone and a file system need not support it; link
** is POSIX.)
*/
static int put_new(pending *p, const char *path) {
  struct stat st;
  fileid holder;
  int fd, e;
  if (link(p->tmp, path) == 0) {
    p->placed = 1;
    return 0;
  }
  e = errno;
  if (!no_hard_links(e)) return e;
  fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) return errno;
  e = fstat(fd, &st) != 0 ? errno : 0;
  close(fd);
  if (e != 0) { /* cannot tell ours later: give the name back now */
    unlink(path);
    return e;
  }
  holder.dev = st.st_dev;
  holder.ino = st.st_ino;
  if (rename(p->tmp, path) != 0) {
    e = errno;
    if (is_file(path, &holder)) unlink(path); /* our placeholder only */
    return e;
  }
  free(p->tmp); /* renamed: no temporary name left to remove */
  p->tmp = NULL;
  p->placed = 1;
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
                    int replace, int *which) {
  pending *p = calloc((size_t)(n > 0 ? n : 1), sizeof *p);
  int i, j, e = 0, w = 0;
  if (p == NULL) {
    if (which) *which = 0;
    return ENOMEM;
  }
  /* every temporary file complete before any target changes */
  for (i = 0; i < n && e == 0; i++) {
    e = write_temp(paths[i], &texts[i], replace, &p[i]);
    w = i;
  }
  for (i = 0; i < n && e == 0; i++) {
    if (!replace) {
      e = put_new(&p[i], paths[i]);
    } else if (rename(p[i].tmp, paths[i]) != 0) {
      e = errno;
    } else {
      free(p[i].tmp);
      p[i].tmp = NULL;
      p[i].placed = 1;
    }
    if (e != 0) w = i;
  }
  /* not replacing, all or none: take back the files this call put in
     place, each only while it is still ours (checked just before the
     unlink: POSIX has no "unlink if still this file", so one put there
     in that instant would go; nothing narrower is possible) */
  if (e != 0 && !replace)
    for (j = 0; j < n; j++)
      if (p[j].placed && is_file(paths[j], &p[j].id)) unlink(paths[j]);
  for (i = 0; i < n; i++) {
    if (p[i].tmp != NULL) remove(p[i].tmp);
    free(p[i].tmp);
  }
  free(p);
  if (e == 0)
    for (i = 0; i < n; i++) sync_folder(paths[i]);
  if (which) *which = w;
  return e;
}

int dip_write_file(const char *path, const char *s, size_t len,
                   int replace) {
  dip_text t;
  t.s = s;
  t.len = len;
  return dip_write_files(1, &path, &t, replace, NULL);
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
