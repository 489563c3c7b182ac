//! Sentence specificity: a [`Sentence`] record → the probability that it
//! carries a concrete, checkable detail (ANNOTATION.md, `specific`).
//!
//! Takes the records the [`crate::Pipeline`] produced and gives, for every
//! `work`, `problem` and `plan` sentence, a [`Score`]: `specificity` (a
//! probability, rounded to 4 decimals) and `specific` (at the model's
//! threshold). Other roles get no score.
//!
//! - [`features`](FEATURES): documented features computed from the record
//!   (text, role, channels, matches, quantities) and the cue lists of
//!   `lexicons/boilerplate.toml` — character scans and Aho-Corasick, no
//!   second segmentation.
//! - [`Model`]: logistic regression (linfa-logistic) on standardised
//!   features, stored as versioned JSON (`models/specificity.json`, embedded).
//! - [`Scorer`]: an extractor and a model, checked against each other and
//!   built once; [`Scorer::explain`] gives each feature's contribution.
//! - [`train`] / [`train_from_files`]: fitting with document-grouped k-fold
//!   cross-validation, printed beside the digit baseline.
//!
//! Invariant: the logit is `intercept + Σ weight × (value − mean) / scale`,
//! which equals the [`Explanation`]'s `intercept + Σ contribution` (raw units).
//!
//! ```
//! use gongkai::specificity::Scorer;
//! let p = gongkai::Pipeline::new().unwrap();
//! let scorer = Scorer::embedded(p.lexicons()).unwrap();
//! let doc = p.analyze("a", "一、工作情况\n全年通过“平安青山”微博发布信息1230条，召开新闻发布会6场。\n高度重视，进一步加强组织领导，不断完善工作机制。");
//! let fact = scorer.score(&doc.sentences[1]).unwrap();
//! let formula = scorer.score(&doc.sentences[2]).unwrap();
//! assert!(fact.specific && !formula.specific);
//! assert!(scorer.score(&doc.sentences[0]).is_none()); // a heading
//! ```

mod features;
mod model;
mod train;

use serde::Serialize;

pub use features::{Extractor, FEATURES, Feature, N_FEATURES, feature_index};
pub use model::{
    CrossValidation, FORMAT, FORMAT_VERSION, FeatureWeight, Hyperparameters, Metrics, Model,
    TrainingData,
};
pub use train::{
    Example, ExtraSentence, TrainOptions, TrainReport, Unaligned, load_examples,
    sentence_from_text, train, train_from_files,
};

use crate::error::{Error, ErrorKind, Result};
use crate::{Lexicons, Role, Sentence};

/// The score of one sentence.
///
/// ```
/// let s = gongkai::specificity::Score { specificity: 0.9312, specific: true };
/// assert_eq!(serde_json::to_string(&s).unwrap(), r#"{"specificity":0.9312,"specific":true}"#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Score {
    /// Probability that the sentence is specific, rounded to 4 decimals.
    pub specificity: f64,
    /// `specificity >= threshold` of the model.
    pub specific: bool,
}

/// One feature's part in a score, in raw units: `contribution = value ×
/// raw_weight`.
///
/// ```
/// let c = gongkai::specificity::Contribution { feature: "has_digit", meaning: "…",
///     value: 1.0, standardised: 1.2, weight: 0.5, raw_weight: 0.6, contribution: 0.6 };
/// assert_eq!(c.value * c.raw_weight, c.contribution);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contribution {
    /// Feature id.
    pub feature: &'static str,
    /// What it measures.
    pub meaning: &'static str,
    /// Its value for the sentence.
    pub value: f64,
    /// `(value − mean) / scale`.
    pub standardised: f64,
    /// The model's weight on the standardised value.
    pub weight: f64,
    /// Weight per raw unit: `weight / scale`.
    pub raw_weight: f64,
    /// `value × raw_weight`: what this feature adds to the logit.
    pub contribution: f64,
}

/// Why a sentence scored as it did.
///
/// ```
/// let p = gongkai::Pipeline::new().unwrap();
/// let scorer = gongkai::specificity::Scorer::embedded(p.lexicons()).unwrap();
/// let s = gongkai::specificity::sentence_from_text(&p, "召开新闻发布会3场。", None);
/// let e = scorer.explain(&s);
/// let sum: f64 = e.intercept + e.contributions.iter().map(|c| c.contribution).sum::<f64>();
/// assert!((sum - e.logit).abs() < 1e-9);
/// assert!(e.contributions[0].contribution.abs() >= e.contributions[1].contribution.abs());
/// assert!(e.to_text().contains("specificity"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// The sentence text.
    pub text: String,
    /// Its role; only `work`, `problem` and `plan` are scored in outputs.
    pub role: Role,
    /// The logit of a sentence whose features are all 0 (raw units).
    pub intercept: f64,
    /// Every feature, sorted by |contribution|, largest first.
    pub contributions: Vec<Contribution>,
    /// `intercept + Σ contribution`.
    pub logit: f64,
    /// The probability, rounded to 4 decimals (as in [`Score`]).
    pub specificity: f64,
    /// `specificity >= threshold`.
    pub specific: bool,
    /// The model's threshold.
    pub threshold: f64,
}

impl Explanation {
    /// A plain-text table for the terminal (example under [`Explanation`]).
    pub fn to_text(&self) -> String {
        use std::fmt::Write;
        let mut s = String::new();
        let _ = writeln!(s, "{}", self.text.trim());
        let _ = writeln!(
            s,
            "role {} · specificity {:.4} · specific {} (threshold {})",
            self.role.as_str(),
            self.specificity,
            self.specific,
            self.threshold
        );
        let _ = writeln!(
            s,
            "  {:<24} {:>9} {:>9} {:>9} {:>13}",
            "feature", "value", "× weight", "= contrib", "standardised"
        );
        let _ = writeln!(
            s,
            "  {:<24} {:>9} {:>9} {:>9.3}",
            "(intercept)", "", "", self.intercept
        );
        for c in &self.contributions {
            let _ = writeln!(
                s,
                "  {:<24} {:>9.3} {:>9.3} {:>9.3} {:>13.3}",
                c.feature, c.value, c.raw_weight, c.contribution, c.standardised
            );
        }
        let _ = writeln!(
            s,
            "  {:<24} {:>9} {:>9} {:>9.3}",
            "logit", "", "", self.logit
        );
        s
    }
}

/// A feature extractor and a model, checked against each other; build once
/// and share by reference (see the module example).
#[derive(Debug, Clone)]
pub struct Scorer {
    extractor: Extractor,
    model: Model,
}

impl Scorer {
    /// Compiles the extractor from `lex` and checks that the model names
    /// exactly the features of [`FEATURES`], in order.
    ///
    /// ```
    /// let lex = gongkai::Lexicons::embedded().unwrap();
    /// let mut model = gongkai::specificity::Model::embedded().clone();
    /// assert!(gongkai::specificity::Scorer::new(&lex, model.clone()).is_ok());
    /// model.features[1].name = "shoe_size".into();
    /// let e = gongkai::specificity::Scorer::new(&lex, model).unwrap_err();
    /// assert!(e.to_string().contains("shoe_size"), "{e}");
    /// ```
    pub fn new(lex: &Lexicons, model: Model) -> Result<Scorer> {
        let names: Vec<&str> = model.features.iter().map(|f| f.name.as_str()).collect();
        let expected: Vec<&str> = FEATURES.iter().map(|f| f.name).collect();
        if names != expected {
            let first = (0..names.len().max(expected.len()))
                .find(|&i| names.get(i) != expected.get(i))
                .unwrap_or(0);
            return Err(Error::new(
                ErrorKind::Model,
                format!(
                    "specificity model: feature {} is {:?}, this gongkai computes {:?} there ({} features in the model, {} here); retrain the model",
                    first + 1,
                    names.get(first).copied().unwrap_or("(none)"),
                    expected.get(first).copied().unwrap_or("(none)"),
                    names.len(),
                    expected.len()
                ),
            ));
        }
        Ok(Scorer {
            extractor: Extractor::new(lex)?,
            model,
        })
    }

    /// A scorer with the embedded model.
    ///
    /// ```
    /// let lex = gongkai::Lexicons::embedded().unwrap();
    /// assert!(gongkai::specificity::Scorer::embedded(&lex).is_ok());
    /// ```
    pub fn embedded(lex: &Lexicons) -> Result<Scorer> {
        Scorer::new(lex, Model::embedded().clone())
    }

    /// The model in use.
    ///
    /// ```
    /// let lex = gongkai::Lexicons::embedded().unwrap();
    /// let s = gongkai::specificity::Scorer::embedded(&lex).unwrap();
    /// assert_eq!(s.model().hash(), gongkai::specificity::Model::embedded().hash());
    /// ```
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The feature extractor in use.
    ///
    /// ```
    /// let lex = gongkai::Lexicons::embedded().unwrap();
    /// let s = gongkai::specificity::Scorer::embedded(&lex).unwrap();
    /// assert_eq!(s.extractor().lexicon_hash(), lex.hash());
    /// ```
    pub fn extractor(&self) -> &Extractor {
        &self.extractor
    }

    /// The probability for a feature vector (not rounded).
    fn probability(&self, x: &[f64; N_FEATURES]) -> f64 {
        sigmoid(logit(&self.model, x))
    }

    /// The score of a `work`, `problem` or `plan` sentence; `None` for other
    /// roles (see the module example).
    pub fn score(&self, s: &Sentence) -> Option<Score> {
        if !matches!(s.role, Role::Work | Role::Problem | Role::Plan) {
            return None;
        }
        Some(self.score_values(&self.extractor.values(s)))
    }

    /// [`Scorer::score`] for the pipeline, which already holds the
    /// sentence's normalised text: `prepared` is used when it is exactly the
    /// sentence normalised on its own (see [`Extractor::values_prepared`]).
    pub(crate) fn score_prepared(
        &self,
        s: &Sentence,
        prepared: &crate::text::Compact,
        cues: &[(usize, usize, usize)],
    ) -> Option<Score> {
        if !matches!(s.role, Role::Work | Role::Problem | Role::Plan) {
            return None;
        }
        Some(self.score_values(&self.extractor.values_prepared(s, prepared, cues)))
    }

    fn score_values(&self, x: &[f64; N_FEATURES]) -> Score {
        let p = model::round(self.probability(x), 4);
        Score {
            specificity: p,
            specific: p >= self.model.threshold,
        }
    }

    /// Every feature's value and contribution, for any role (example under
    /// [`Explanation`]).
    pub fn explain(&self, s: &Sentence) -> Explanation {
        let x = self.extractor.values(s);
        let mut intercept = self.model.intercept;
        let mut contributions: Vec<Contribution> = Vec::with_capacity(N_FEATURES);
        for ((f, w), &value) in FEATURES.iter().zip(&self.model.features).zip(&x) {
            let raw_weight = w.weight / w.scale;
            intercept -= raw_weight * w.mean;
            contributions.push(Contribution {
                feature: f.name,
                meaning: f.meaning,
                value,
                standardised: (value - w.mean) / w.scale,
                weight: w.weight,
                raw_weight,
                contribution: value * raw_weight,
            });
        }
        contributions.sort_by(|a, b| {
            b.contribution
                .abs()
                .total_cmp(&a.contribution.abs())
                .then(a.feature.cmp(b.feature))
        });
        let logit = intercept + contributions.iter().map(|c| c.contribution).sum::<f64>();
        let p = model::round(sigmoid(logit), 4);
        Explanation {
            text: s.text.clone(),
            role: s.role,
            intercept,
            contributions,
            logit,
            specificity: p,
            specific: p >= self.model.threshold,
            threshold: self.model.threshold,
        }
    }
}

/// The logit of a feature vector under a model (standardised form).
fn logit(model: &Model, x: &[f64]) -> f64 {
    model.intercept
        + model
            .features
            .iter()
            .zip(x)
            .map(|(f, v)| f.weight * (v - f.mean) / f.scale)
            .sum::<f64>()
}

fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// Area under the ROC curve of `(score, label)` pairs: the probability that a
/// random positive scores above a random negative, ties counting one half
/// (Mann–Whitney U with average ranks). NaN when either class is absent.
///
/// ```
/// use gongkai::specificity::auc;
/// assert_eq!(auc(&[(0.9, true), (0.1, false)]), 1.0);
/// assert_eq!(auc(&[(1.0, true), (1.0, false), (0.0, false)]), 0.75);
/// assert!(auc(&[(0.5, true)]).is_nan());
/// ```
pub fn auc(scores: &[(f64, bool)]) -> f64 {
    let positives = scores.iter().filter(|s| s.1).count();
    let negatives = scores.len() - positives;
    if positives == 0 || negatives == 0 {
        return f64::NAN;
    }
    let mut sorted: Vec<(f64, bool)> = scores.to_vec();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    // Sum of the (average, 1-based) ranks of the positives.
    let mut rank_sum = 0.0;
    let mut i = 0;
    while i < sorted.len() {
        let mut j = i;
        while j < sorted.len() && sorted[j].0 == sorted[i].0 {
            j += 1;
        }
        let average_rank = (i + 1 + j) as f64 / 2.0;
        rank_sum += average_rank * sorted[i..j].iter().filter(|s| s.1).count() as f64;
        i = j;
    }
    let p = positives as f64;
    (rank_sum - p * (p + 1.0) / 2.0) / (p * negatives as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auc_table() {
        for (scores, expected) in [
            (vec![(0.1, false), (0.2, true)], 1.0),
            (vec![(0.2, false), (0.1, true)], 0.0),
            (vec![(0.5, false), (0.5, true)], 0.5),
            (
                vec![(0.1, false), (0.3, true), (0.35, false), (0.8, true)],
                0.75,
            ),
        ] {
            assert_eq!(auc(&scores), expected, "{scores:?}");
        }
    }

    #[test]
    fn explanation_adds_up_to_the_score() {
        let p = crate::Pipeline::new().unwrap();
        let scorer = Scorer::embedded(p.lexicons()).unwrap();
        let doc = p.analyze(
            "a",
            "一、工作\n2020年，通过“平安青山”微博发布信息389条。\n二、存在的问题\n认识不足。",
        );
        let scored = doc.sentences.iter().filter(|s| s.role != Role::Heading);
        for s in scored {
            let e = scorer.explain(s);
            let score = scorer.score(s).unwrap();
            assert_eq!(e.specificity, score.specificity);
            let direct = logit(scorer.model(), &scorer.extractor.values(s));
            assert!((direct - e.logit).abs() < 1e-9);
        }
    }
}
