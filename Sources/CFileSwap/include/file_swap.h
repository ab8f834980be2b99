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

#endif
