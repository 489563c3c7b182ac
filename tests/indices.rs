//! Report-level indices ([`gongkai::indices`]) on a corpus of eight short
//! reports we wrote (`tests/data/indices/`), built so that each index has
//! something to find:
//!
//! | file | body, year | what it is for |
//! |---|---|---|
//! | `a_qingshan_2019` | 青山县公安局 2019 | only stock sentences, each also in 2–3 other reports |
//! | `b_baihe_2019` | 白河县公安局 2019 | fact-dense, no stock sentence, no repetition |
//! | `c_shimen_2019` | 石门县公安局 2019 | the source of a paragraph of four specific sentences |
//! | `c_shimen_2020` | 石门县公安局 2020 | the same body a year later: half its sentences kept |
//! | `d_liulin_2019` | 柳林县公安局 2019 | the paragraph copied, verbatim but for the body's name |
//! | `e_songling_2019` | 松岭县公安局 2019 | the same facts rewritten in other words |
//! | `f_donghu_2019` | 东湖县公安局 2019 | a paragraph pasted twice |
//! | `g_yuquan_2020` | 玉泉县公安局 2020 | no report of the year before |
//!
//! The six stock sentences each occur in three or four of the eight reports:
//! 30% to 75% of the corpus, the boilerplate band. Also: saving and loading
//! the corpus statistics, grouping, determinism, the five seeds of
//! `../shared/corpus/seeds` when present (their figures are printed; run with
//! `--nocapture`), and a property test that nothing panics.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use gongkai::indices::{
    self, CorpusStats, DocFingerprint, GroupBy, Options, ReportIndices, StatsBuilder,
};
use gongkai::{Document, Pipeline};
use proptest::prelude::*;

fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| Pipeline::new().expect("embedded lexicons load"))
}

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/indices")
}

/// The corpus, in file-name order: (document, fingerprint).
fn corpus() -> &'static [(Document, DocFingerprint)] {
    static CORPUS: OnceLock<Vec<(Document, DocFingerprint)>> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(data_dir())
            .expect("tests/data/indices")
            .map(|e| e.expect("dir entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        paths.sort();
        paths.iter().map(|p| analyse(p)).collect()
    })
}

fn analyse(path: &Path) -> (Document, DocFingerprint) {
    let p = pipeline();
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let name = path.file_name().unwrap().to_string_lossy();
    let doc = p.analyze_bytes(&name, &bytes).expect("decodes");
    let fp = DocFingerprint::new(&doc, &p.report(&doc).meta, p.segmenter());
    (doc, fp)
}

fn fingerprints() -> Vec<DocFingerprint> {
    corpus().iter().map(|(_, fp)| fp.clone()).collect()
}

fn indices() -> &'static [ReportIndices] {
    static OUT: OnceLock<Vec<ReportIndices>> = OnceLock::new();
    OUT.get_or_init(|| indices::compute(&fingerprints(), &Options::default(), None))
}

/// The indices of the report whose file name starts with `prefix`.
fn of(prefix: &str) -> &'static ReportIndices {
    indices()
        .iter()
        .find(|r| r.doc.starts_with(prefix))
        .unwrap_or_else(|| panic!("no report {prefix}"))
}

/// The sid of the sentence of report `prefix` that starts with `start`.
fn sid(prefix: &str, start: &str) -> usize {
    let (doc, _) = corpus()
        .iter()
        .find(|(d, _)| d.name.starts_with(prefix))
        .unwrap_or_else(|| panic!("no report {prefix}"));
    doc.sentences
        .iter()
        .find(|s| s.text.starts_with(start))
        .unwrap_or_else(|| panic!("{prefix}: no sentence {start}"))
        .sid
}

#[test]
fn the_corpus_reads_as_written() {
    let fps = fingerprints();
    assert_eq!(fps.len(), 8);
    let bodies: Vec<(&str, Option<u16>)> = fps
        .iter()
        .map(|f| (f.body.as_deref().unwrap_or("?"), f.year))
        .collect();
    assert_eq!(
        bodies,
        [
            ("青山县公安局", Some(2019)),
            ("白河县公安局", Some(2019)),
            ("石门县公安局", Some(2019)),
            ("石门县公安局", Some(2020)),
            ("柳林县公安局", Some(2019)),
            ("松岭县公安局", Some(2019)),
            ("东湖县公安局", Some(2019)),
            ("玉泉县公安局", Some(2020)),
        ]
    );
}

#[test]
fn copying_finds_the_planted_paragraph_and_not_the_rewritten_one() {
    let planted = [
        "2019年，我局依托政务微博",
        "针对群众反映集中",
        "全年共受理政府信息公开申请7件",
    ];
    let d = of("d_liulin");
    for start in planted {
        assert!(
            d.copied_sids.contains(&sid("d_liulin", start)),
            "{start}: {d:?}"
        );
    }
    // A copy with the body's own name swapped in (石门县公安局 → 柳林县公安局,
    // 平安石门 → 平安柳林) is still a copy.
    assert!(
        d.copied_sids
            .contains(&sid("d_liulin", "柳林县公安局指挥中心"))
    );
    // Its own sentences are not copied.
    for start in ["柳林县公安局于2019年5月", "全县9个派出所"] {
        assert!(!d.copied_sids.contains(&sid("d_liulin", start)), "{start}");
    }
    assert_eq!(d.copied_from.as_deref(), Some("c_shimen_2019.txt"));
    assert_eq!(d.copied_from_sentences, 4);
    // Copying is symmetric: the source shares the paragraph too.
    let c = of("c_shimen_2019");
    for start in planted {
        assert!(
            c.copied_sids.contains(&sid("c_shimen_2019", start)),
            "{start}"
        );
    }
    assert!(
        c.copied_sids
            .contains(&sid("c_shimen_2019", "石门县公安局指挥中心"))
    );
    // (It shares four sentences with a_qingshan too, which comes first.)
    assert_eq!(c.copied_from.as_deref(), Some("a_qingshan_2019.txt"));
    assert_eq!(c.copied_from_sentences, 4);
    // The same facts in other words are not a copy.
    let e = of("e_songling");
    for start in [
        "本年度松岭县公安局",
        "为方便群众办理户籍业务",
        "本年收到公开申请7件",
    ] {
        assert!(
            !e.copied_sids.contains(&sid("e_songling", start)),
            "{start}: {e:?}"
        );
    }
    // d: 2 stock sentences + 4 planted of 8 substantive.
    assert_eq!((d.copied_sentences, d.substantive_sentences), (6, 8));
    assert_eq!(d.copying_share, Some(6.0 / 8.0));
}

#[test]
fn the_same_body_is_never_a_source_of_copying() {
    // c 2020 keeps the 看守所 sentence of c 2019 word for word: stickiness,
    // not copying. Its stock sentences are in other bodies' reports: copying.
    let c20 = of("c_shimen_2020");
    assert!(
        !c20.copied_sids
            .contains(&sid("c_shimen_2020", "石门县看守所"))
    );
    assert!(
        c20.copied_sids
            .contains(&sid("c_shimen_2020", "我局高度重视"))
    );
    assert_ne!(c20.copied_from.as_deref(), Some("c_shimen_2019.txt"));
    // A report that shares nothing copies nothing.
    let b = of("b_baihe");
    assert_eq!((b.copied_sentences, b.copying_share), (0, Some(0.0)));
    assert_eq!(b.copied_from, None);
}

#[test]
fn boilerplate_share_of_stock_phrases_exceeds_that_of_a_fact_dense_report() {
    let (a, b) = (of("a_qingshan"), of("b_baihe"));
    assert_eq!(a.boilerplate_share, Some(1.0), "{a:?}");
    assert_eq!(a.boilerplate_sentences, a.prose_sentences);
    assert!(b.boilerplate_share.unwrap() < 0.2, "{b:?}");
    assert_eq!(a.boilerplate_corpus_docs, 8);
    assert_eq!(a.boilerplate_group, None);
    // The phrases behind the share can be listed.
    let (doc, _) = &corpus()[0];
    let p = pipeline();
    let stats = CorpusStats::build(&fingerprints(), &Options::default());
    let phrases = indices::boilerplate_phrases(
        doc,
        &p.report(doc).meta,
        p.segmenter(),
        &stats,
        &Options::default(),
    );
    let texts: Vec<String> = phrases.iter().map(|ph| ph.words.join(" ")).collect();
    assert!(
        texts.contains(&"我 局 高度重视 政府信息公开".to_string()),
        "{texts:?}"
    );
    assert!(
        phrases.iter().all(|ph| (3..=5).contains(&ph.docs)),
        "{phrases:?}"
    );
    assert_eq!(phrases.len(), a.boilerplate_phrases);
}

#[test]
fn redundancy_of_a_report_that_repeats_itself_exceeds_one_that_does_not() {
    let (f, b) = (of("f_donghu"), of("b_baihe"));
    assert!(f.redundancy.unwrap() > 0.4, "{f:?}");
    assert_eq!(b.redundancy, Some(0.0));
    assert!(f.tengrams_repeated > 0 && b.tengrams > 0);
}

#[test]
fn stickiness_needs_the_same_body_in_the_year_before() {
    let c20 = of("c_shimen_2020");
    assert_eq!(c20.previous_report.as_deref(), Some("c_shimen_2019.txt"));
    let s = c20.stickiness.unwrap();
    assert!(s > 0.3 && s < 1.0, "{c20:?}");
    // 我局高度重视…, 石门县看守所…, 工作中还存在… kept of six.
    let kept = c20.stickiness_sentences.unwrap();
    assert!((0.49..0.7).contains(&kept), "{c20:?}");
    for r in indices()
        .iter()
        .filter(|r| !r.doc.starts_with("c_shimen_2020"))
    {
        assert_eq!(
            (r.stickiness, r.previous_report.as_deref()),
            (None, None),
            "{}",
            r.doc
        );
        assert_eq!(r.stickiness_sentences, None);
    }
}

#[test]
fn hard_information_density_is_quantities_per_thousand_work_characters() {
    for r in indices() {
        let want = r.work_quantities as f64 * 1000.0 / r.work_chars as f64;
        assert_eq!(r.hard_info_density, Some(want), "{}", r.doc);
    }
    assert_eq!(of("a_qingshan").hard_info_density, Some(0.0));
    assert!(of("b_baihe").hard_info_density.unwrap() > 50.0);
}

#[test]
fn indices_are_deterministic() {
    let again: Vec<DocFingerprint> = std::fs::read_dir(data_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect::<std::collections::BTreeSet<_>>()
        .iter()
        .map(|p| analyse(p).1)
        .collect();
    assert_eq!(again, fingerprints());
    let first = indices::compute(&again, &Options::default(), None);
    let second = indices::compute(&again, &Options::default(), None);
    assert_eq!(first, second);
    assert_eq!(first, indices());
    assert_eq!(
        serde_json::to_string(&first).unwrap(),
        serde_json::to_string(&second).unwrap()
    );
    // Fingerprints survive a round trip through JSON (a cache on disk).
    let json = serde_json::to_string(&again).unwrap();
    let back: Vec<DocFingerprint> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, again);
}

#[test]
fn a_saved_reference_table_gives_the_same_indices_as_the_batch() {
    let fps = fingerprints();
    let stats = CorpusStats::build(&fps, &Options::default());
    let mut file = Vec::new();
    stats.save(&mut file).unwrap();
    let loaded = CorpusStats::load(&file[..]).unwrap();
    assert_eq!(loaded, stats);
    let with_reference = indices::compute(&fps, &Options::default(), Some(&loaded));
    assert_eq!(with_reference, indices());
    // Streaming gives the same table.
    let mut b = StatsBuilder::new(&Options::default());
    fps.iter().for_each(|f| b.add(f));
    assert_eq!(b.finish(), stats);
    // A new report scored against the reference alone: its own corpus is one
    // report, yet its stock sentences are found.
    let alone = indices::compute(&fps[..1], &Options::default(), Some(&loaded));
    assert_eq!(alone[0].boilerplate_share, Some(1.0));
    let no_reference = indices::compute(&fps[..1], &Options::default(), None);
    assert_eq!(no_reference[0].boilerplate_share, Some(0.0));
    assert_eq!(no_reference[0].copying_share, Some(0.0));
}

#[test]
fn groups_are_used_when_large_enough() {
    let fps = fingerprints();
    let by_year = Options {
        group_by: vec![GroupBy::Year],
        min_group_docs: 2,
        ..Options::default()
    };
    let stats = CorpusStats::build(&fps, &by_year);
    assert_eq!(
        stats.groups().collect::<Vec<_>>(),
        [("2019", 6), ("2020", 2)]
    );
    let out = indices::compute(&fps, &by_year, None);
    for r in &out {
        let want = if r.doc.contains("2020") {
            "2020"
        } else {
            "2019"
        };
        assert_eq!(r.boilerplate_group.as_deref(), Some(want), "{}", r.doc);
    }
    // Among the two 2020 reports every shared 4-gram is in 100% of them:
    // nothing is boilerplate there.
    let g = out.iter().find(|r| r.doc.starts_with("g_yuquan")).unwrap();
    assert_eq!(
        (g.boilerplate_share, g.boilerplate_corpus_docs),
        (Some(0.0), 2)
    );
    // Groups smaller than min_group_docs fall back to the whole corpus.
    let strict = Options {
        min_group_docs: 3,
        ..by_year
    };
    let out = indices::compute(&fps, &strict, None);
    for r in &out {
        let want = (!r.doc.contains("2020")).then_some("2019");
        assert_eq!(r.boilerplate_group.as_deref(), want, "{}", r.doc);
    }
}

#[test]
fn thresholds_are_options() {
    let fps = fingerprints();
    // Raise the floor above four documents in eight: the stock sentences in
    // three or four reports are no longer boilerplate.
    let strict = Options {
        boilerplate_min_doc_share: 0.6,
        ..Options::default()
    };
    let out = indices::compute(&fps, &strict, None);
    assert!(out[0].boilerplate_share.unwrap() < indices()[0].boilerplate_share.unwrap());
    // A copy threshold above 1 finds nothing.
    let never = Options {
        copy_threshold: 1.01,
        ..Options::default()
    };
    let out = indices::compute(&fps, &never, None);
    assert!(out.iter().all(|r| r.copied_sentences == 0));
    // With no source named for sentences found in more than one other report,
    // d's stock sentences (in two other reports each) name no source.
    let one = Options {
        max_sources: 1,
        ..Options::default()
    };
    let out = indices::compute(&fps, &one, None);
    let d = out.iter().find(|r| r.doc.starts_with("d_liulin")).unwrap();
    assert_eq!(d.copied_sentences, 6);
    assert_eq!(d.copied_from.as_deref(), Some("c_shimen_2019.txt"));
}

/// Prints a table of indices (the figures of docs/METHOD.md).
fn print_table(out: &[ReportIndices]) {
    println!(
        "{:<26} {:>5} {:>6} {:>8} {:>8} {:>8} {:>8} {:>8}  copied_from (sentences) / previous_report",
        "doc", "sent", "words", "density", "boiler", "redund", "copying", "sticky"
    );
    let f = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v:.3}"));
    for r in out {
        println!(
            "{:<26} {:>5} {:>6} {:>8} {:>8} {:>8} {:>8} {:>8}  {} ({}) / {}",
            r.doc,
            r.prose_sentences,
            r.words,
            r.hard_info_density
                .map_or("-".to_string(), |v| format!("{v:.2}")),
            f(r.boilerplate_share),
            f(r.redundancy),
            f(r.copying_share),
            f(r.stickiness),
            r.copied_from.as_deref().unwrap_or("-"),
            r.copied_from_sentences,
            r.previous_report.as_deref().unwrap_or("-"),
        );
    }
}

/// The indices of the eight reports (printed: run with `--nocapture`).
#[test]
fn figures_of_the_test_corpus() {
    print_table(indices());
    assert_eq!(indices().len(), 8);
}

/// The indices of the five seeds (printed: run with `--nocapture`).
#[test]
fn seed_indices() {
    let Some(dir) = common::shared("corpus/seeds") else {
        return;
    };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let fps: Vec<DocFingerprint> = paths.iter().map(|p| analyse(p).1).collect();
    let out = indices::compute(&fps, &Options::default(), None);
    assert_eq!(out.len(), 5);
    print_table(&out);
    for r in &out {
        for v in [r.boilerplate_share, r.redundancy, r.copying_share] {
            assert!(v.is_some_and(|v| (0.0..=1.0).contains(&v)), "{r:?}");
        }
        // Five reports of five bodies and years: no previous report.
        assert_eq!(r.stickiness, None);
        assert!(r.prose_sentences >= 20 && r.words > 500, "{r:?}");
    }
}

/// Pieces of report text; a document is a random sequence of them.
const VOCAB: &[&str] = &[
    "一、概述\n",
    "二、存在的问题\n",
    "三、下一步工作\n",
    "我局高度重视政府信息公开工作，",
    "切实加强组织领导。",
    "通过政务微博发布信息389条，",
    "召开新闻发布会3场。",
    "石门县公安局2019年政府信息公开工作年度报告\n",
    "2020年",
    "，",
    "。",
    "\n",
    " ",
    "“平安石门”",
    "《条例》",
    "１２３４５",
    "🙂",
    "e\u{301}",
    "|本年新制作数量|3|",
];

fn arbitrary_text() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::collection::vec(proptest::sample::select(VOCAB), 0..40).prop_map(|v| v.concat()),
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Nothing panics, and every share lies in [0, 1], whatever the text.
    #[test]
    fn indices_never_panic(a in arbitrary_text(), b in arbitrary_text()) {
        let p = pipeline();
        let fps: Vec<DocFingerprint> = [("a", &a), ("b", &b), ("c", &a)]
            .iter()
            .map(|(name, text)| {
                let doc = p.analyze(name, text);
                DocFingerprint::new(&doc, &p.report(&doc).meta, p.segmenter())
            })
            .collect();
        let out = indices::compute(&fps, &Options::default(), None);
        prop_assert_eq!(out.len(), 3);
        for r in &out {
            for v in [r.boilerplate_share, r.redundancy, r.copying_share, r.stickiness, r.stickiness_sentences] {
                prop_assert!(v.is_none_or(|v| (0.0..=1.0).contains(&v)), "{:?}", r);
            }
            prop_assert!(r.hard_info_density.is_none_or(|v| v >= 0.0));
            prop_assert_eq!(r.columns().len(), ReportIndices::COLUMNS.len());
        }
    }
}
