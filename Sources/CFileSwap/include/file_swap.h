#ifndef CASEBOOK_FILE_SWAP_H
#define CASEBOOK_FILE_SWAP_H

/// Atomically exchanges two paths (Linux renameat2 with RENAME_EXCHANGE).
/// Returns 0 on success, -1 with errno set otherwise (ENOSYS or EINVAL where the
/// kernel or file system cannot exchange).
int casebook_exchange_paths(const char *a, const char *b);

/// Removes `path` and, when it is a folder, everything in it; symbolic links are
/// removed, never followed. Returns 0 when nothing is left (or nothing was there),
/// -1 with errno set otherwise.
int casebook_remove_tree(const char *path);

#include <stddef.h>

/// The size of a record's fixed part in `casebook_list_tree`'s records.
#define CASEBOOK_TREE_HEADER 15
/// The kinds of entry of a record.
#define CASEBOOK_TREE_OTHER 0
#define CASEBOOK_TREE_FILE 1
#define CASEBOOK_TREE_FOLDER 2

/// Lists everything in the folder at `root`, symbolic links not followed, a folder's
/// record before those of what it holds. Each record, numbered from 0 in order: the
/// number of its folder's record (int32, -1 for `root`), its inode number (uint64),
/// its kind (uint8: CASEBOOK_TREE_*), the length of its name (uint16), then the name;
/// numbers in the machine's byte order, unaligned. Returns 0 with `*records` (to be
/// given to free) and `*count` (bytes) set, -1 with errno set otherwise.
int casebook_list_tree(const char *root, unsigned char **records, size_t *count);

#endif
