//! Throughput of the whole pipeline on one document, against bare jieba-rs
//! segmentation of the same text in the same run.
//!
//! `cargo bench --bench pipeline` (see BENCHMARKS.md for the figures).
//!
//! Groups, one per input, each with `Throughput::Bytes(text.len())`:
//! - `sample_report`: `examples/sample_report.txt`;
//! - `seeds`: every file of `../shared/corpus/seeds/` (relative to the crate
//!   root), in name order, joined by `\n` into one text; skipped silently when
//!   the directory is missing;
//! - `synthetic_80x`: the sample report repeated 80 times joined by `\n`
//!   (~180 KB), to show scaling with document length.
//!
//! Functions in every group:
//! - `gongkai_pipeline`: `Pipeline::analyze` on the whole text (decode is not
//!   included: the text is already a `&str`);
//! - `jieba_cut_same_dict`: `cut(text, false)` on the whole text with the very
//!   jieba the pipeline uses (default dictionary + domain user dictionary +
//!   lexicon terms; HMM off, as in the pipeline);
//! - `jieba_cut_default_dict`: `cut(text, false)` with a plain `Jieba::new()`
//!   (default dictionary only).
//!
//! Everything expensive (the pipeline, both jieba instances, the inputs) is
//! built once, outside the timed loops. Each function checks its output once
//! before timing so it cannot silently measure the wrong thing.

// The allocator of the `gongkai` binary (its `mimalloc` feature), for both
// sides of the comparison.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use gongkai::Pipeline;
use jieba_rs::Jieba;

const SAMPLE: &str = include_str!("../examples/sample_report.txt");
const SEEDS_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/seeds");
const SYNTHETIC_REPEATS: usize = 80;

/// The seed reports joined into one text, or `None` when the directory is
/// missing (CI may not have the corpus).
fn seeds_text() -> Option<String> {
    let dir = Path::new(SEEDS_DIR);
    if !dir.is_dir() {
        return None;
    }
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("seeds directory is readable")
        .map(|e| e.expect("seeds directory entry").path())
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    let texts: Vec<String> = paths
        .iter()
        .map(|p| {
            let bytes = std::fs::read(p).unwrap_or_else(|e| panic!("reading {}: {e}", p.display()));
            gongkai::decode::decode(&bytes)
                .unwrap_or_else(|e| panic!("decoding {}: {e}", p.display()))
                .text
        })
        .collect();
    if texts.is_empty() {
        None
    } else {
        Some(texts.join("\n"))
    }
}

struct Input {
    name: &'static str,
    text: String,
    /// A channel some sentence must carry, checked once before timing.
    expect_channel: Option<&'static str>,
}

fn bench_input(c: &mut Criterion, pipeline: &Pipeline, default_jieba: &Jieba, input: &Input) {
    let text = input.text.as_str();
    let same_jieba = pipeline.segmenter().jieba();

    // Check each measured function once, outside the timing.
    let doc = pipeline.analyze(input.name, text);
    assert!(
        !doc.sentences.is_empty(),
        "{}: pipeline produced no sentences",
        input.name
    );
    if let Some(channel) = input.expect_channel {
        assert!(
            doc.sentences
                .iter()
                .any(|s| s.channels.iter().any(|c| c == channel)),
            "{}: no sentence tagged {channel}",
            input.name
        );
    }
    let same_tokens = same_jieba.cut(text, false).len();
    assert!(
        same_tokens > 0,
        "{}: jieba (same dict) produced no tokens",
        input.name
    );
    let default_tokens = default_jieba.cut(text, false).len();
    assert!(
        default_tokens > 0,
        "{}: jieba (default dict) produced no tokens",
        input.name
    );
    eprintln!(
        "{}: {} bytes, {} chars, {} sentences; jieba tokens: same dict {}, default dict {}",
        input.name,
        text.len(),
        doc.chars,
        doc.sentences.len(),
        same_tokens,
        default_tokens
    );

    let mut group = c.benchmark_group(input.name);
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(20);
    group.warm_up_time(Duration::from_secs(2));
    group.measurement_time(Duration::from_secs(5));
    group.bench_function("gongkai_pipeline", |b| {
        b.iter(|| pipeline.analyze(black_box(input.name), black_box(text)))
    });
    group.bench_function("jieba_cut_same_dict", |b| {
        b.iter(|| same_jieba.cut(black_box(text), false))
    });
    group.bench_function("jieba_cut_default_dict", |b| {
        b.iter(|| default_jieba.cut(black_box(text), false))
    });
    group.finish();
}

fn pipeline_vs_jieba(c: &mut Criterion) {
    let pipeline = Pipeline::new().expect("embedded lexicons load");
    let default_jieba = Jieba::new();

    let mut inputs = vec![Input {
        name: "sample_report",
        text: SAMPLE.to_string(),
        expect_channel: Some("weibo"),
    }];
    if let Some(text) = seeds_text() {
        inputs.push(Input {
            name: "seeds",
            text,
            expect_channel: None,
        });
    }
    inputs.push(Input {
        name: "synthetic_80x",
        text: vec![SAMPLE; SYNTHETIC_REPEATS].join("\n"),
        expect_channel: Some("weibo"),
    });

    for input in &inputs {
        bench_input(c, &pipeline, &default_jieba, input);
    }
}

criterion_group!(benches, pipeline_vs_jieba);
criterion_main!(benches);
