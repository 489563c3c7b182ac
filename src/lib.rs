//! gongkai (公开): tag, count and score Chinese government information-disclosure
//! annual reports (政府信息公开工作年度报告).
//!
//! The stages, each in its own module, flow one way:
//!
//! | module | takes | gives |
//! |---|---|---|
//! | [`decode`], [`html`] | bytes | [`decode::SourceText`]: text (a web page's visible text) + encoding |
//! | [`text`] | text | [`text::CleanText`]: original and normalised views, one offset space |
//! | [`structure`] | clean text | [`structure::Unit`]s: furniture, title, headings, sentences, tables, with sections and roles |
//! | [`segment`] | a unit's compact text | jieba tokens |
//! | [`tagger`] | compact text + tokens | lexicon matches that agree with token boundaries |
//! | [`quantity`] | compact text + channel matches | counts, amounts and rates |
//! | [`specificity`] | a [`Sentence`] record | its specificity score, explained |
//! | [`pipeline`] | all of the above | a [`Document`] of [`Sentence`] records |
//! | [`meta`], [`tables`] | a [`Document`] | report metadata; the mandated tables ([`Pipeline::report`]) |
//! | [`crosscheck`] | documents and their tables | prose-vs-table and year-to-year checks |
//! | [`indices`] | every document of a corpus | boilerplate, redundancy, copying, stickiness |
//! | [`output`] | documents | JSON Lines and the summary CSV |
//! | [`eval`] | documents + gold | precision, recall, F1 and role accuracy |
//!
//! ```
//! let pipeline = gongkai::Pipeline::new().unwrap();
//! let doc = pipeline.analyze("report.txt", "一、概述\n2020年，通过政务微博发布信息389条，召开新闻发布会3场。");
//! let s = &doc.sentences[1];
//! assert_eq!(s.role, gongkai::Role::Work);
//! assert_eq!(s.channels, ["weibo", "press_conference"]);
//! ```
#![warn(missing_docs)]

pub mod crosscheck;
pub mod decode;
pub mod document;
mod error;
pub mod eval;
pub mod html;
pub mod indices;
pub mod input;
pub mod lexicon;
pub mod meta;
pub mod output;
pub mod pipeline;
pub mod quantity;
pub mod segment;
pub mod specificity;
pub mod structure;
mod t2s;
pub mod tables;
pub mod tagger;
pub mod text;

pub use document::{Document, Match, Sentence};
pub use error::{Error, ErrorKind, Result};
pub use lexicon::Lexicons;
pub use pipeline::Pipeline;
pub use structure::Role;
pub use text::Span;

/// The gongkai version, written into outputs for provenance.
///
/// ```
/// assert!(!gongkai::VERSION.is_empty());
/// ```
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
