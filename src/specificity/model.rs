//! The model file: versioned JSON with everything needed to score and to cite.
//!
//! A model holds, per feature of [`super::FEATURES`] and in that order, the
//! mean and scale that standardise it and its weight on the standardised
//! value; the intercept; the decision threshold; and for provenance the
//! gongkai version, the lexicon hash, the SHA-256 of the training data, the
//! hyper-parameters, the command that produced it and its cross-validation
//! figures beside the digit baseline. `format` and `format_version` are
//! checked on load, so a file of another kind or version fails with a clear
//! error instead of scoring garbage.
//!
//! The file gongkai writes is `serde_json` pretty-printed with a final newline;
//! floats are rounded to fixed decimals before writing, so the same data gives
//! the same bytes.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, ErrorKind, Result};

/// The `format` field of a specificity model file.
///
/// ```
/// assert_eq!(gongkai::specificity::Model::embedded().format, gongkai::specificity::FORMAT);
/// ```
pub const FORMAT: &str = "gongkai-specificity";

/// The `format_version` this build reads and writes.
///
/// ```
/// assert_eq!(gongkai::specificity::Model::embedded().format_version, gongkai::specificity::FORMAT_VERSION);
/// ```
pub const FORMAT_VERSION: u32 = 1;

const EMBEDDED: &str = include_str!("../../models/specificity.json");

/// One feature's standardisation and weight: the score adds
/// `weight × (value − mean) / scale` to the logit.
///
/// ```
/// let m = gongkai::specificity::Model::embedded();
/// let f = &m.features[0];
/// assert_eq!(f.name, "log_chars");
/// assert!(f.scale > 0.0);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeatureWeight {
    /// Feature id (see [`super::FEATURES`]).
    pub name: String,
    /// Mean of the feature over the training data.
    pub mean: f64,
    /// Standard deviation over the training data (1 for a constant feature).
    pub scale: f64,
    /// Weight on the standardised value.
    pub weight: f64,
}

/// What the model was trained on.
///
/// ```
/// let d = &gongkai::specificity::Model::embedded().training_data;
/// assert_eq!(d.sha256.len(), 64);
/// assert_eq!(d.examples, d.gold + d.extra);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainingData {
    /// SHA-256 over the sorted examples (document, role, label, text), hex.
    pub sha256: String,
    /// Number of examples.
    pub examples: usize,
    /// Of which from gold files (stand-off, aligned to documents).
    pub gold: usize,
    /// Of which from extra sentence files (`training/*.jsonl`).
    pub extra: usize,
    /// Examples labelled specific.
    pub specific: usize,
    /// Distinct gold documents.
    pub documents: usize,
    /// File names (without directories) of the gold and extra files, sorted.
    pub files: Vec<String>,
}

/// Hyper-parameters of the fit.
///
/// ```
/// let h = &gongkai::specificity::Model::embedded().hyperparameters;
/// assert!(h.alpha > 0.0);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hyperparameters {
    /// L2 penalty on the weights (linfa-logistic `alpha`; the loss is summed
    /// over examples, not averaged).
    pub alpha: f64,
    /// L-BFGS iteration limit.
    pub max_iterations: u64,
    /// L-BFGS gradient tolerance.
    pub gradient_tolerance: f64,
}

/// Agreement figures of a set of scores with gold labels.
///
/// ```
/// let m = &gongkai::specificity::Model::embedded().cv;
/// assert!(m.model.auc > m.digit_baseline.auc);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Metrics {
    /// Area under the ROC curve (ties count one half); see [`super::auc`].
    pub auc: f64,
    /// Share of sentences whose predicted label (at the threshold) is right.
    pub accuracy: f64,
    /// Precision of `specific: true`.
    pub precision: f64,
    /// Recall of `specific: true`.
    pub recall: f64,
    /// F1 of `specific: true`.
    pub f1: f64,
}

/// Cross-validation figures stored with the model.
///
/// ```
/// let cv = &gongkai::specificity::Model::embedded().cv;
/// assert_eq!(cv.grouping, "document");
/// assert!(cv.folds >= 2);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrossValidation {
    /// Number of folds.
    pub folds: usize,
    /// How examples were put into folds: `document` (every gold document in
    /// one fold; extra sentences always train) or `sentence` (no gold: the
    /// extra sentences themselves are split).
    pub grouping: String,
    /// Sentences scored out of fold.
    pub evaluated: usize,
    /// Of which specific.
    pub specific: usize,
    /// The model, pooled over the held-out folds, at the model's threshold.
    pub model: Metrics,
    /// The same model at threshold 0.5 (the threshold is chosen on these
    /// out-of-fold scores, so `model.accuracy` is slightly optimistic; this
    /// one is not).
    pub model_at_half: Metrics,
    /// The one-line rule "the sentence contains an Arabic digit", on the same
    /// held-out sentences.
    pub digit_baseline: Metrics,
    /// The model trained on gold only (extra sentences left out), when extra
    /// sentences were given: what they add.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_without_extra: Option<Metrics>,
}

/// A trained specificity model (see the module doc for the file format).
///
/// ```
/// let m = gongkai::specificity::Model::embedded();
/// assert_eq!(m.features.len(), gongkai::specificity::N_FEATURES);
/// assert!(m.threshold > 0.0 && m.threshold < 1.0);
/// let again = gongkai::specificity::Model::from_json(&m.to_json()).unwrap();
/// assert_eq!(&again, m);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    /// Always [`FORMAT`].
    pub format: String,
    /// Always [`FORMAT_VERSION`] for files this build reads.
    pub format_version: u32,
    /// The gongkai version that trained it.
    pub gongkai_version: String,
    /// The command (or call) that produced it.
    pub command: String,
    /// Hash of the lexicons the features were computed with.
    pub lexicon_hash: String,
    /// What it was trained on.
    pub training_data: TrainingData,
    /// Fit settings.
    pub hyperparameters: Hyperparameters,
    /// Per feature, in the order of [`super::FEATURES`].
    pub features: Vec<FeatureWeight>,
    /// Intercept of the logit (on standardised features).
    pub intercept: f64,
    /// A sentence is `specific` when its probability is at least this.
    pub threshold: f64,
    /// How the threshold was chosen.
    pub threshold_rule: String,
    /// Cross-validated figures.
    pub cv: CrossValidation,
}

fn model_error(msg: String) -> Error {
    // The library has no model-specific error kind yet; a model file is a data
    // file like a lexicon.
    Error::new(ErrorKind::Model, msg)
}

impl Model {
    /// The model shipped in `models/specificity.json`, compiled into this build.
    ///
    /// ```
    /// let m = gongkai::specificity::Model::embedded();
    /// assert_eq!(m.format, "gongkai-specificity");
    /// ```
    pub fn embedded() -> &'static Model {
        static MODEL: OnceLock<Model> = OnceLock::new();
        MODEL.get_or_init(|| {
            // The file is compiled in and `tests/specificity.rs` (and the
            // unit test below) check that it parses, so this cannot fail in a
            // released build.
            Model::from_json(EMBEDDED).expect("models/specificity.json is a valid model")
        })
    }

    /// Parses and checks a model file: format and version, one entry per
    /// feature with finite numbers and positive scales, a threshold in (0, 1).
    /// Feature names are checked against the extractor by
    /// [`super::Scorer::new`].
    ///
    /// ```
    /// let e = gongkai::specificity::Model::from_json(r#"{"format": "other"}"#).unwrap_err();
    /// assert!(e.to_string().contains("model"), "{e}");
    /// let mut json: serde_json::Value = serde_json::from_str(&gongkai::specificity::Model::embedded().to_json()).unwrap();
    /// json["format_version"] = 99.into();
    /// let e = gongkai::specificity::Model::from_json(&json.to_string()).unwrap_err();
    /// assert!(e.to_string().contains("format_version 99"), "{e}");
    /// ```
    pub fn from_json(text: &str) -> Result<Model> {
        // Check the header first, so an old or foreign file says what it is.
        let header: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| model_error(format!("specificity model: not JSON: {e}")))?;
        let format = header.get("format").and_then(|f| f.as_str());
        if format != Some(FORMAT) {
            return Err(model_error(format!(
                "specificity model: format is {format:?}, expected {FORMAT:?}"
            )));
        }
        let version = header.get("format_version").and_then(|v| v.as_u64());
        if version != Some(u64::from(FORMAT_VERSION)) {
            let shown = version.map_or("missing".to_string(), |v| v.to_string());
            return Err(model_error(format!(
                "specificity model: format_version {shown}, this gongkai reads {FORMAT_VERSION}"
            )));
        }
        let model: Model = serde_json::from_value(header)
            .map_err(|e| model_error(format!("specificity model: {e}")))?;
        model.check()?;
        Ok(model)
    }

    /// Reads a model file (`--model FILE`); errors name the file.
    ///
    /// ```
    /// let e = gongkai::specificity::Model::from_path(std::path::Path::new("/nonexistent.json")).unwrap_err();
    /// assert!(e.to_string().starts_with("/nonexistent.json"), "{e}");
    /// ```
    pub fn from_path(path: &std::path::Path) -> Result<Model> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::new(ErrorKind::Io, format!("{}: {e}", path.display())))?;
        Model::from_json(&text).map_err(|e| model_error(format!("{}: {e}", path.display())))
    }

    fn check(&self) -> Result<()> {
        for f in &self.features {
            if !(f.mean.is_finite() && f.weight.is_finite() && f.scale.is_finite() && f.scale > 0.0)
            {
                return Err(model_error(format!(
                    "specificity model: feature {:?} has mean {}, scale {}, weight {}; all must be finite and the scale positive",
                    f.name, f.mean, f.scale, f.weight
                )));
            }
        }
        if !self.intercept.is_finite() {
            return Err(model_error(format!(
                "specificity model: intercept {} is not finite",
                self.intercept
            )));
        }
        if !(self.threshold > 0.0 && self.threshold < 1.0) {
            return Err(model_error(format!(
                "specificity model: threshold {} is not between 0 and 1",
                self.threshold
            )));
        }
        Ok(())
    }

    /// The model as gongkai writes it: pretty JSON with a final newline.
    /// Example under [`Model`].
    pub fn to_json(&self) -> String {
        // Serialising plain structs of strings and finite numbers cannot fail.
        let mut s = serde_json::to_string_pretty(self).expect("a model serialises");
        s.push('\n');
        s
    }

    /// SHA-256 of [`Model::to_json`], hex: for a file gongkai wrote, the hash
    /// of the file's bytes. Cite it with results.
    ///
    /// ```
    /// let m = gongkai::specificity::Model::embedded();
    /// assert_eq!(m.hash().len(), 64);
    /// assert_eq!(m.hash(), m.clone().hash());
    /// ```
    pub fn hash(&self) -> String {
        Sha256::digest(self.to_json().as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// Rounds to `decimals` places, so written files do not depend on the last
/// bits of a float.
pub(crate) fn round(x: f64, decimals: i32) -> f64 {
    let k = 10f64.powi(decimals);
    let r = (x * k).round() / k;
    if r == 0.0 { 0.0 } else { r }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_model_parses_and_writes_back_identically() {
        let m = Model::from_json(EMBEDDED).unwrap();
        assert_eq!(m.to_json(), EMBEDDED);
    }

    #[test]
    fn rejects_bad_numbers() {
        let mut m = Model::from_json(EMBEDDED).unwrap();
        m.features[0].scale = 0.0;
        let e = Model::from_json(&m.to_json()).unwrap_err();
        assert!(e.to_string().contains("log_chars"), "{e}");
    }

    #[test]
    fn rounding_is_stable() {
        assert_eq!(round(0.123_456_789, 6), 0.123457);
        assert_eq!(round(-0.000_000_1, 6), 0.0);
        assert!(round(-0.000_000_1, 6).is_sign_positive());
    }
}
