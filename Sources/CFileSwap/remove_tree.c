#define _GNU_SOURCE
#include "file_swap.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

/// Removes the entries of the open folder `fd` (which it closes), recursing into
/// folders by descriptor: no path is built, and symbolic links are removed, never followed.
static int remove_entries(int fd) {
    DIR *dir = fdopendir(fd);
    if (!dir) { close(fd); return -1; }
    int result = 0;
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL) {
        const char *name = entry->d_name;
        if (name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0))) continue;
        int is_dir = entry->d_type == DT_DIR;
        if (entry->d_type == DT_UNKNOWN) {
            struct stat st;
            if (fstatat(dirfd(dir), name, &st, AT_SYMLINK_NOFOLLOW) != 0) { result = -1; continue; }
            is_dir = S_ISDIR(st.st_mode);
        }
        if (is_dir) {
            int child = openat(dirfd(dir), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (child < 0 || remove_entries(child) != 0) result = -1;
            if (unlinkat(dirfd(dir), name, AT_REMOVEDIR) != 0) result = -1;
        } else if (unlinkat(dirfd(dir), name, 0) != 0) {
            result = -1;
        }
    }
    closedir(dir);
    return result;
}

int casebook_remove_tree(const char *path) {
    struct stat st;
    if (lstat(path, &st) != 0) return errno == ENOENT ? 0 : -1;
    if (!S_ISDIR(st.st_mode)) return unlink(path);
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0 || remove_entries(fd) != 0) return -1;
    return rmdir(path);
}
