/*
** files.c — reading whole files and writing them atomically, for the
** interchange formats.  A file is written to a temporary file in the
** same folder, flushed, synced and renamed over the target, so a failure
** never leaves a half-written export.  No Lua calls here.
*/
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "interchange.h"

/*
** After the rename: syncs the folder holding path, so that the new entry
** survives a power cut, as save does (lua_json.c).  buf has room for
** path.  Best effort: some file systems cannot sync a folder.
*/
static void sync_folder(char *buf, const char *path) {
  const char *slash = strrchr(path, '/');
  int fd;
  if (slash == NULL)
    strcpy(buf, ".");
  else if (slash == path)
    strcpy(buf, "/");
  else {
    memcpy(buf, path, (size_t)(slash - path));
    buf[slash - path] = '\0';
  }
  fd = open(buf, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  (void)fsync(fd);
  close(fd);
}

int dip_write_atomic(const char *path, dip_writefn fn, void *ud) {
  size_t plen = strlen(path);
  char *tmp = malloc(plen + sizeof ".tmpXXXXXX");
  struct stat st;
  FILE *f;
  int fd, e = 0, failed = 0;
  if (tmp == NULL) return ENOMEM;
  memcpy(tmp, path, plen);
  memcpy(tmp + plen, ".tmpXXXXXX", sizeof ".tmpXXXXXX");
  fd = mkstemp(tmp);
  if (fd < 0) {
    e = errno;
    free(tmp);
    return e;
  }
  /* mkstemp makes the file private (0600): keep the mode of the file
     being replaced, or make a new one readable like other files */
  if (fchmod(fd, stat(path, &st) == 0 ? (st.st_mode & 07777) : 0644) != 0)
    e = errno;
  f = e ? NULL : fdopen(fd, "wb");
  if (f == NULL) {
    if (e == 0) e = errno;
    close(fd);
  } else {
    int r;
    errno = 0;
    r = fn(f, ud);
    if (r > 0)
      e = r;
    else if (r < 0)
      failed = 1;
    else if (fflush(f) != 0 || fsync(fileno(f)) != 0)
      e = errno ? errno : EIO;
    if (fclose(f) != 0 && e == 0 && !failed) e = errno;
  }
  if (e == 0 && !failed && rename(tmp, path) != 0) e = errno;
  if (e != 0 || failed)
    remove(tmp);
  else
    sync_folder(tmp, path);
  free(tmp);
  return failed ? -1 : e;
}

int dip_write_text(FILE *f, void *ud) {
  const dip_text *t = ud;
  if (fwrite(t->s, 1, t->len, f) != t->len) return errno ? errno : EIO;
  return 0;
}

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
