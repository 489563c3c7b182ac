//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};

/// `../shared/<relative>` beside the checkout (the real reports and their
/// gold), when it is there. When it is not, the caller's test is skipped with
/// a message — unless `GONGKAI_REQUIRE_SHARED` is set, as CI sets it, and then
/// the test fails, so a missing `../shared` can never pass unnoticed.
pub fn shared(relative: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(relative);
    if path.exists() {
        return Some(path);
    }
    eprintln!("skipped: {} not found", path.display());
    assert!(
        std::env::var_os("GONGKAI_REQUIRE_SHARED").is_none(),
        "GONGKAI_REQUIRE_SHARED is set but {} is missing",
        path.display()
    );
    None
}
