// The FUSE low-level operations of mount.magma, one group per file:
//   fuse_ops.cc            the table, init (capability negotiation), forget
//   fuse_ops_namespace.cc  lookup mknod mkdir symlink unlink rmdir rename link
//   fuse_ops_file.cc       open create read write flush fsync release
//   fuse_ops_attr.cc       getattr setattr statfs readlink access
//   fuse_ops_dir.cc        opendir readdir readdirplus releasedir fsyncdir
//   fuse_ops_xattr.cc      setxattr getxattr listxattr removexattr
// Each callback turns the request into flare requests through the inode table, runs on a
// FUSE worker thread, blocks on the volcano, and replies exactly once on every path.
// The session's userdata must be the MagmaFs (see magma_fs.h).
#pragma once

#include <fuse_lowlevel.h>

namespace magma::fuse {

// The operation table to pass to fuse_session_new.
fuse_lowlevel_ops make_fuse_ops();

namespace ops {

void init(void* userdata, fuse_conn_info* conn);
void forget(fuse_req_t req, fuse_ino_t ino, uint64_t nlookup);
void forget_multi(fuse_req_t req, size_t count, fuse_forget_data* forgets);

void lookup(fuse_req_t req, fuse_ino_t parent, const char* name);
void mknod(fuse_req_t req, fuse_ino_t parent, const char* name, mode_t mode, dev_t rdev);
void mkdir(fuse_req_t req, fuse_ino_t parent, const char* name, mode_t mode);
void symlink(fuse_req_t req, const char* target, fuse_ino_t parent, const char* name);
void unlink(fuse_req_t req, fuse_ino_t parent, const char* name);
void rmdir(fuse_req_t req, fuse_ino_t parent, const char* name);
void rename(fuse_req_t req, fuse_ino_t parent, const char* name, fuse_ino_t new_parent,
            const char* new_name, unsigned int flags);
void link(fuse_req_t req, fuse_ino_t ino, fuse_ino_t new_parent, const char* new_name);

void open(fuse_req_t req, fuse_ino_t ino, fuse_file_info* fi);
void create(fuse_req_t req, fuse_ino_t parent, const char* name, mode_t mode,
            fuse_file_info* fi);
void read(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off, fuse_file_info* fi);
void write(fuse_req_t req, fuse_ino_t ino, const char* buf, size_t size, off_t off,
           fuse_file_info* fi);
void flush(fuse_req_t req, fuse_ino_t ino, fuse_file_info* fi);
void fsync(fuse_req_t req, fuse_ino_t ino, int datasync, fuse_file_info* fi);
void release(fuse_req_t req, fuse_ino_t ino, fuse_file_info* fi);

void getattr(fuse_req_t req, fuse_ino_t ino, fuse_file_info* fi);
void setattr(fuse_req_t req, fuse_ino_t ino, struct stat* attr, int to_set,
             fuse_file_info* fi);
void statfs(fuse_req_t req, fuse_ino_t ino);
void readlink(fuse_req_t req, fuse_ino_t ino);
void access(fuse_req_t req, fuse_ino_t ino, int mask);

void opendir(fuse_req_t req, fuse_ino_t ino, fuse_file_info* fi);
void readdir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off, fuse_file_info* fi);
void readdirplus(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
                 fuse_file_info* fi);
void releasedir(fuse_req_t req, fuse_ino_t ino, fuse_file_info* fi);
void fsyncdir(fuse_req_t req, fuse_ino_t ino, int datasync, fuse_file_info* fi);

void setxattr(fuse_req_t req, fuse_ino_t ino, const char* name, const char* value,
              size_t size, int flags);
void getxattr(fuse_req_t req, fuse_ino_t ino, const char* name, size_t size);
void listxattr(fuse_req_t req, fuse_ino_t ino, size_t size);
void removexattr(fuse_req_t req, fuse_ino_t ino, const char* name);

}  // namespace ops
}  // namespace magma::fuse
