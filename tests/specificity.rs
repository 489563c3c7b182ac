//! The sentence-specificity classifier: feature values of sentences we wrote,
//! scores on either side of the threshold, deterministic training, the shipped
//! model against the extractor, and scoring that never panics.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use gongkai::specificity::{
    Extractor, FEATURES, Model, N_FEATURES, Scorer, TrainOptions, feature_index,
    sentence_from_text, train,
};
use gongkai::{Pipeline, Role, Sentence};
use proptest::prelude::*;

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::new().unwrap())
}

fn scorer() -> &'static Scorer {
    static S: OnceLock<Scorer> = OnceLock::new();
    S.get_or_init(|| Scorer::embedded(pipeline().lexicons()).unwrap())
}

fn features(text: &str) -> Vec<(&'static str, f64)> {
    let s = sentence_from_text(pipeline(), text, None);
    let v = scorer().extractor().values(&s);
    FEATURES.iter().map(|f| f.name).zip(v).collect()
}

fn value(values: &[(&'static str, f64)], name: &str) -> f64 {
    values
        .iter()
        .find(|(n, _)| *n == name)
        .unwrap_or_else(|| panic!("no feature {name}"))
        .1
}

/// ln(1 + n), as counts enter the model.
fn count(n: usize) -> f64 {
    (n as f64).ln_1p()
}

#[test]
fn features_of_a_number_tied_to_a_channel() {
    let v = features("全年通过政务微博发布信息389条。");
    assert_eq!(value(&v, "has_digit"), 1.0);
    assert_eq!(value(&v, "quantities"), count(1));
    assert_eq!(value(&v, "quantities_with_channel"), count(1));
    assert_eq!(value(&v, "channels"), 1.0);
    assert_eq!(value(&v, "named_carriers"), 0.0);
    assert_eq!(value(&v, "years"), 0.0);
}

#[test]
fn features_of_a_named_account() {
    let v = features("开通了“平安某县”微博，及时发布警务信息。");
    assert_eq!(value(&v, "named_carriers"), count(1));
    assert_eq!(value(&v, "quoted_other"), 0.0, "the name is not a slogan");
    assert_eq!(value(&v, "has_digit"), 0.0);
    assert_eq!(value(&v, "quantities"), 0.0);
    // The same name unquoted before a carrier, and a quoted site name.
    assert_eq!(
        value(&features("优化平安某县网站的功能。"), "named_carriers"),
        count(1)
    );
    assert_eq!(
        value(&features("改版了“某城警网”。"), "named_carriers"),
        count(1)
    );
    // A carrier word with a qualifier after the name.
    let v = features("开通“平安某县”政务微博。");
    assert_eq!(value(&v, "named_carriers"), count(1));
    assert_eq!(value(&v, "quoted_other"), 0.0);
}

#[test]
fn features_of_a_pure_formula_sentence() {
    let text = "高度重视，进一步加强组织领导，不断完善工作机制。";
    let v = features(text);
    // 高度重视, 进一步加强 (longest first: 进一步 + 加强 is one stretch of two
    // terms), 组织领导, 不断, 完善, 工作机制.
    assert!(value(&v, "boilerplate_terms") >= count(5), "{v:?}");
    assert!(value(&v, "boilerplate_share") > 0.6, "{v:?}");
    for zero in [
        "has_digit",
        "quantities",
        "named_carriers",
        "own_documents",
        "zero_outcome",
    ] {
        assert_eq!(value(&v, zero), 0.0, "{zero}");
    }
}

#[test]
fn features_of_a_regulation_reference_are_generic() {
    let v = features("严格按照《条例》规定做好依申请公开工作。");
    assert_eq!(value(&v, "generic_references"), count(1));
    assert_eq!(value(&v, "own_documents"), 0.0);
    assert_eq!(value(&v, "named_carriers"), 0.0);
    // A superior document and a document number are generic too; a title
    // naming the body is its own document.
    let v = features(
        "根据国办发〔2019〕60号和省政府《政务公开工作要点》，编制了《某县公安局政务公开目录》。",
    );
    assert_eq!(value(&v, "generic_references"), count(2));
    assert_eq!(value(&v, "own_documents"), count(1));
}

#[test]
fn features_of_officials_dates_and_zero_outcomes() {
    let table: [(&str, &str, f64); 8] = [
        (
            "成立了以副局长张建国为组长的领导小组。",
            "named_official",
            1.0,
        ),
        ("成立了由局长任组长的领导小组。", "named_official", 0.0),
        ("2017年5月4日正式上线运行。", "event_dates", count(1)),
        ("2017年5月4日正式上线运行。", "years", count(1)),
        ("本年度未收到政府信息公开申请。", "zero_outcome", 1.0),
        ("本年度未收取信息处理费。", "zero_outcome", 1.0),
        ("公开治安、户政、交通等信息。", "etc_lists", count(1)),
        ("二是加强政策解读。", "item_opening", 1.0),
    ];
    for (text, name, expected) in table {
        assert_eq!(value(&features(text), name), expected, "{name}: {text}");
    }
    let plan = sentence_from_text(pipeline(), "下一步将进一步完善机制。", None);
    assert_eq!(plan.role, Role::Plan);
    let v = scorer().extractor().values(&plan);
    assert_eq!(v[feature_index("role_plan").unwrap()], 1.0);
}

#[test]
fn formula_scores_below_the_threshold_and_facts_above() {
    let threshold = scorer().model().threshold;
    let formula = sentence_from_text(
        pipeline(),
        "我局高度重视政府信息公开工作，进一步加强组织领导，不断完善工作机制，切实提高工作水平。",
        None,
    );
    let facts = sentence_from_text(
        pipeline(),
        "全年通过“平安某县”微博发布信息1230条，召开新闻发布会6场，受理依申请公开12件。",
        None,
    );
    let f = scorer().score(&formula).unwrap();
    let d = scorer().score(&facts).unwrap();
    assert!(f.specificity < threshold && !f.specific, "{f:?}");
    assert!(d.specificity > threshold && d.specific, "{d:?}");
    // Problems and plans are scored, other roles are not.
    for (role, scored) in [
        (Role::Problem, true),
        (Role::Plan, true),
        (Role::Meta, false),
        (Role::Heading, false),
        (Role::Table, false),
    ] {
        let s = Sentence {
            role,
            ..formula.clone()
        };
        assert_eq!(scorer().score(&s).is_some(), scored, "{role:?}");
    }
}

#[test]
fn explanation_lists_every_feature_and_adds_up() {
    let s = sentence_from_text(pipeline(), "开通了“平安某县”微博。", None);
    let e = scorer().explain(&s);
    assert_eq!(e.contributions.len(), N_FEATURES);
    let total = e.intercept + e.contributions.iter().map(|c| c.contribution).sum::<f64>();
    assert!((total - e.logit).abs() < 1e-9);
    assert_eq!(
        e.contributions[0].feature,
        "named_carriers",
        "{}",
        e.to_text()
    );
    for c in &e.contributions {
        assert!((c.value * c.raw_weight - c.contribution).abs() < 1e-12);
    }
    assert_eq!(
        Some(e.specificity),
        scorer().score(&s).map(|x| x.specificity)
    );
}

#[test]
fn embedded_model_matches_the_extractor() {
    let m = Model::embedded();
    let names: Vec<&str> = m.features.iter().map(|f| f.name.as_str()).collect();
    let expected: Vec<&str> = FEATURES.iter().map(|f| f.name).collect();
    assert_eq!(names, expected);
    assert_eq!(m.format_version, gongkai::specificity::FORMAT_VERSION);
    assert_eq!(m.gongkai_version, gongkai::VERSION);
    // What the issue asks of the shipped model, as recorded in it.
    assert!(
        m.cv.model.auc >= 0.92 && m.cv.model.accuracy >= 0.92,
        "{:?}",
        m.cv
    );
    assert!(m.cv.model.auc > m.cv.digit_baseline.auc + 0.05);
    assert!(m.cv.model.accuracy > m.cv.digit_baseline.accuracy);
    let file = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("models/specificity.json"),
    )
    .unwrap();
    assert_eq!(m.to_json(), file, "the file is what gongkai writes");
}

fn training_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("training");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    files.sort();
    files
}

#[test]
fn training_is_deterministic_and_order_free() {
    let p = pipeline();
    let x = Extractor::new(p.lexicons()).unwrap();
    let (mut examples, unaligned) =
        gongkai::specificity::load_examples(&[], Path::new("."), &training_files(), p).unwrap();
    assert!(unaligned.is_empty());
    assert!(examples.len() >= 100);
    let opts = TrainOptions::default();
    let (a, report) = train(&examples, &x, &opts).unwrap();
    let (b, _) = train(&examples, &x, &opts).unwrap();
    assert_eq!(a.to_json(), b.to_json());
    examples.reverse();
    let (c, _) = train(&examples, &x, &opts).unwrap();
    assert_eq!(a.to_json(), c.to_json(), "line order does not matter");
    assert_eq!(a.hash(), c.hash());
    // Without gold the extra sentences themselves are cross-validated.
    assert_eq!(report.cv.grouping, "sentence");
    assert_eq!(report.cv.evaluated, examples.len());
    assert!(report.to_text().contains("baseline: contains a digit"));
}

#[test]
fn training_files_are_well_formed() {
    let p = pipeline();
    for path in training_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        for (i, line) in text.lines().enumerate() {
            let e: gongkai::specificity::ExtraSentence = serde_json::from_str(line)
                .unwrap_or_else(|err| panic!("{}:{}: {err}", path.display(), i + 1));
            // One sentence per line, as the pipeline splits it.
            let doc = p.analyze("t", &format!("一、工作\n{}", e.text));
            assert_eq!(
                doc.sentences.len(),
                2,
                "{}:{}: {:?}",
                path.display(),
                i + 1,
                e.text
            );
        }
    }
}

/// Retrains on the seed gold (from ../shared) and our sentences: the figures
/// the issue asks for, and the shipped model when nothing has changed since it
/// was trained.
#[test]
fn seed_cross_validation_meets_the_targets() {
    let (Some(gold_dir), Some(seeds)) = (common::shared("gold"), common::shared("corpus/seeds"))
    else {
        return;
    };
    let gold: Vec<PathBuf> = ["seeds_a.jsonl", "seeds_b.jsonl"]
        .iter()
        .map(|f| gold_dir.join(f))
        .collect();
    let (model, report) = gongkai::specificity::train_from_files(
        &gold,
        &seeds,
        &training_files(),
        pipeline(),
        &TrainOptions::default(),
    )
    .unwrap();
    let cv = &report.cv;
    assert_eq!(cv.grouping, "document");
    assert!(report.unaligned.is_empty(), "{:?}", report.unaligned);
    assert!(cv.model.auc >= 0.92, "{}", report.to_text());
    assert!(cv.model.accuracy >= 0.92, "{}", report.to_text());
    assert!(cv.model_at_half.accuracy >= 0.92, "{}", report.to_text());
    assert!(cv.model.auc > cv.digit_baseline.auc + 0.05);
    assert!(cv.model.f1 > cv.digit_baseline.f1);
    let shipped = Model::embedded();
    if model.lexicon_hash == shipped.lexicon_hash {
        // Same lexicons: the data hash must match, and then the model too.
        assert_eq!(
            model.training_data.sha256, shipped.training_data.sha256,
            "training data changed: retrain with `cargo run --release --example train`"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Any text, any role: scoring does not panic, the probability is in
    /// [0, 1], every feature is finite.
    #[test]
    fn scoring_never_panics(
        text in "[一是二三《》“”\"0-9０-９年月日号条场件%、，。；：（）〔〕平安网微博局长张建国未收到等进一步高度重视a-z \n]{0,80}",
        role in 0usize..6,
    ) {
        let role = Role::ALL[role];
        let mut s = sentence_from_text(pipeline(), &text, Some(role));
        let v = scorer().extractor().values(&s);
        prop_assert!(v.iter().all(|x| x.is_finite()), "{v:?}");
        if let Some(score) = scorer().score(&s) {
            prop_assert!((0.0..=1.0).contains(&score.specificity));
            prop_assert_eq!(score.specific, score.specificity >= scorer().model().threshold);
        }
        // A record whose text disagrees with its matches (as after alignment)
        // is scored too.
        s.text = text.chars().rev().collect();
        let e = scorer().explain(&s);
        prop_assert!((0.0..=1.0).contains(&e.specificity));
    }
}

#[test]
fn a_model_from_another_build_is_refused() {
    let mut m = Model::embedded().clone();
    m.features.pop();
    let e = Scorer::new(pipeline().lexicons(), m).unwrap_err();
    assert!(e.to_string().contains("retrain"), "{e}");
    let json = Model::embedded().to_json().replace(
        "\"format\": \"gongkai-specificity\"",
        "\"format\": \"vaporetto\"",
    );
    let e = Model::from_json(&json).unwrap_err();
    assert!(e.to_string().contains("vaporetto"), "{e}");
}
