//! Lexicons: the researcher-editable data files in `lexicons/`, loaded and hashed.
//!
//! Takes TOML/text files (embedded in the binary at compile time, or read from a
//! directory given with `--lexicons DIR`) and gives [`Lexicons`]: the channel and
//! issue families, the exclusion words, the role cues and the jieba user
//! dictionary, plus a SHA-256 hash of all of them for provenance.
//!
//! Errors name the file and, where TOML reports it, the line.

use std::path::Path;

use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::error::{Error, ErrorKind, Result};

/// The files a lexicon directory holds, in hashing order.
///
/// ```
/// assert_eq!(gongkai::lexicon::FILES[0], "channels.toml");
/// ```
pub const FILES: [&str; 7] = [
    "channels.toml",
    "issues.toml",
    "exclusions.toml",
    "roles.toml",
    "userdict.txt",
    "places.toml",
    "boilerplate.toml",
];

const EMBEDDED: [&str; 7] = [
    include_str!("../lexicons/channels.toml"),
    include_str!("../lexicons/issues.toml"),
    include_str!("../lexicons/exclusions.toml"),
    include_str!("../lexicons/roles.toml"),
    include_str!("../lexicons/userdict.txt"),
    include_str!("../lexicons/places.toml"),
    include_str!("../lexicons/boilerplate.toml"),
];

/// One id of a family: its Chinese name and the cue terms that produce it.
///
/// ```
/// let lex = gongkai::Lexicons::embedded().unwrap();
/// let weibo = lex.channels.entries.iter().find(|e| e.id == "weibo").unwrap();
/// assert!(weibo.terms.iter().any(|t| t == "政务微博"));
/// ```
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The id written in every output.
    pub id: String,
    /// Chinese display name.
    pub name: String,
    /// Cue terms.
    pub terms: Vec<String>,
    /// Terms that count only when no more specific carrier is named right
    /// before them (see `channels.toml`).
    #[serde(default)]
    pub generic_terms: Vec<String>,
    /// A count rule (`[entry.count]`, `issues.toml` only): counts that
    /// produce this id without naming it.
    #[serde(default)]
    pub count: Option<CountRule>,
}

/// Counts that produce an issue id: a count in one of `units` after one of
/// `verbs` in the same clause (发布各类信息489条 → `proactive_disclosure`);
/// see [`crate::pipeline`] for the exact rule.
///
/// ```
/// let lex = gongkai::Lexicons::embedded().unwrap();
/// let e = lex.issues.entries.iter().find(|e| e.id == "proactive_disclosure").unwrap();
/// assert!(e.count.as_ref().unwrap().verbs.iter().any(|v| v == "发布"));
/// ```
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountRule {
    /// Verbs of release (发布, 公开).
    pub verbs: Vec<String>,
    /// Units of the counts (条).
    pub units: Vec<String>,
    /// Words that, right before a verb, make it something other than a
    /// release by the body (予以公开 answers a request; 不予公开 refuses one).
    #[serde(default)]
    pub not_after: Vec<String>,
}

/// A family of ids (channels or issues).
///
/// ```
/// let lex = gongkai::Lexicons::embedded().unwrap();
/// assert_eq!(lex.channels.ids().next(), Some("website"));
/// ```
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Family {
    /// The ids, in output order.
    #[serde(rename = "entry")]
    pub entries: Vec<Entry>,
    /// Where a site name ending in 网 is a named site (channels.toml only).
    #[serde(default)]
    pub named_sites: Option<NamedSites>,
}

/// The `[named_sites]` table of `channels.toml`: site names ending in 网 tag
/// `website` wherever they occur in the report — quoted (“雪城警网”), or
/// unquoted where the sentence makes them a carrier, right after one of
/// `before` and right before one of `after` (通过长安网发布). Without the
/// table, only quoted names count and no ending is excluded.
///
/// ```
/// let lex = gongkai::Lexicons::embedded().unwrap();
/// let sites = lex.channels.named_sites.as_ref().unwrap();
/// assert!(sites.not_sites.iter().any(|n| n == "互联网"));
/// ```
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamedSites {
    /// Words right before an unquoted name that introduce it as a carrier.
    pub before: Vec<String>,
    /// What may follow an unquoted name: a verb of release or a list mark.
    pub after: Vec<String>,
    /// Name endings that mark a network, not a site (互联网, 公安网 …).
    pub not_sites: Vec<String>,
}

impl Family {
    /// The ids in output order.
    ///
    /// ```
    /// let lex = gongkai::Lexicons::embedded().unwrap();
    /// assert!(lex.issues.ids().any(|id| id == "fraud"));
    /// ```
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|e| e.id.as_str())
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Exclusions {
    terms: Vec<String>,
}

/// Cues that decide roles; see `lexicons/roles.toml` for what each list does.
///
/// ```
/// let lex = gongkai::Lexicons::embedded().unwrap();
/// assert!(lex.roles.problem_heading.iter().any(|c| c == "问题"));
/// ```
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct RoleCues {
    pub furniture_max_chars: usize,
    pub furniture_line_start: Vec<String>,
    pub furniture_anywhere: Vec<String>,
    pub meta_anywhere: Vec<String>,
    pub meta_preamble: Vec<String>,
    pub contact: Vec<String>,
    pub problem_heading: Vec<String>,
    pub plan_heading: Vec<String>,
    pub plan_sentence_start: Vec<String>,
    /// Optional: an older roles.toml without it still loads.
    #[serde(default)]
    pub disposal_verbs: Vec<String>,
    /// Optional: an older roles.toml without it still loads.
    #[serde(default)]
    pub section_name_end: Vec<String>,
    /// Optional: an older roles.toml without it still loads.
    #[serde(default)]
    pub problem_words: Vec<String>,
    /// Optional: an older roles.toml without it still loads.
    #[serde(default)]
    pub remedy_words: Vec<String>,
    pub template_sections: Vec<String>,
    pub title: Vec<String>,
}

impl RoleCues {
    /// Every word list, by its name in roles.toml.
    fn lists(&self) -> [(&'static str, &Vec<String>); 14] {
        [
            ("furniture_line_start", &self.furniture_line_start),
            ("furniture_anywhere", &self.furniture_anywhere),
            ("meta_anywhere", &self.meta_anywhere),
            ("meta_preamble", &self.meta_preamble),
            ("contact", &self.contact),
            ("problem_heading", &self.problem_heading),
            ("plan_heading", &self.plan_heading),
            ("plan_sentence_start", &self.plan_sentence_start),
            ("disposal_verbs", &self.disposal_verbs),
            ("section_name_end", &self.section_name_end),
            ("problem_words", &self.problem_words),
            ("remedy_words", &self.remedy_words),
            ("template_sections", &self.template_sections),
            ("title", &self.title),
        ]
    }
}

/// Every lexicon file, parsed, with the hash that identifies the set.
///
/// ```
/// let lex = gongkai::Lexicons::embedded().unwrap();
/// assert_eq!(lex.hash().len(), 64);
/// assert!(lex.exclusions.iter().any(|t| t == "网站地图"));
/// ```
#[derive(Debug, Clone)]
pub struct Lexicons {
    /// Channel ids and their terms.
    pub channels: Family,
    /// Issue ids and their terms.
    pub issues: Family,
    /// Words that block the terms inside them.
    pub exclusions: Vec<String>,
    /// Role cues.
    pub roles: RoleCues,
    /// The jieba user dictionary (`word [freq] [tag]` per line).
    pub userdict: String,
    /// The place-name gazetteer (`places.toml`), parsed by
    /// [`crate::meta::Gazetteer::parse`].
    pub places: String,
    /// The cue lists of the specificity features (`boilerplate.toml`), parsed
    /// by [`crate::specificity::Extractor::new`].
    pub boilerplate: String,
    hash: String,
}

impl Lexicons {
    /// The lexicons compiled into this build.
    ///
    /// ```
    /// assert!(gongkai::Lexicons::embedded().is_ok());
    /// ```
    pub fn embedded() -> Result<Lexicons> {
        Lexicons::from_files(&embedded_files())
    }

    /// Reads every file of [`FILES`] from `dir`.
    ///
    /// ```
    /// let err = gongkai::Lexicons::from_dir(std::path::Path::new("/nonexistent")).unwrap_err();
    /// assert!(err.to_string().contains("channels.toml"));
    /// ```
    pub fn from_dir(dir: &Path) -> Result<Lexicons> {
        let mut files = Vec::new();
        for name in FILES {
            let path = dir.join(name);
            let text = std::fs::read_to_string(&path)
                .map_err(|e| Error::new(ErrorKind::Lexicon, format!("{}: {e}", path.display())))?;
            files.push((path.display().to_string(), text));
        }
        Lexicons::from_files(&files)
    }

    /// Writes the embedded files into `dir` (created if needed), as a starting
    /// point for a researcher's own lexicons.
    ///
    /// ```
    /// let dir = std::env::temp_dir().join("gongkai-doc-export");
    /// gongkai::Lexicons::export_embedded(&dir).unwrap();
    /// assert!(gongkai::Lexicons::from_dir(&dir).is_ok());
    /// ```
    pub fn export_embedded(dir: &Path) -> Result<()> {
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::new(ErrorKind::Output, format!("{}: {e}", dir.display())))?;
        for (name, text) in FILES.iter().zip(EMBEDDED) {
            let path = dir.join(name);
            std::fs::write(&path, text)
                .map_err(|e| Error::new(ErrorKind::Output, format!("{}: {e}", path.display())))?;
        }
        Ok(())
    }

    /// Parses `(name, contents)` pairs given in the order of [`FILES`].
    fn from_files(files: &[(String, String)]) -> Result<Lexicons> {
        let mut hasher = Sha256::new();
        for ((_, text), name) in files.iter().zip(FILES) {
            hasher.update(name.as_bytes());
            hasher.update([0]);
            hasher.update(text.as_bytes());
            hasher.update([0]);
        }
        let hash: String = hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let channels: Family = parse_toml(&files[0])?;
        let issues: Family = parse_toml(&files[1])?;
        let exclusions: Exclusions = parse_toml(&files[2])?;
        let roles: RoleCues = parse_toml(&files[3])?;
        for (family, (file, _)) in [(&channels, &files[0]), (&issues, &files[1])] {
            check_family(family, file)?;
        }
        check_rule_tables(&channels, &issues, &files[0].0, &files[1].0)?;
        check_words(&files[2].0, [("terms", &exclusions.terms)])?;
        check_words(&files[3].0, roles.lists())?;
        Ok(Lexicons {
            channels,
            issues,
            exclusions: exclusions.terms,
            roles,
            userdict: files[4].1.clone(),
            places: files[5].1.clone(),
            boilerplate: files[6].1.clone(),
            hash,
        })
    }

    /// Every channel and issue term (generic ones included) and every
    /// exclusion word, as written in the files.
    ///
    /// ```
    /// let lex = gongkai::Lexicons::embedded().unwrap();
    /// assert!(lex.all_terms().any(|t| t == "网站地图"));
    /// ```
    pub fn all_terms(&self) -> impl Iterator<Item = &String> {
        self.channels
            .entries
            .iter()
            .chain(&self.issues.entries)
            .flat_map(|e| e.terms.iter().chain(&e.generic_terms))
            .chain(&self.exclusions)
    }

    /// SHA-256 over every lexicon file (name and contents), hex-encoded.
    ///
    /// ```
    /// let lex = gongkai::Lexicons::embedded().unwrap();
    /// assert!(lex.hash().chars().all(|c| c.is_ascii_hexdigit()));
    /// ```
    pub fn hash(&self) -> &str {
        &self.hash
    }
}

/// The embedded files as `(name, contents)` pairs, in the order of [`FILES`].
fn embedded_files() -> Vec<(String, String)> {
    FILES
        .iter()
        .zip(EMBEDDED)
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect()
}

pub(crate) fn parse_toml<T: for<'de> Deserialize<'de>>(
    (file, text): &(String, String),
) -> Result<T> {
    toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map(|s| {
                format!(
                    " line {}",
                    text[..s.start.min(text.len())].lines().count().max(1)
                )
            })
            .unwrap_or_default();
        Error::new(ErrorKind::Lexicon, format!("{file}{line}: {}", e.message()))
    })
}

fn check_family(family: &Family, file: &str) -> Result<()> {
    let mut seen = std::collections::HashSet::new();
    for (i, e) in family.entries.iter().enumerate() {
        let valid = !e.id.is_empty()
            && e.id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !valid {
            return Err(Error::new(
                ErrorKind::Lexicon,
                format!(
                    "{file}: entry {} has id {:?}; ids are snake_case ASCII",
                    i + 1,
                    e.id
                ),
            ));
        }
        if !seen.insert(e.id.as_str()) {
            return Err(Error::new(
                ErrorKind::Lexicon,
                format!("{file}: id {:?} appears twice", e.id),
            ));
        }
        if let Some(t) = e
            .terms
            .iter()
            .chain(&e.generic_terms)
            .find(|t| t.trim().is_empty())
        {
            return Err(Error::new(
                ErrorKind::Lexicon,
                format!("{file}: entry {:?} has an empty term {t:?}", e.id),
            ));
        }
    }
    Ok(())
}

/// No list has a blank word: it would match everywhere (every line a
/// heading's end, every sentence a plan), so it is an error, not skipped.
fn check_words<'a>(
    file: &str,
    lists: impl IntoIterator<Item = (&'a str, &'a Vec<String>)>,
) -> Result<()> {
    for (name, words) in lists {
        if let Some(w) = words.iter().find(|w| w.trim().is_empty()) {
            return Err(Error::new(
                ErrorKind::Lexicon,
                format!("{file}: `{name}` has an empty word {w:?}"),
            ));
        }
    }
    Ok(())
}

/// Count rules are read for issues only, and need verbs and units; the
/// `[named_sites]` table is read for channels only, and has no empty word.
fn check_rule_tables(
    channels: &Family,
    issues: &Family,
    channel_file: &str,
    issue_file: &str,
) -> Result<()> {
    if issues.named_sites.is_some() {
        return Err(Error::new(
            ErrorKind::Lexicon,
            format!("{issue_file}: a [named_sites] table is read in channels.toml only"),
        ));
    }
    // An empty word would match everywhere (an empty ending in `not_sites`
    // would rule out every name).
    if let Some(n) = &channels.named_sites
        && let Some(w) = n
            .before
            .iter()
            .chain(&n.after)
            .chain(&n.not_sites)
            .find(|w| w.trim().is_empty())
    {
        return Err(Error::new(
            ErrorKind::Lexicon,
            format!("{channel_file}: [named_sites] has an empty word {w:?}"),
        ));
    }
    if let Some(e) = channels.entries.iter().find(|e| e.count.is_some()) {
        return Err(Error::new(
            ErrorKind::Lexicon,
            format!(
                "{channel_file}: entry {:?} has a count rule; they are read in issues.toml only",
                e.id
            ),
        ));
    }
    for e in &issues.entries {
        let Some(rule) = &e.count else { continue };
        if rule.verbs.is_empty() || rule.units.is_empty() {
            return Err(Error::new(
                ErrorKind::Lexicon,
                format!(
                    "{issue_file}: the count rule of {:?} needs verbs and units",
                    e.id
                ),
            ));
        }
        let mut words = rule.verbs.iter().chain(&rule.units).chain(&rule.not_after);
        if let Some(w) = words.find(|w| w.trim().is_empty()) {
            return Err(Error::new(
                ErrorKind::Lexicon,
                format!(
                    "{issue_file}: the count rule of {:?} has an empty word {w:?}",
                    e.id
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_lexicons_parse_and_hash_is_stable() {
        let a = Lexicons::embedded().unwrap();
        let b = Lexicons::embedded().unwrap();
        assert_eq!(a.hash(), b.hash());
        assert_eq!(a.channels.entries.len(), 8);
    }

    #[test]
    fn bad_lexicon_names_file_and_line() {
        let mut files = embedded_files();
        files[0].1 = "[[entry]]\nid = \"x\"\nname = 3\nterms = []\n".into();
        let e = Lexicons::from_files(&files).unwrap_err();
        assert!(e.to_string().starts_with("channels.toml line 3"), "{e}");
        files[0].1 = "[[entry]]\nid = \"Bad Id\"\nname = \"x\"\nterms = [\"a\"]\n".into();
        let e = Lexicons::from_files(&files).unwrap_err();
        assert!(e.to_string().contains("snake_case"), "{e}");
    }

    #[test]
    fn count_rules_are_checked() {
        let mut files = embedded_files();
        let entry = |count: &str| {
            format!(
                "[[entry]]\nid = \"x\"\nname = \"x\"\nterms = [\"甲乙\"]\n[entry.count]\n{count}"
            )
        };
        files[1].1 = entry("verbs = [\"发布\"]\nunits = [\"条\"]\n");
        assert!(Lexicons::from_files(&files).is_ok());
        let rejected = |files: &mut Vec<(String, String)>, i: usize, count: &str| {
            files[i].1 = entry(count);
            Lexicons::from_files(files).unwrap_err().to_string()
        };
        let e = rejected(&mut files, 1, "verbs = [\"发布\"]\n");
        assert!(e.contains("missing field `units`"), "{e}");
        let e = rejected(&mut files, 1, "verbs = []\nunits = [\"条\"]\n");
        assert!(e.contains("needs verbs and units"), "{e}");
        let e = rejected(
            &mut files,
            1,
            "verbs = [\"发布\"]\nunits = [\"条\"]\nnot_after = [\" \"]\n",
        );
        assert!(e.contains("has an empty word"), "{e}");
        files[1].1 = EMBEDDED[1].to_string();
        let e = rejected(&mut files, 0, "verbs = [\"发布\"]\nunits = [\"条\"]\n");
        assert!(e.contains("issues.toml only"), "{e}");
    }

    #[test]
    fn blank_role_cues_and_exclusions_are_errors() {
        let mut files = embedded_files();
        files[3].1 = EMBEDDED[3].replacen("disposal_verbs = [", "disposal_verbs = [\" \", ", 1);
        let e = Lexicons::from_files(&files).unwrap_err().to_string();
        assert_eq!(e, "roles.toml: `disposal_verbs` has an empty word \" \"");
        files[3].1 = EMBEDDED[3].to_string();
        files[2].1 = EMBEDDED[2].replacen("terms = [", "terms = [\"\", ", 1);
        let e = Lexicons::from_files(&files).unwrap_err().to_string();
        assert_eq!(e, "exclusions.toml: `terms` has an empty word \"\"");
    }

    #[test]
    fn named_sites_table_is_read_in_channels_only() {
        let mut files = embedded_files();
        let table = "[named_sites]\nbefore = [\"通过\"]\nafter = [\"发布\"]\nnot_sites = []\n";
        files[1].1 = format!("{table}{}", EMBEDDED[1]);
        let e = Lexicons::from_files(&files).unwrap_err().to_string();
        assert!(e.contains("channels.toml only"), "{e}");
        files[1].1 = EMBEDDED[1].to_string();
        files[0].1 = EMBEDDED[0].replacen("not_sites = [", "not_sites = [\"\", ", 1);
        let e = Lexicons::from_files(&files).unwrap_err().to_string();
        assert!(
            e.starts_with("channels.toml") && e.contains("empty word"),
            "{e}"
        );
        // Without the table, channels.toml still loads: quoted names only.
        files[1].1 = EMBEDDED[1].to_string();
        let start = EMBEDDED[0].find("[named_sites]").unwrap();
        let end = EMBEDDED[0][start..].find("[[entry]]").unwrap() + start;
        files[0].1 = format!("{}{}", &EMBEDDED[0][..start], &EMBEDDED[0][end..]);
        let lex = Lexicons::from_files(&files).unwrap();
        assert!(lex.channels.named_sites.is_none());
        let p = crate::Pipeline::with_lexicons(lex).unwrap();
        let doc = p.analyze("d", "通过长安网发布信息。改版了“雪城警网”。");
        assert!(doc.sentences[0].channels.is_empty());
        assert_eq!(doc.sentences[1].channels, ["website"]);
    }
}
