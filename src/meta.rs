//! Report metadata (placeholder; being built).
