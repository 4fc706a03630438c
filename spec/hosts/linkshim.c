/*
** linkshim.c — an LD_PRELOAD library for spec/replace_spec.lua: wraps
** link(2) so that a child process meets, on demand, the two situations
** a no-replace write must survive and a spec cannot otherwise arrange:
**
**   DIP_LINK_RACE=suffix  just before linking to a path that ends with
**                         suffix, another "writer" creates that path
**                         (content "appeared meanwhile\n"): a file that
**                         appears after every early check.
**   DIP_LINK_NONE=1       link fails with EPERM, as on a file system
**                         without hard links (FAT, exFAT): the writer
**                         must use its fallback.
**
** Built by the Makefile as build/linkshim.so; not part of the module.
*/
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int link(const char *from, const char *to);

int link(const char *from, const char *to) {
  static int (*real)(const char *, const char *);
  const char *race = getenv("DIP_LINK_RACE");
  const char *none = getenv("DIP_LINK_NONE");
  if (race != NULL && *race != '\0') {
    size_t n = strlen(to), m = strlen(race);
    if (n >= m && strcmp(to + n - m, race) == 0) {
      static const char TEXT[] = "appeared meanwhile\n";
      int fd = open(to, O_WRONLY | O_CREAT | O_EXCL, 0644);
      if (fd >= 0) {
        if (write(fd, TEXT, sizeof TEXT - 1) < 0) { /* the spec sees it */ }
        close(fd);
      }
    }
  }
  if (none != NULL && strcmp(none, "1") == 0) {
    errno = EPERM;
    return -1;
  }
  if (real == NULL) {
    *(void **)&real = dlsym(RTLD_NEXT, "link");
    if (real == NULL) {
      errno = ENOSYS;
      return -1;
    }
  }
  return real(from, to);
}
