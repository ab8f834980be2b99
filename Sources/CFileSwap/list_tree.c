#define _GNU_SOURCE
#include "file_swap.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

/// The records being written, grown as needed.
struct records {
    unsigned char *bytes;
    size_t count, capacity;
    int32_t entries;
};

static int append(struct records *out, int32_t parent, uint64_t inode, uint8_t kind, const char *name) {
    size_t length = strlen(name);
    if (length > UINT16_MAX) { errno = ENAMETOOLONG; return -1; }
    size_t need = out->count + CASEBOOK_TREE_HEADER + length;
    if (need > out->capacity) {
        size_t capacity = out->capacity ? out->capacity * 2 : 1 << 16;
        while (capacity < need) capacity *= 2;
        unsigned char *grown = realloc(out->bytes, capacity);
        if (!grown) { errno = ENOMEM; return -1; }
        out->bytes = grown;
        out->capacity = capacity;
    }
    unsigned char *at = out->bytes + out->count;
    uint16_t short_length = (uint16_t)length;
    memcpy(at, &parent, 4);
    memcpy(at + 4, &inode, 8);
    at[12] = kind;
    memcpy(at + 13, &short_length, 2);
    memcpy(at + CASEBOOK_TREE_HEADER, name, length);
    out->count = need;
    out->entries++;
    return 0;
}

/// Lists the open folder `fd` (which it closes), whose own record is `number` (-1 for the
/// root), depth first: each folder's entries read in one go with `getdents64` into a
/// buffer of their own, then its folders opened by descriptor, one path segment each
/// (a whole path walked again for each of a site's 11,000 folders was most of listing it).
static int list(int fd, int32_t number, int depth, struct records *out) {
    if (depth > 256) { close(fd); errno = ELOOP; return -1; }
    size_t capacity = 8192, used = 0;
    unsigned char *listing = malloc(capacity);
    if (!listing) { close(fd); errno = ENOMEM; return -1; }
    for (;;) {
        if (capacity - used < 4096) {
            unsigned char *grown = realloc(listing, capacity * 2);
            if (!grown) { free(listing); close(fd); errno = ENOMEM; return -1; }
            listing = grown;
            capacity *= 2;
        }
        ssize_t n = getdents64(fd, listing + used, capacity - used);
        if (n < 0) { int saved = errno; free(listing); close(fd); errno = saved; return -1; }
        if (n == 0) break;
        used += (size_t)n;
    }
    int result = 0;
    for (size_t offset = 0; offset < used && result == 0;) {
        struct dirent64 *entry = (struct dirent64 *)(listing + offset);
        offset += entry->d_reclen;
        const char *name = entry->d_name;
        if (name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0))) continue;
        uint8_t kind = entry->d_type == DT_REG ? CASEBOOK_TREE_FILE : entry->d_type == DT_DIR ? CASEBOOK_TREE_FOLDER : CASEBOOK_TREE_OTHER;
        uint64_t inode = entry->d_ino;
        if (entry->d_type == DT_UNKNOWN) {
            struct stat status;
            if (fstatat(fd, name, &status, AT_SYMLINK_NOFOLLOW) != 0) { result = -1; break; }
            kind = S_ISREG(status.st_mode) ? CASEBOOK_TREE_FILE : S_ISDIR(status.st_mode) ? CASEBOOK_TREE_FOLDER : CASEBOOK_TREE_OTHER;
            inode = status.st_ino;
        }
        int32_t own = out->entries;
        if (append(out, number, inode, kind, name) != 0) { result = -1; break; }
        if (kind == CASEBOOK_TREE_FOLDER) {
            int child = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (child < 0 || list(child, own, depth + 1, out) != 0) result = -1;
        }
    }
    int saved = errno;
    free(listing);
    close(fd);
    errno = saved;
    return result;
}

int casebook_list_tree(const char *root, unsigned char **records, size_t *count) {
    *records = NULL;
    *count = 0;
    int fd = open(root, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return -1;
    struct records out = { NULL, 0, 0, 0 };
    if (list(fd, -1, 0, &out) != 0) {
        int saved = errno;
        free(out.bytes);
        errno = saved;
        return -1;
    }
    *records = out.bytes;
    *count = out.count;
    return 0;
}
