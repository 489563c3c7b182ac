//! Trains the shipped specificity model and writes `models/specificity.json`.
//!
//! ```sh
//! cargo run --release --example train            # train, print the figures, write the model
//! cargo run --release --example train -- --check # train and compare with the shipped file
//! ```
//!
//! Training data: the seed gold (`../shared/gold/seeds_*.jsonl`, aligned to the
//! reports in `../shared/corpus/seeds`; set `GONGKAI_SHARED` to use another
//! directory) and our own sentences in `training/*.jsonl`. Same data, same
//! bytes: `--check` exits 1 when the file would change.

use std::path::{Path, PathBuf};

fn jsonl_files(dir: &Path, prefix: &str) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            name.starts_with(prefix) && name.ends_with(".jsonl")
        })
        .collect();
    files.sort();
    Ok(files)
}

fn main() -> anyhow::Result<()> {
    let check = std::env::args().any(|a| a == "--check");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared =
        std::env::var_os("GONGKAI_SHARED").map_or_else(|| root.join("../shared"), PathBuf::from);
    let gold = jsonl_files(&shared.join("gold"), "seeds_")?;
    let extra = jsonl_files(&root.join("training"), "")?;
    anyhow::ensure!(!gold.is_empty(), "no seed gold in {}", shared.display());
    let pipeline = gongkai::Pipeline::new()?;
    let opts = gongkai::specificity::TrainOptions {
        command: "cargo run --release --example train (gold ../shared/gold/seeds_*.jsonl, docs ../shared/corpus/seeds, extra training/*.jsonl)".into(),
        ..Default::default()
    };
    let (model, report) = gongkai::specificity::train_from_files(
        &gold,
        &shared.join("corpus/seeds"),
        &extra,
        &pipeline,
        &opts,
    )?;
    print!("{}", report.to_text());
    for (doc, text) in &report.unaligned {
        eprintln!("not found in {doc}: {text}");
    }
    let out = root.join("models/specificity.json");
    let json = model.to_json();
    if check {
        let shipped = std::fs::read_to_string(&out)?;
        if shipped != json {
            eprintln!("{} differs from a fresh training run", out.display());
            std::process::exit(1);
        }
        println!("{} is up to date", out.display());
    } else {
        std::fs::write(&out, json)?;
        println!("wrote {} ({})", out.display(), model.hash());
    }
    Ok(())
}
