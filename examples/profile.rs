//! Runs the pipeline over the given files N times, for profiling with perf;
//! `MIN=1` alternates pipeline and bare-jieba passes and prints each one's
//! fastest pass (BENCHMARKS.md, "Fastest pass").
//! `cargo run --release --example profile -- 200 ../shared/corpus/seeds/*.txt`
use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Counts allocations, to see what the pipeline allocates per record, on
/// top of the allocator the `gongkai` binary uses.
struct Counting;
#[cfg(feature = "mimalloc")]
const INNER: mimalloc::MiMalloc = mimalloc::MiMalloc;
#[cfg(not(feature = "mimalloc"))]
const INNER: std::alloc::System = std::alloc::System;
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { INNER.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { INNER.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { INNER.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn main() {
    let mut args = std::env::args().skip(1);
    let rounds: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(100);
    let texts: Vec<(String, String)> = args
        .map(|p| {
            (
                p.clone(),
                std::fs::read_to_string(&p).expect("readable UTF-8 file"),
            )
        })
        .collect();
    let p = gongkai::Pipeline::new().expect("embedded lexicons load");
    let bytes: usize = texts.iter().map(|(_, t)| t.len()).sum();
    if std::env::var_os("MIN").is_some() {
        // Alternate one pass of each and keep each one's fastest pass: on a
        // shared machine the minimum is the steadiest estimate.
        let (mut best_pipe, mut best_jieba) = (f64::MAX, f64::MAX);
        for _ in 0..rounds {
            let t = std::time::Instant::now();
            for (name, text) in &texts {
                std::hint::black_box(p.analyze(name, text));
            }
            best_pipe = best_pipe.min(t.elapsed().as_secs_f64());
            let t = std::time::Instant::now();
            for (_, text) in &texts {
                std::hint::black_box(p.segmenter().jieba().cut(text, false));
            }
            best_jieba = best_jieba.min(t.elapsed().as_secs_f64());
        }
        let mb = bytes as f64 / 1e6;
        eprintln!(
            "fastest pass: pipeline {:.1} MB/s, jieba {:.1} MB/s, ratio {:.3}",
            mb / best_pipe,
            mb / best_jieba,
            best_jieba / best_pipe
        );
        return;
    }
    let t0 = std::time::Instant::now();
    let mut records = 0;
    let pipeline_rounds = if std::env::var_os("JIEBA_ONLY").is_some() {
        0
    } else {
        rounds
    };
    for _ in 0..pipeline_rounds {
        for (name, text) in &texts {
            records += p.analyze(name, text).sentences.len();
        }
    }
    let pipe = t0.elapsed().as_secs_f64();
    if pipeline_rounds > 0 {
        let allocations = ALLOCATIONS.load(Ordering::Relaxed);
        eprintln!(
            "allocations: {:.0} per record (counted from start-up on)",
            allocations as f64 / records.max(1) as f64
        );
    }
    let t1 = std::time::Instant::now();
    let mut tokens = 0;
    let jieba_rounds = if std::env::var_os("PIPELINE_ONLY").is_some() {
        0
    } else {
        rounds
    };
    for _ in 0..jieba_rounds {
        for (_, text) in &texts {
            tokens += p.segmenter().jieba().cut(text, false).len();
        }
    }
    let jieba = t1.elapsed().as_secs_f64();
    if std::env::var_os("PARTS").is_some() {
        let docs: Vec<_> = texts.iter().map(|(n, t)| p.analyze(n, t)).collect();
        let t2 = std::time::Instant::now();
        for _ in 0..rounds {
            for (_, text) in &texts {
                std::hint::black_box(gongkai::tables::read(text));
            }
        }
        let tables = t2.elapsed().as_secs_f64();
        let t3 = std::time::Instant::now();
        for _ in 0..rounds {
            for (doc, (_, text)) in docs.iter().zip(&texts) {
                std::hint::black_box(gongkai::meta::extract(doc, text));
            }
        }
        let meta = t3.elapsed().as_secs_f64();
        eprintln!("tables::read {tables:.2}s, meta::extract {meta:.2}s, whole pipeline {pipe:.2}s");
    }
    let mb = (bytes * rounds) as f64 / 1e6;
    eprintln!(
        "pipeline {:.1} MB/s ({records} records), jieba {:.1} MB/s ({tokens} tokens), ratio {:.2}",
        mb / pipe,
        mb / jieba,
        jieba / pipe
    );
}
