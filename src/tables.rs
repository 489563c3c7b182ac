//! The mandated statistical tables of the post-2019 template (placeholder; being built).
