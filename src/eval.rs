//! Evaluation: predicted [`Document`]s + gold sentences → agreement figures.
//!
//! Takes gold files in the schema's format (JSON Lines; `doc`, `text`, `role`,
//! `channels`, `issues`, …) and the documents gongkai produced for the same
//! files, and gives precision, recall and F1 per channel and issue id,
//! micro-averaged F1 per family, and role accuracy with its confusion matrix.
//!
//! **Alignment.** A gold sentence is found in its document by its text with all
//! whitespace removed (searching forward from the previous gold sentence, then
//! from the start). Its predicted labels are the union over the predicted
//! records that lie mostly (more than half their length) inside it, plus the
//! record that overlaps it most; its predicted role is that record's role. So
//! the two sides need not split sentences the same way: a whole predicted table
//! aligns with a gold record that quotes only its first cell.
//!
//! Only gold sentences are scored; predicted records with no gold counterpart
//! are ignored (gold files need not cover every sentence).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind, Result};
use crate::{Document, Role};

/// One gold sentence (fields gongkai does not score yet are kept as JSON).
///
/// ```
/// let g: gongkai::eval::GoldSentence = serde_json::from_str(
///     r#"{"doc":"a.txt","text":"开通政务微博。","role":"work","channels":["weibo"],"issues":[]}"#).unwrap();
/// assert_eq!(g.role, gongkai::Role::Work);
/// ```
#[derive(Debug, Clone, Deserialize)]
pub struct GoldSentence {
    /// Document file name.
    pub doc: String,
    /// The sentence as it stands in the document (line breaks removed).
    pub text: String,
    /// Gold role.
    pub role: Role,
    /// Gold channel ids.
    #[serde(default)]
    pub channels: Vec<String>,
    /// Gold issue ids.
    #[serde(default)]
    pub issues: Vec<String>,
    /// Gold specificity (scored in a later version).
    #[serde(default)]
    pub specific: Option<bool>,
    /// Gold quantities.
    #[serde(default)]
    pub quantities: Vec<GoldQuantity>,
}

/// One gold quantity (ANNOTATION.md, "quantities").
///
/// ```
/// let q: gongkai::eval::GoldQuantity = serde_json::from_str(
///     r#"{"value": 389, "unit": "條", "approx": false, "channel": "weibo", "what": "posts"}"#).unwrap();
/// assert_eq!(q.value, 389.0);
/// ```
#[derive(Debug, Clone, Deserialize)]
pub struct GoldQuantity {
    /// The value.
    pub value: f64,
    /// The unit as written.
    pub unit: String,
    /// Approximate?
    #[serde(default)]
    pub approx: bool,
    /// The channel the count is about.
    #[serde(default)]
    pub channel: Option<String>,
    /// What is counted.
    #[serde(default)]
    pub what: Option<String>,
}

/// Units compared in simplified form (traditional 條 equals 条), with the
/// full-width percent sign folded.
fn simplified_unit(unit: &str) -> String {
    unit.chars()
        .map(|c| match c {
            '％' => '%',
            c => crate::text::to_simplified(c),
        })
        .collect()
}

fn same_value(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0)
}

/// Reads gold JSON Lines files; errors name the file and line.
///
/// ```
/// let dir = std::env::temp_dir().join("gongkai-doc-gold");
/// std::fs::create_dir_all(&dir).unwrap();
/// let f = dir.join("g.jsonl");
/// std::fs::write(&f, "{\"doc\":\"a.txt\",\"text\":\"x\",\"role\":\"work\"}\nnot json\n").unwrap();
/// let e = gongkai::eval::load_gold(&[f]).unwrap_err();
/// assert!(e.to_string().contains("g.jsonl:2"));
/// ```
pub fn load_gold<P: AsRef<Path>>(paths: &[P]) -> Result<Vec<GoldSentence>> {
    let mut out = Vec::new();
    for path in paths {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::new(ErrorKind::Gold, format!("{}: {e}", path.display())))?;
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let g: GoldSentence = serde_json::from_str(line).map_err(|e| {
                Error::new(
                    ErrorKind::Gold,
                    format!("{}:{}: {e}", path.display(), i + 1),
                )
            })?;
            out.push(g);
        }
    }
    Ok(out)
}

/// Precision, recall and F1 of one id.
///
/// ```
/// let s = gongkai::eval::LabelScore::new("weibo", 8, 2, 0);
/// assert_eq!(s.precision, 0.8);
/// assert_eq!(s.recall, 1.0);
/// ```
#[derive(Debug, Clone, Serialize)]
pub struct LabelScore {
    /// The id.
    pub id: String,
    /// Gold sentences carrying it.
    pub support: usize,
    /// True positives.
    pub tp: usize,
    /// False positives.
    pub fp: usize,
    /// False negatives.
    pub fn_: usize,
    /// tp / (tp + fp); 1 when nothing was predicted.
    pub precision: f64,
    /// tp / (tp + fn); 1 when there was nothing to find.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
}

impl LabelScore {
    /// Scores from counts.
    ///
    /// ```
    /// assert_eq!(gongkai::eval::LabelScore::new("x", 1, 1, 0).f1, 2.0 / 3.0);
    /// ```
    pub fn new(id: &str, tp: usize, fp: usize, fn_: usize) -> LabelScore {
        let precision = if tp + fp == 0 {
            1.0
        } else {
            tp as f64 / (tp + fp) as f64
        };
        let recall = if tp + fn_ == 0 {
            1.0
        } else {
            tp as f64 / (tp + fn_) as f64
        };
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        LabelScore {
            id: id.to_string(),
            support: tp + fn_,
            tp,
            fp,
            fn_,
            precision,
            recall,
            f1,
        }
    }
}

/// Per-id scores and their micro average for one family.
///
/// ```
/// # use gongkai::eval::*;
/// let s = FamilyScores { labels: vec![], micro: LabelScore::new("micro", 0, 0, 0) };
/// assert_eq!(s.micro.f1, 1.0);
/// ```
#[derive(Debug, Clone, Serialize)]
pub struct FamilyScores {
    /// One entry per id of the lexicon, then any id found only in gold.
    pub labels: Vec<LabelScore>,
    /// Micro-averaged scores over all ids (id `micro`).
    pub micro: LabelScore,
}

/// Where a gold sentence went wrong, for error analysis (see [`evaluate`]).
///
/// ```
/// let d = gongkai::eval::Disagreement { doc: "a".into(), text: "x".into(),
///     role: (gongkai::Role::Work, gongkai::Role::Plan), channels: (vec![], vec![]), issues: (vec![], vec![]) };
/// assert_ne!(d.role.0, d.role.1);
/// ```
#[derive(Debug, Clone, Serialize)]
pub struct Disagreement {
    /// Document.
    pub doc: String,
    /// Gold text.
    pub text: String,
    /// Gold role / predicted role.
    pub role: (Role, Role),
    /// Channel ids missed and added.
    pub channels: (Vec<String>, Vec<String>),
    /// Issue ids missed and added.
    pub issues: (Vec<String>, Vec<String>),
}

/// Everything `gongkai eval` reports; built by [`evaluate`].
///
/// ```
/// let p = gongkai::Pipeline::new().unwrap();
/// let text = "一、概述\n开通政务微博。".to_string();
/// let doc = p.analyze("a.txt", &text);
/// let gold: Vec<gongkai::eval::GoldSentence> = vec![serde_json::from_str(
///     r#"{"doc":"a.txt","text":"开通政务微博。","role":"work","channels":["weibo"],"issues":[]}"#).unwrap()];
/// let docs = std::collections::HashMap::from([("a.txt".to_string(), (doc, text))]);
/// let report = gongkai::eval::evaluate(&gold, &docs, &p);
/// assert_eq!(report.role_accuracy, 1.0);
/// assert_eq!(report.channels.micro.f1, 1.0);
/// assert!(report.to_text().contains("role accuracy 1.000"));
/// ```
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// gongkai version and lexicon hash.
    pub provenance: crate::output::Provenance,
    /// Gold sentences read.
    pub gold_sentences: usize,
    /// Gold sentences found in their documents.
    pub aligned: usize,
    /// Gold sentences whose text was not found (document, text).
    pub unaligned: Vec<(String, String)>,
    /// Share of aligned gold sentences whose role was predicted.
    pub role_accuracy: f64,
    /// Role confusion: gold role → predicted role → count.
    pub role_confusion: BTreeMap<String, BTreeMap<String, usize>>,
    /// Channel scores.
    pub channels: FamilyScores,
    /// Issue scores.
    pub issues: FamilyScores,
    /// Quantities matched on value and (simplified) unit within aligned
    /// sentences; zero values are ignored on both sides (ANNOTATION.md).
    pub quantities: LabelScore,
    /// Share of matched quantities whose channel (or its absence) agrees.
    pub quantity_channel_accuracy: f64,
    /// Sentence specificity against the gold `specific` labels, when the gold
    /// has any.
    pub specificity: Option<SpecificityScore>,
    /// Every aligned sentence with a wrong role or label.
    pub disagreements: Vec<Disagreement>,
}

/// Agreement of the specificity scores with gold `specific` labels.
///
/// ```
/// let s = gongkai::eval::SpecificityScore { sentences: 2, auc: 1.0, accuracy: 1.0,
///     rank_correlation: None, per_report: vec![] };
/// assert_eq!(s.auc, 1.0);
/// ```
#[derive(Debug, Clone, Serialize)]
pub struct SpecificityScore {
    /// Gold-labelled sentences that aligned with a scored record.
    pub sentences: usize,
    /// Area under the ROC curve of `specificity` against the gold label.
    pub auc: f64,
    /// Share of those sentences whose `specific` equals the gold label.
    pub accuracy: f64,
    /// Spearman rank correlation, across reports, between each report's
    /// specificity index and its gold share of specific sentences (`None`
    /// with fewer than three reports or no variation).
    pub rank_correlation: Option<f64>,
    /// The two figures per report.
    pub per_report: Vec<ReportSpecificity>,
}

/// One report's specificity index against its gold share of specific sentences.
///
/// ```
/// let r = gongkai::eval::ReportSpecificity { doc: "a.txt".into(), gold_share: 0.5, specificity_index: 0.4 };
/// assert!(r.gold_share > r.specificity_index);
/// ```
#[derive(Debug, Clone, Serialize)]
pub struct ReportSpecificity {
    /// Document name.
    pub doc: String,
    /// Share of the report's gold-labelled sentences that are specific.
    pub gold_share: f64,
    /// The report's specificity index (share of `specific` among its scored records).
    pub specificity_index: f64,
}

/// Spearman's rank correlation (average ranks for ties).
fn spearman(a: &[f64], b: &[f64]) -> Option<f64> {
    fn ranks(x: &[f64]) -> Vec<f64> {
        let mut order: Vec<usize> = (0..x.len()).collect();
        order.sort_by(|&i, &j| x[i].total_cmp(&x[j]));
        let mut r = vec![0.0; x.len()];
        let mut i = 0;
        while i < order.len() {
            let mut j = i;
            while j + 1 < order.len() && x[order[j + 1]] == x[order[i]] {
                j += 1;
            }
            for k in i..=j {
                r[order[k]] = (i + j) as f64 / 2.0 + 1.0;
            }
            i = j + 1;
        }
        r
    }
    if a.len() < 3 || a.len() != b.len() {
        return None;
    }
    let (ra, rb) = (ranks(a), ranks(b));
    let mean = (a.len() as f64 + 1.0) / 2.0;
    let cov: f64 = ra
        .iter()
        .zip(&rb)
        .map(|(x, y)| (x - mean) * (y - mean))
        .sum();
    let var_a: f64 = ra.iter().map(|x| (x - mean).powi(2)).sum();
    let var_b: f64 = rb.iter().map(|y| (y - mean).powi(2)).sum();
    (var_a > 0.0 && var_b > 0.0).then(|| cov / (var_a * var_b).sqrt())
}

/// Whitespace-free view of a document's text with a map back to offsets.
pub(crate) struct Stripped {
    text: String,
    /// Document character offset of the character starting at each byte.
    doc_at: Vec<usize>,
}

pub(crate) fn stripped(text: &str) -> Stripped {
    let mut out = Stripped {
        text: String::with_capacity(text.len()),
        doc_at: Vec::new(),
    };
    for (i, c) in text.chars().enumerate() {
        if !c.is_whitespace() {
            out.text.push(c);
            out.doc_at.extend(std::iter::repeat_n(i, c.len_utf8()));
        }
    }
    out
}

/// Where a gold sentence sits in a document and the records that stand for it.
pub(crate) struct Alignment<'d> {
    /// Document character span of the gold text.
    pub start: usize,
    pub end: usize,
    /// The record overlapping it most.
    pub best: &'d crate::Sentence,
    /// `best` and every record mostly inside the span.
    pub inside: Vec<&'d crate::Sentence>,
    /// Where to search for the next gold sentence of the document.
    pub next_from: usize,
}

/// Finds a gold sentence's text (whitespace ignored) in a document, searching
/// from `from` first (gold is in document order), then from the start.
pub(crate) fn align<'d>(
    doc: &'d Document,
    view: &Stripped,
    gold_text: &str,
    from: usize,
) -> Option<Alignment<'d>> {
    let needle: String = gold_text.chars().filter(|c| !c.is_whitespace()).collect();
    if needle.is_empty() {
        return None;
    }
    let at = view.text[from.min(view.text.len())..]
        .find(&needle)
        .map(|i| i + from)
        .or_else(|| view.text.find(&needle))?;
    let start = view.doc_at[at];
    let end = view.doc_at[at + needle.len() - 1] + 1;
    let overlap = |s: &crate::Sentence| s.end.min(end).saturating_sub(s.start.max(start));
    let best = doc
        .sentences
        .iter()
        .max_by_key(|s| (overlap(s), std::cmp::Reverse(s.start)))
        .filter(|b| overlap(b) > 0)?;
    let inside = doc
        .sentences
        .iter()
        .filter(|s| std::ptr::eq(*s, best) || 2 * overlap(s) > s.end - s.start)
        .collect();
    Some(Alignment {
        start,
        end,
        best,
        inside,
        next_from: at + needle.len(),
    })
}

/// Scores `docs` against `gold`. `docs` maps a document name to its analysis
/// and its decoded text (to align gold sentences); see [`Report`] for an example.
pub fn evaluate(
    gold: &[GoldSentence],
    docs: &HashMap<String, (Document, String)>,
    pipeline: &crate::Pipeline,
) -> Report {
    let lex = pipeline.lexicons();
    // Specificity: (score, gold) per aligned labelled sentence, and per
    // document (gold specific, gold labelled).
    let mut spec_pairs: Vec<(f64, bool, bool)> = Vec::new();
    let mut spec_docs: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut counts: HashMap<(bool, String), (usize, usize, usize)> = HashMap::new();
    let mut confusion: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    let mut unaligned = Vec::new();
    let mut disagreements = Vec::new();
    let (mut aligned, mut roles_right) = (0usize, 0usize);
    let (mut q_tp, mut q_fp, mut q_fn, mut q_channel_right) = (0usize, 0usize, 0usize, 0usize);
    let mut cursor: HashMap<&str, usize> = HashMap::new();
    let mut views: HashMap<&str, Stripped> = HashMap::new();
    for g in gold {
        let Some((doc, text)) = docs.get(&g.doc) else {
            unaligned.push((g.doc.clone(), g.text.clone()));
            continue;
        };
        let view = views
            .entry(g.doc.as_str())
            .or_insert_with(|| stripped(text));
        let from = cursor.get(g.doc.as_str()).copied().unwrap_or(0);
        let Some(Alignment {
            best,
            inside,
            next_from,
            ..
        }) = align(doc, view, &g.text, from)
        else {
            unaligned.push((g.doc.clone(), g.text.clone()));
            continue;
        };
        cursor.insert(g.doc.as_str(), next_from);
        aligned += 1;
        let role = best.role;
        if role == g.role {
            roles_right += 1;
        }
        *confusion
            .entry(g.role.as_str().into())
            .or_default()
            .entry(role.as_str().into())
            .or_default() += 1;

        let mut diff = Disagreement {
            doc: g.doc.clone(),
            text: g.text.clone(),
            role: (g.role, role),
            channels: Default::default(),
            issues: Default::default(),
        };
        for (channel, gold_ids) in [(true, &g.channels), (false, &g.issues)] {
            let mut predicted: Vec<&str> = inside
                .iter()
                .flat_map(|s| if channel { &s.channels } else { &s.issues })
                .map(String::as_str)
                .collect();
            predicted.sort_unstable();
            predicted.dedup();
            let (missed, added) = if channel {
                &mut diff.channels
            } else {
                &mut diff.issues
            };
            for id in gold_ids {
                let c = counts.entry((channel, id.clone())).or_default();
                if predicted.contains(&id.as_str()) {
                    c.0 += 1;
                } else {
                    c.2 += 1;
                    missed.push(id.clone());
                }
            }
            for id in predicted {
                if !gold_ids.iter().any(|g| g == id) {
                    counts.entry((channel, id.to_string())).or_default().1 += 1;
                    added.push(id.to_string());
                }
            }
        }
        let mut predicted_q: Vec<&crate::quantity::Quantity> = inside
            .iter()
            .flat_map(|s| &s.quantities)
            .filter(|q| q.value != 0.0)
            .collect();
        for gq in g.quantities.iter().filter(|q| q.value != 0.0) {
            let unit = simplified_unit(&gq.unit);
            let hit = predicted_q
                .iter()
                .position(|p| same_value(p.value, gq.value) && simplified_unit(&p.unit) == unit);
            match hit {
                Some(i) => {
                    q_tp += 1;
                    q_channel_right += usize::from(predicted_q[i].channel == gq.channel);
                    predicted_q.remove(i);
                }
                None => q_fn += 1,
            }
        }
        q_fp += predicted_q.len();
        if let Some(gold_specific) = g.specific {
            let doc_counts = spec_docs.entry(g.doc.as_str()).or_default();
            doc_counts.0 += usize::from(gold_specific);
            doc_counts.1 += 1;
            // The most specific record the gold sentence covers.
            let scored = inside
                .iter()
                .filter_map(|s| Some((s.specificity?, s.specific?)))
                .max_by(|a, b| a.0.total_cmp(&b.0));
            if let Some((score, predicted)) = scored {
                spec_pairs.push((score, predicted, gold_specific));
            }
        }
        let wrong = diff.role.0 != diff.role.1
            || !diff.channels.0.is_empty()
            || !diff.channels.1.is_empty()
            || !diff.issues.0.is_empty()
            || !diff.issues.1.is_empty();
        if wrong {
            disagreements.push(diff);
        }
    }
    let family = |channel: bool, fam: &crate::lexicon::Family| -> FamilyScores {
        let mut ids: Vec<String> = fam.ids().map(str::to_string).collect();
        let mut extra: Vec<String> = counts
            .keys()
            .filter(|(c, id)| *c == channel && !ids.contains(id))
            .map(|(_, id)| id.clone())
            .collect();
        extra.sort();
        ids.extend(extra);
        let labels: Vec<LabelScore> = ids
            .iter()
            .map(|id| {
                let (tp, fp, fn_) = counts
                    .get(&(channel, id.clone()))
                    .copied()
                    .unwrap_or_default();
                LabelScore::new(id, tp, fp, fn_)
            })
            .collect();
        let (tp, fp, fn_) = labels
            .iter()
            .fold((0, 0, 0), |a, l| (a.0 + l.tp, a.1 + l.fp, a.2 + l.fn_));
        FamilyScores {
            labels,
            micro: LabelScore::new("micro", tp, fp, fn_),
        }
    };
    let specificity = (!spec_pairs.is_empty()).then(|| {
        let scores: Vec<(f64, bool)> = spec_pairs.iter().map(|p| (p.0, p.2)).collect();
        let right = spec_pairs.iter().filter(|p| p.1 == p.2).count();
        let per_report: Vec<ReportSpecificity> = spec_docs
            .iter()
            .filter_map(|(name, (specific, labelled))| {
                let (doc, _) = docs.get(*name)?;
                let (index, _, _) = crate::output::specificity_index(doc);
                Some(ReportSpecificity {
                    doc: name.to_string(),
                    gold_share: *specific as f64 / (*labelled).max(1) as f64,
                    specificity_index: index.unwrap_or(0.0),
                })
            })
            .collect();
        let gold_shares: Vec<f64> = per_report.iter().map(|r| r.gold_share).collect();
        let indices: Vec<f64> = per_report.iter().map(|r| r.specificity_index).collect();
        SpecificityScore {
            sentences: spec_pairs.len(),
            auc: crate::specificity::auc(&scores),
            accuracy: right as f64 / spec_pairs.len() as f64,
            rank_correlation: spearman(&gold_shares, &indices),
            per_report,
        }
    });
    Report {
        specificity,
        provenance: crate::output::Provenance::of(pipeline),
        gold_sentences: gold.len(),
        aligned,
        unaligned,
        role_accuracy: if aligned == 0 {
            0.0
        } else {
            roles_right as f64 / aligned as f64
        },
        role_confusion: confusion,
        channels: family(true, &lex.channels),
        issues: family(false, &lex.issues),
        quantities: LabelScore::new("quantities", q_tp, q_fp, q_fn),
        quantity_channel_accuracy: if q_tp == 0 {
            0.0
        } else {
            q_channel_right as f64 / q_tp as f64
        },
        disagreements,
    }
}

impl Report {
    /// A plain-text report for the terminal (example under [`Report`]).
    pub fn to_text(&self) -> String {
        use std::fmt::Write;
        let mut s = String::new();
        let _ = writeln!(
            s,
            "gongkai {} · lexicons {}\ngold sentences {} · aligned {} · unaligned {}\n",
            self.provenance.gongkai_version,
            &self.provenance.lexicon_hash[..12],
            self.gold_sentences,
            self.aligned,
            self.unaligned.len()
        );
        for (name, fam) in [("channels", &self.channels), ("issues", &self.issues)] {
            let _ = writeln!(
                s,
                "{name:<22} {:>7} {:>5} {:>5} {:>5} {:>9} {:>7} {:>6}",
                "support", "tp", "fp", "fn", "precision", "recall", "f1"
            );
            for l in fam.labels.iter().chain(std::iter::once(&fam.micro)) {
                let _ = writeln!(
                    s,
                    "  {:<20} {:>7} {:>5} {:>5} {:>5} {:>9.3} {:>7.3} {:>6.3}",
                    l.id, l.support, l.tp, l.fp, l.fn_, l.precision, l.recall, l.f1
                );
            }
            s.push('\n');
        }
        let _ = writeln!(s, "role accuracy {:.3}", self.role_accuracy);
        let _ = writeln!(
            s,
            "  gold \\ predicted  {}",
            Role::ALL.map(|r| format!("{:>8}", r.as_str())).join("")
        );
        for (gold, row) in &self.role_confusion {
            let cells: String = Role::ALL
                .iter()
                .map(|r| format!("{:>8}", row.get(r.as_str()).copied().unwrap_or(0)))
                .collect();
            let _ = writeln!(s, "  {gold:<17} {cells}");
        }
        let q = &self.quantities;
        let _ = writeln!(
            s,
            "\nquantities: gold {} · matched {} · precision {:.3} · recall {:.3} · f1 {:.3} · channel accuracy {:.3}",
            q.support, q.tp, q.precision, q.recall, q.f1, self.quantity_channel_accuracy
        );
        if let Some(sp) = &self.specificity {
            let _ = writeln!(
                s,
                "\nspecificity: {} sentences · AUC {:.3} · accuracy {:.3} · rank correlation of report index with gold share {}",
                sp.sentences,
                sp.auc,
                sp.accuracy,
                sp.rank_correlation
                    .map_or("n/a".to_string(), |r| format!("{r:.3}"))
            );
            for r in &sp.per_report {
                let _ = writeln!(
                    s,
                    "  {:<30} gold share {:.3} · specificity index {:.3}",
                    r.doc, r.gold_share, r.specificity_index
                );
            }
        }
        let _ = writeln!(
            s,
            "\nchannels micro-F1 {:.3} · issues micro-F1 {:.3} · role accuracy {:.3}",
            self.channels.micro.f1, self.issues.micro.f1, self.role_accuracy
        );
        s
    }
}
