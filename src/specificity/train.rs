//! Training: labelled sentences → a [`Model`] and its cross-validated figures.
//!
//! **Examples** come from two kinds of file. Gold files in the schema's
//! format are stand-off: each line names a document and quotes a sentence;
//! the document is read from the docs directory, analysed with the
//! [`Pipeline`], and the gold sentence is aligned to the records the way
//! `gongkai eval` aligns it (text with whitespace removed, searched forward;
//! the records mostly inside it are merged). Only `work`, `problem` and `plan`
//! sentences with a `specific` label are used. Extra files (`training/*.jsonl`,
//! `{"text", "role", "specific"}` per line, optional `"note"`) hold sentences
//! we wrote ourselves; each is analysed alone ([`sentence_from_text`]).
//!
//! **Fit.** Features are standardised (mean and standard deviation of the
//! training data, stored in the model), then logistic regression with an L2
//! penalty is fitted by linfa-logistic (L-BFGS). Examples are sorted by
//! (document, role, label, text) first, so the order of files and lines does
//! not matter, and every written number is rounded to fixed decimals: the same
//! data gives a byte-identical model file.
//!
//! **Cross-validation.** k folds (default 5) *by document*: every gold
//! document sits in one fold (documents sorted by name, the i-th in fold
//! i mod k), so no fold is scored by a model that saw other sentences of the
//! same report — the honest estimate for reports not yet seen. Extra
//! sentences are always in the training part and never scored. Scores of the
//! held-out folds are pooled; AUC, accuracy, precision, recall and F1 are
//! computed for the model and for the one-line baseline "the sentence contains
//! an Arabic digit". Without gold, the extra sentences themselves are split
//! into k folds.
//!
//! **Threshold.** By default the one of 0.05, 0.10 … 0.95 that maximises the
//! pooled cross-validated accuracy (ties: the one nearest 0.5); the figures at
//! 0.5 are stored beside it, because choosing on the same scores flatters
//! accuracy a little. [`TrainOptions::threshold`] fixes it instead.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use linfa::traits::Fit;
use ndarray::{Array1, Array2};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::model::{
    CrossValidation, FORMAT, FORMAT_VERSION, FeatureWeight, Hyperparameters, Metrics, Model,
    TrainingData, round,
};
use super::{Extractor, FEATURES, N_FEATURES};
use crate::error::{Error, ErrorKind, Result};
use crate::{Pipeline, Role, Sentence};

/// One labelled sentence.
///
/// ```
/// let p = gongkai::Pipeline::new().unwrap();
/// let e = gongkai::specificity::Example {
///     sentence: gongkai::specificity::sentence_from_text(&p, "召开新闻发布会3场。", None),
///     specific: true, document: None, source: "mine.jsonl".into() };
/// assert_eq!(e.sentence.role, gongkai::Role::Work);
/// ```
#[derive(Debug, Clone)]
pub struct Example {
    /// The sentence record (for gold: built from the aligned records, with the
    /// gold role).
    pub sentence: Sentence,
    /// Gold label.
    pub specific: bool,
    /// The gold document it comes from; `None` for an extra sentence, which is
    /// always in the training part of a fold.
    pub document: Option<String>,
    /// The file it was read from (name only), for the model's provenance.
    pub source: String,
}

/// Gold sentences whose text was not found in their document: (document,
/// text).
///
/// ```
/// let u: gongkai::specificity::Unaligned = vec![("a.txt".into(), "不在文中。".into())];
/// assert_eq!(u[0].0, "a.txt");
/// ```
pub type Unaligned = Vec<(String, String)>;

/// One line of an extra training file (`training/*.jsonl`).
///
/// ```
/// let e: gongkai::specificity::ExtraSentence = serde_json::from_str(
///     r#"{"text": "召开新闻发布会3场。", "role": "work", "specific": true}"#).unwrap();
/// assert!(e.specific);
/// ```
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtraSentence {
    /// The sentence.
    pub text: String,
    /// `work`, `problem` or `plan`.
    pub role: Role,
    /// The label, following ANNOTATION.md.
    pub specific: bool,
    /// Why the label, for readers of the file (not used).
    #[serde(default)]
    pub note: Option<String>,
}

/// Settings of [`train`].
///
/// ```
/// let o = gongkai::specificity::TrainOptions::default();
/// assert_eq!(o.folds, 5);
/// assert!(o.threshold.is_none());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct TrainOptions {
    /// Number of cross-validation folds (at most the number of documents).
    pub folds: usize,
    /// L2 penalty (see [`Hyperparameters::alpha`]).
    pub alpha: f64,
    /// L-BFGS iteration limit.
    pub max_iterations: u64,
    /// L-BFGS gradient tolerance.
    pub gradient_tolerance: f64,
    /// A fixed threshold; `None` chooses it by cross-validated accuracy.
    pub threshold: Option<f64>,
    /// The command recorded in the model file.
    pub command: String,
}

impl Default for TrainOptions {
    fn default() -> TrainOptions {
        TrainOptions {
            folds: 5,
            alpha: 1.0,
            max_iterations: 1000,
            gradient_tolerance: 1e-6,
            threshold: None,
            command: "gongkai train".into(),
        }
    }
}

/// What [`train`] prints: the data, the cross-validated figures beside the
/// digit baseline, and the weights.
///
/// ```no_run
/// # let (gold, docs, extra): (Vec<std::path::PathBuf>, std::path::PathBuf, Vec<std::path::PathBuf>) = (vec![], Default::default(), vec![]);
/// let p = gongkai::Pipeline::new().unwrap();
/// let (model, report) = gongkai::specificity::train_from_files(
///     &gold, &docs, &extra, &p, &Default::default()).unwrap();
/// print!("{}", report.to_text());
/// std::fs::write("specificity.json", model.to_json()).unwrap();
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct TrainReport {
    /// gongkai version, lexicon hash, model hash, data hash.
    pub provenance: BTreeMap<&'static str, String>,
    /// What the model was trained on.
    pub training_data: TrainingData,
    /// Cross-validated figures (as stored in the model).
    pub cv: CrossValidation,
    /// The threshold and how it was chosen.
    pub threshold: (f64, String),
    /// Per feature: name, weight on the standardised value, weight per raw unit.
    pub weights: Vec<(&'static str, f64, f64)>,
    /// Gold sentences whose text was not found in their document (document,
    /// text); they are left out.
    pub unaligned: Unaligned,
}

impl TrainReport {
    /// The report for the terminal (example under [`TrainReport`]; see also
    /// [`train`]).
    pub fn to_text(&self) -> String {
        use std::fmt::Write;
        let mut s = String::new();
        let get = |k: &str| self.provenance.get(k).map_or("", String::as_str);
        let short = |h: &str| h.chars().take(12).collect::<String>();
        let _ = writeln!(
            s,
            "specificity model · gongkai {} · lexicons {} · model {} · data {}",
            get("gongkai_version"),
            short(get("lexicon_hash")),
            short(get("model_hash")),
            short(&self.training_data.sha256)
        );
        let d = &self.training_data;
        let _ = writeln!(
            s,
            "examples {} (gold {} from {} documents, extra {}) · specific {}",
            d.examples, d.gold, d.documents, d.extra, d.specific
        );
        let cv = &self.cv;
        let _ = writeln!(
            s,
            "\ncross-validation: {} folds by {}, {} held-out sentences ({} specific), scores pooled",
            cv.folds, cv.grouping, cv.evaluated, cv.specific
        );
        let _ = writeln!(
            s,
            "  {:<36} {:>6} {:>9} {:>9} {:>7} {:>6}",
            "", "AUC", "accuracy", "precision", "recall", "F1"
        );
        let mut rows = vec![(format!("model (threshold {})", self.threshold.0), cv.model)];
        if self.threshold.0 != 0.5 {
            rows.push(("model (threshold 0.5)".to_string(), cv.model_at_half));
        }
        if let Some(m) = cv.model_without_extra {
            rows.push((
                format!("model, gold only (threshold {})", self.threshold.0),
                m,
            ));
        }
        rows.push(("baseline: contains a digit".to_string(), cv.digit_baseline));
        for (name, m) in rows {
            let _ = writeln!(
                s,
                "  {name:<36} {:>6.3} {:>9.3} {:>9.3} {:>7.3} {:>6.3}",
                m.auc, m.accuracy, m.precision, m.recall, m.f1
            );
        }
        let _ = writeln!(s, "\nthreshold {}: {}", self.threshold.0, self.threshold.1);
        let _ = writeln!(
            s,
            "\n  {:<24} {:>12} {:>14}",
            "feature", "weight (std)", "per raw unit"
        );
        let mut weights = self.weights.clone();
        weights.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(b.0)));
        for (name, w, raw) in weights {
            let _ = writeln!(s, "  {name:<24} {w:>12.3} {raw:>14.3}");
        }
        if !self.unaligned.is_empty() {
            let _ = writeln!(
                s,
                "\n{} gold sentences not found in their documents (left out)",
                self.unaligned.len()
            );
        }
        s
    }
}

/// A [`Sentence`] for a sentence given alone (an extra training sentence, or
/// `gongkai explain "句子"`): the text is analysed under a neutral heading,
/// the records it gives are merged into one, and the role is `role` or, when
/// `None`, the one the pipeline assigns (`work`, or `plan` for 下一步…/将进一步…).
///
/// ```
/// let p = gongkai::Pipeline::new().unwrap();
/// let s = gongkai::specificity::sentence_from_text(&p, "通过政务微博发布信息389条。", None);
/// assert_eq!(s.role, gongkai::Role::Work);
/// assert_eq!(s.quantities[0].value, 389.0);
/// let s = gongkai::specificity::sentence_from_text(&p, "网站更新不及时。", Some(gongkai::Role::Problem));
/// assert_eq!(s.role, gongkai::Role::Problem);
/// ```
pub fn sentence_from_text(pipeline: &Pipeline, text: &str, role: Option<Role>) -> Sentence {
    const HEADING: &str = "一、工作情况\n";
    let text = text.trim();
    let doc = pipeline.analyze("sentence", &format!("{HEADING}{text}"));
    let records: Vec<&Sentence> = doc.sentences.iter().skip(1).collect();
    let mut s = merge(&doc.sentences[0], &records);
    s.text = text.to_string();
    s.start = 0;
    s.end = text.chars().count();
    s.sid = 1;
    s.role = role.unwrap_or_else(|| records.first().map_or(Role::Work, |r| r.role));
    s
}

/// One record standing for `records` (their tags, matches and quantities),
/// with the other fields of `base`.
fn merge(base: &Sentence, records: &[&Sentence]) -> Sentence {
    let mut s = base.clone();
    s.channels.clear();
    s.issues.clear();
    s.matches.clear();
    s.quantities.clear();
    for r in records {
        for c in &r.channels {
            if !s.channels.contains(c) {
                s.channels.push(c.clone());
            }
        }
        for i in &r.issues {
            if !s.issues.contains(i) {
                s.issues.push(i.clone());
            }
        }
        s.matches.extend(r.matches.iter().cloned());
        s.quantities.extend(r.quantities.iter().cloned());
    }
    s
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Reads gold files (aligned to the documents in `docs`) and extra sentence
/// files into examples; also returns the gold sentences that could not be
/// found in their documents. Errors name the file and line.
///
/// ```
/// let dir = std::env::temp_dir().join("gongkai-doc-load-examples");
/// std::fs::create_dir_all(&dir).unwrap();
/// std::fs::write(dir.join("r.txt"), "一、工作\n召开新闻发布会3场。\n进一步加强领导。\n").unwrap();
/// std::fs::write(dir.join("g.jsonl"), concat!(
///     r#"{"doc":"r.txt","text":"一、工作","role":"heading","specific":null}"#, "\n",
///     r#"{"doc":"r.txt","text":"召开新闻发布会3场。","role":"work","specific":true}"#, "\n",
///     r#"{"doc":"r.txt","text":"进一步加强领导。","role":"work","specific":false}"#, "\n")).unwrap();
/// std::fs::write(dir.join("x.jsonl"), r#"{"text":"不断完善机制。","role":"plan","specific":false}"#).unwrap();
/// let p = gongkai::Pipeline::new().unwrap();
/// let (ex, unaligned) = gongkai::specificity::load_examples(
///     &[dir.join("g.jsonl")], &dir, &[dir.join("x.jsonl")], &p).unwrap();
/// assert_eq!(ex.len(), 3);
/// assert_eq!(ex[0].document.as_deref(), Some("r.txt"));
/// assert_eq!(ex[0].sentence.quantities.len(), 1);
/// assert!(ex[2].document.is_none());
/// assert!(unaligned.is_empty());
/// ```
pub fn load_examples(
    gold: &[PathBuf],
    docs: &Path,
    extra: &[PathBuf],
    pipeline: &Pipeline,
) -> Result<(Vec<Example>, Unaligned)> {
    let mut out = Vec::new();
    let mut unaligned = Vec::new();
    for path in gold {
        let source = file_name(path);
        let sentences = crate::eval::load_gold(std::slice::from_ref(path))?;
        let mut analysed: BTreeMap<String, (crate::Document, crate::eval::Stripped)> =
            BTreeMap::new();
        let mut cursor: BTreeMap<String, usize> = BTreeMap::new();
        for g in sentences {
            let Some(specific) = g.specific else { continue };
            if !matches!(g.role, Role::Work | Role::Problem | Role::Plan) {
                continue;
            }
            if !analysed.contains_key(&g.doc) {
                let doc_path = docs.join(&g.doc);
                let bytes = std::fs::read(&doc_path).map_err(|e| {
                    Error::new(
                        ErrorKind::Gold,
                        format!("{}: names {}: {e}", path.display(), doc_path.display()),
                    )
                })?;
                let doc = pipeline.analyze_bytes(&g.doc, &bytes).map_err(|e| {
                    Error::new(ErrorKind::Gold, format!("{}: {e}", doc_path.display()))
                })?;
                let view = crate::eval::stripped(&doc.text);
                analysed.insert(g.doc.clone(), (doc, view));
            }
            let (doc, view) = &analysed[&g.doc];
            let from = cursor.get(&g.doc).copied().unwrap_or(0);
            let Some((sentence, next)) = align(doc, view, &g.text, from) else {
                unaligned.push((g.doc.clone(), g.text.clone()));
                continue;
            };
            cursor.insert(g.doc.clone(), next);
            out.push(Example {
                sentence: Sentence {
                    role: g.role,
                    ..sentence
                },
                specific,
                document: Some(g.doc.clone()),
                source: source.clone(),
            });
        }
    }
    for path in extra {
        let source = file_name(path);
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::new(ErrorKind::Gold, format!("{}: {e}", path.display())))?;
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let e: ExtraSentence = serde_json::from_str(line).map_err(|e| {
                Error::new(
                    ErrorKind::Gold,
                    format!("{}:{}: {e}", path.display(), i + 1),
                )
            })?;
            if !matches!(e.role, Role::Work | Role::Problem | Role::Plan)
                || e.text.trim().is_empty()
            {
                return Err(Error::new(
                    ErrorKind::Gold,
                    format!(
                        "{}:{}: role {} with text {:?}; extra sentences are non-empty work, problem or plan sentences",
                        path.display(),
                        i + 1,
                        e.role.as_str(),
                        e.text
                    ),
                ));
            }
            out.push(Example {
                sentence: sentence_from_text(pipeline, &e.text, Some(e.role)),
                specific: e.specific,
                document: None,
                source: source.clone(),
            });
        }
    }
    Ok((out, unaligned))
}

/// The record for a gold sentence: the records mostly inside its span (and the
/// one overlapping it most, see [`crate::eval`]) merged, with the document's
/// text of the span. Also returns where to search for the next gold sentence.
fn align(
    doc: &crate::Document,
    view: &crate::eval::Stripped,
    gold_text: &str,
    from: usize,
) -> Option<(Sentence, usize)> {
    let a = crate::eval::align(doc, view, gold_text, from)?;
    let mut s = merge(a.best, &a.inside);
    s.text = doc
        .text
        .chars()
        .skip(a.start)
        .take(a.end - a.start)
        .collect();
    s.start = a.start;
    s.end = a.end;
    Some((s, a.next_from))
}

/// Standardisation and weights fitted on some examples.
struct Fitted {
    mean: [f64; N_FEATURES],
    scale: [f64; N_FEATURES],
    weight: [f64; N_FEATURES],
    intercept: f64,
}

impl Fitted {
    fn probability(&self, x: &[f64; N_FEATURES]) -> f64 {
        let z: f64 = self.intercept
            + (0..N_FEATURES)
                .map(|j| self.weight[j] * (x[j] - self.mean[j]) / self.scale[j])
                .sum::<f64>();
        1.0 / (1.0 + (-z).exp())
    }
}

fn fit(rows: &[&[f64; N_FEATURES]], labels: &[bool], opts: &TrainOptions) -> Result<Fitted> {
    let n = rows.len();
    let positives = labels.iter().filter(|&&l| l).count();
    if positives == 0 || positives == n {
        return Err(Error::new(
            ErrorKind::Gold,
            format!(
                "training data: {n} examples of which {positives} specific; both labels are needed"
            ),
        ));
    }
    let mut mean = [0.0; N_FEATURES];
    let mut scale = [1.0; N_FEATURES];
    for j in 0..N_FEATURES {
        mean[j] = rows.iter().map(|r| r[j]).sum::<f64>() / n as f64;
        let var = rows.iter().map(|r| (r[j] - mean[j]).powi(2)).sum::<f64>() / n as f64;
        if var.sqrt() > 1e-9 {
            scale[j] = var.sqrt();
        }
    }
    let z = Array2::from_shape_fn((n, N_FEATURES), |(i, j)| (rows[i][j] - mean[j]) / scale[j]);
    let y = Array1::from_iter(labels.iter().copied());
    let data = linfa::Dataset::new(z, y);
    let fitted = linfa_logistic::LogisticRegression::default()
        .alpha(opts.alpha)
        .max_iterations(opts.max_iterations)
        .gradient_tolerance(opts.gradient_tolerance)
        .fit(&data)
        .map_err(|e| Error::new(ErrorKind::Gold, format!("logistic regression: {e}")))?;
    // linfa-logistic models the probability of its `pos` class; make it `true`.
    let sign = if fitted.labels().pos.class { 1.0 } else { -1.0 };
    let mut weight = [0.0; N_FEATURES];
    for (w, p) in weight.iter_mut().zip(fitted.params().iter()) {
        *w = sign * p;
    }
    Ok(Fitted {
        mean,
        scale,
        weight,
        intercept: sign * fitted.intercept(),
    })
}

fn metrics(scores: &[(f64, bool)], threshold: f64) -> Metrics {
    let (mut tp, mut fp, mut fn_, mut right) = (0usize, 0usize, 0usize, 0usize);
    for &(p, label) in scores {
        let predicted = p >= threshold;
        right += usize::from(predicted == label);
        match (predicted, label) {
            (true, true) => tp += 1,
            (true, false) => fp += 1,
            (false, true) => fn_ += 1,
            _ => {}
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let precision = ratio(tp, tp + fp);
    let recall = ratio(tp, tp + fn_);
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    Metrics {
        auc: round(super::auc(scores), 4),
        accuracy: round(ratio(right, scores.len()), 4),
        precision: round(precision, 4),
        recall: round(recall, 4),
        f1: round(f1, 4),
    }
}

fn choose_threshold(scores: &[(f64, bool)]) -> f64 {
    let accuracy = |t: f64| scores.iter().filter(|&&(p, l)| (p >= t) == l).count();
    let mut best = (0usize, 0.5f64);
    for k in 1..=19 {
        let t = f64::from(k) / 20.0;
        let a = accuracy(t);
        let closer = (t - 0.5).abs() < (best.1 - 0.5).abs() - 1e-12;
        if a > best.0 || (a == best.0 && closer) {
            best = (a, t);
        }
    }
    round(best.1, 2)
}

/// Fits a model on `examples` and cross-validates it (see the module doc for
/// the folds, the baseline and the threshold).
///
/// ```
/// let p = gongkai::Pipeline::new().unwrap();
/// let x = gongkai::specificity::Extractor::new(p.lexicons()).unwrap();
/// let mut examples = Vec::new();
/// for (i, (text, specific)) in [
///     ("全年发布信息1200条。", true), ("召开新闻发布会5场。", true),
///     ("开通“平安青山”微博。", true), ("未收到政府信息公开申请。", true),
///     ("进一步加强组织领导。", false), ("不断完善工作机制。", false),
///     ("切实提高工作水平。", false), ("高度重视政务公开工作。", false),
/// ].into_iter().enumerate() {
///     examples.push(gongkai::specificity::Example {
///         sentence: gongkai::specificity::sentence_from_text(&p, text, None),
///         specific, document: Some(format!("doc{}", i % 4)), source: "t".into() });
/// }
/// let opts = gongkai::specificity::TrainOptions { folds: 4, ..Default::default() };
/// let (model, report) = gongkai::specificity::train(&examples, &x, &opts).unwrap();
/// assert_eq!(model.training_data.examples, 8);
/// assert_eq!(report.cv.folds, 4);
/// assert!(report.to_text().contains("baseline: contains a digit"));
/// ```
pub fn train(
    examples: &[Example],
    extractor: &Extractor,
    opts: &TrainOptions,
) -> Result<(Model, TrainReport)> {
    if opts.folds < 2 {
        return Err(Error::new(
            ErrorKind::Gold,
            format!(
                "training: {} folds; cross-validation needs at least 2",
                opts.folds
            ),
        ));
    }
    let alpha_ok = opts.alpha.is_finite() && opts.alpha > 0.0;
    let tol_ok = opts.gradient_tolerance.is_finite() && opts.gradient_tolerance > 0.0;
    let threshold_ok = opts.threshold.is_none_or(|t| t > 0.0 && t < 1.0);
    if !(alpha_ok && tol_ok && threshold_ok && opts.max_iterations > 0) {
        return Err(Error::new(
            ErrorKind::Gold,
            format!(
                "training: alpha {} and gradient tolerance {} must be positive, max_iterations {} at least 1, threshold {:?} between 0 and 1",
                opts.alpha, opts.gradient_tolerance, opts.max_iterations, opts.threshold
            ),
        ));
    }
    // Canonical order: the result must not depend on file or line order.
    let key = |e: &Example| {
        (
            e.document.clone().unwrap_or_default(),
            e.sentence.role.as_str(),
            e.specific,
            e.sentence.text.trim().to_string(),
        )
    };
    let mut order: Vec<usize> = (0..examples.len()).collect();
    order.sort_by_cached_key(|&i| key(&examples[i]));
    let examples: Vec<&Example> = order.iter().map(|&i| &examples[i]).collect();
    let x: Vec<[f64; N_FEATURES]> = examples
        .iter()
        .map(|e| extractor.values(&e.sentence))
        .collect();
    let y: Vec<bool> = examples.iter().map(|e| e.specific).collect();

    let mut hasher = Sha256::new();
    for e in &examples {
        let (doc, role, label, text) = key(e);
        hasher.update(format!("{doc}\t{role}\t{}\t{text}\n", u8::from(label)).as_bytes());
    }
    let sha256: String = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let mut files: Vec<String> = examples.iter().map(|e| e.source.clone()).collect();
    files.sort();
    files.dedup();
    let mut documents: Vec<&str> = examples
        .iter()
        .filter_map(|e| e.document.as_deref())
        .collect();
    documents.sort_unstable();
    documents.dedup();
    let gold = examples.iter().filter(|e| e.document.is_some()).count();
    let training_data = TrainingData {
        sha256,
        examples: examples.len(),
        gold,
        extra: examples.len() - gold,
        specific: y.iter().filter(|&&l| l).count(),
        documents: documents.len(),
        files,
    };

    // Folds: gold documents round-robin; without (enough) gold documents, the
    // held-out sentences themselves.
    let (evaluated, fold_of, folds, grouping): (Vec<usize>, Vec<usize>, usize, &str) =
        if documents.len() >= 2 {
            let k = opts.folds.min(documents.len());
            let eval: Vec<usize> = (0..examples.len())
                .filter(|&i| examples[i].document.is_some())
                .collect();
            let fold = eval
                .iter()
                .map(|&i| {
                    let d = examples[i].document.as_deref().unwrap_or_default();
                    documents.binary_search(&d).unwrap_or(0) % k
                })
                .collect();
            (eval, fold, k, "document")
        } else {
            let eval: Vec<usize> = if gold > 0 {
                (0..examples.len())
                    .filter(|&i| examples[i].document.is_some())
                    .collect()
            } else {
                (0..examples.len()).collect()
            };
            let k = opts.folds.min(eval.len()).max(2);
            let fold = (0..eval.len()).map(|i| i % k).collect();
            (eval, fold, k, "sentence")
        };
    let held_out = |f: usize| -> Vec<usize> {
        evaluated
            .iter()
            .zip(&fold_of)
            .filter(|(_, g)| **g == f)
            .map(|(&i, _)| i)
            .collect()
    };
    let cross_validate = |with_extra: bool| -> Result<Vec<(f64, bool)>> {
        let mut scores = Vec::with_capacity(evaluated.len());
        for f in 0..folds {
            let test = held_out(f);
            let train_idx: Vec<usize> = (0..examples.len())
                .filter(|i| !test.contains(i))
                .filter(|&i| with_extra || examples[i].document.is_some())
                .collect();
            let rows: Vec<&[f64; N_FEATURES]> = train_idx.iter().map(|&i| &x[i]).collect();
            let labels: Vec<bool> = train_idx.iter().map(|&i| y[i]).collect();
            let m = fit(&rows, &labels, opts)?;
            scores.extend(test.iter().map(|&i| (m.probability(&x[i]), y[i])));
        }
        Ok(scores)
    };
    let scores = cross_validate(true)?;
    let without_extra = if gold > 0 && training_data.extra > 0 && grouping == "document" {
        Some(cross_validate(false)?)
    } else {
        None
    };
    let (threshold, rule) = match opts.threshold {
        Some(t) => (t, "fixed by the caller".to_string()),
        None => (
            choose_threshold(&scores),
            "maximises pooled cross-validated accuracy over 0.05, 0.10 … 0.95 (ties: nearest 0.5)"
                .to_string(),
        ),
    };
    let digit = super::feature_index("has_digit").unwrap_or(1);
    let baseline: Vec<(f64, bool)> = evaluated.iter().map(|&i| (x[i][digit], y[i])).collect();
    let cv = CrossValidation {
        folds,
        grouping: grouping.to_string(),
        evaluated: evaluated.len(),
        specific: evaluated.iter().filter(|&&i| y[i]).count(),
        model: metrics(&scores, threshold),
        model_at_half: metrics(&scores, 0.5),
        digit_baseline: metrics(&baseline, 0.5),
        model_without_extra: without_extra.map(|s| metrics(&s, threshold)),
    };

    let all: Vec<&[f64; N_FEATURES]> = x.iter().collect();
    let fitted = fit(&all, &y, opts)?;
    let features: Vec<FeatureWeight> = (0..N_FEATURES)
        .map(|j| FeatureWeight {
            name: FEATURES[j].name.to_string(),
            mean: round(fitted.mean[j], 6),
            scale: round(fitted.scale[j], 6).max(1e-6),
            weight: round(fitted.weight[j], 6),
        })
        .collect();
    let model = Model {
        format: FORMAT.to_string(),
        format_version: FORMAT_VERSION,
        gongkai_version: crate::VERSION.to_string(),
        command: opts.command.clone(),
        lexicon_hash: extractor.lexicon_hash().to_string(),
        training_data: training_data.clone(),
        hyperparameters: Hyperparameters {
            alpha: opts.alpha,
            max_iterations: opts.max_iterations,
            gradient_tolerance: opts.gradient_tolerance,
        },
        features,
        intercept: round(fitted.intercept, 6),
        threshold,
        threshold_rule: rule.clone(),
        cv: cv.clone(),
    };
    let report = TrainReport {
        provenance: BTreeMap::from([
            ("gongkai_version", crate::VERSION.to_string()),
            ("lexicon_hash", extractor.lexicon_hash().to_string()),
            ("model_hash", model.hash()),
        ]),
        training_data,
        cv,
        threshold: (threshold, rule),
        weights: model
            .features
            .iter()
            .zip(FEATURES)
            .map(|(w, f)| (f.name, w.weight, round(w.weight / w.scale, 6)))
            .collect(),
        unaligned: Vec::new(),
    };
    Ok((model, report))
}

/// [`load_examples`] then [`train`], with the extractor built from the
/// pipeline's lexicons: what `gongkai train --gold FILE... --docs DIR --extra
/// FILE...` runs. Example under [`TrainReport`].
pub fn train_from_files(
    gold: &[PathBuf],
    docs: &Path,
    extra: &[PathBuf],
    pipeline: &Pipeline,
    opts: &TrainOptions,
) -> Result<(Model, TrainReport)> {
    let extractor = Extractor::new(pipeline.lexicons())?;
    let (examples, unaligned) = load_examples(gold, docs, extra, pipeline)?;
    let (model, mut report) = train(&examples, &extractor, opts)?;
    report.unaligned = unaligned;
    Ok((model, report))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threshold_prefers_accuracy_then_half() {
        let s = [(0.9, true), (0.6, false), (0.2, false)];
        assert_eq!(choose_threshold(&s), 0.65);
        let s = [(0.9, true), (0.1, false)];
        assert_eq!(choose_threshold(&s), 0.5);
    }

    #[test]
    fn metrics_count_right() {
        let m = metrics(&[(0.9, true), (0.6, false), (0.2, true), (0.1, false)], 0.5);
        assert_eq!((m.accuracy, m.precision, m.recall), (0.5, 0.5, 0.5));
        assert_eq!(m.auc, 0.75);
    }

    #[test]
    fn alignment_merges_records_and_keeps_document_text() {
        let p = Pipeline::new().unwrap();
        let text = "一、工作\n省公安厅面向\n\n社会发布信息30条。\n进一步加强。";
        let doc = p.analyze("d", text);
        let view = crate::eval::stripped(&doc.text);
        let (s, next) = align(&doc, &view, "省公安厅面向社会发布信息30条。", 0).unwrap();
        assert_eq!(s.text, "省公安厅面向\n\n社会发布信息30条。");
        assert_eq!(s.quantities.len(), 1);
        assert!(align(&doc, &view, "不存在的句子", next).is_none());
    }
}
