//! The command line's machinery: the parallel document loop, output files,
//! and resumable `tag -o` output. The commands themselves are in `main.rs`.

pub mod batch;
pub mod files;
pub mod resume;
