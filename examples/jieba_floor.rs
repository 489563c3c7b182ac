//! The floor `tag` is measured against: bare jieba-rs segmentation of the
//! same corpus, on one thread. `jieba_floor DIR...` reads and decodes every
//! file first (not timed), then times `cut(text, false)` over each document
//! with the jieba the pipeline uses (default dictionary + domain dictionary +
//! lexicon terms, HMM off) and prints bytes, seconds and MB/s (10^6 bytes).
//! With `PIPELINE=1`, it times `Pipeline::analyze` on the same texts instead
//! (the pipeline without reading, decoding or writing).

// The allocator of the `gongkai` binary (its `mimalloc` feature), for both
// sides of the comparison.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::time::Instant;

fn main() {
    let p = gongkai::Pipeline::new().expect("embedded lexicons build");
    let mut texts = Vec::new();
    for dir in std::env::args().skip(1) {
        for input in gongkai::input::inputs(vec![dir.into()], |_| true).flatten() {
            let Ok(bytes) = input.read() else { continue };
            if let Ok(src) = gongkai::decode::decode_document(&input.name, &bytes) {
                texts.push(src.text);
            }
        }
    }
    let bytes: usize = texts.iter().map(String::len).sum();
    let pipeline = std::env::var_os("PIPELINE").is_some();
    let t = Instant::now();
    let mut count = 0;
    for text in &texts {
        count += if pipeline {
            p.analyze("bench", text).sentences.len()
        } else {
            p.segmenter().jieba().cut(text, false).len()
        };
    }
    let secs = t.elapsed().as_secs_f64();
    assert!(count > 0, "nothing was produced: wrong input?");
    println!(
        "{}: {} documents, {bytes} bytes, {count} {}, {secs:.2} s, {:.2} MB/s",
        if pipeline { "pipeline" } else { "jieba" },
        texts.len(),
        if pipeline { "records" } else { "tokens" },
        bytes as f64 / 1e6 / secs
    );
}
