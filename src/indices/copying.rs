//! Near-verbatim sentences across reports: MinHash signatures of character
//! 5-gram shingles, candidate pairs by LSH banding, and the estimated Jaccard
//! similarity checked against the threshold.
//!
//! Shingles are taken from a sentence's letters and digits (punctuation and
//! whitespace dropped) after the report's own name is masked
//! ([`own_names`]): a paragraph copied from another body with the name
//! swapped is still the same paragraph.
//!
//! Signatures have [`SIGNATURE_LEN`] values of 8 bits (b-bit MinHash, Li &
//! König 2010): 96 bytes per sentence. Two different minima agree in their
//! low 8 bits by chance with probability 1/256; the threshold is corrected
//! for it. Banding: 16 bands of 6 values; a
//! pair of Jaccard similarity 0.8 shares a band with probability 0.99, a pair
//! of 0.5 with probability 0.22. Bands are processed one at a time (sort by
//! band value), so the work is near-linear in the number of sentences and no
//! band index is held for all bands at once.

use std::collections::BTreeMap;

use super::hash::{band_hash, chars_hash, fmix64, seeds};
use super::{DocFingerprint, Options, SHINGLE, SIGNATURE_LEN};

const BANDS: usize = 16;
const ROWS: usize = SIGNATURE_LEN / BANDS;
const _: () = assert!(BANDS * ROWS == SIGNATURE_LEN && SIGNATURE_LEN % 16 == 0);

/// Comparisons one sentence may make over all bands: a guard against
/// pathological buckets; it does not bind on report corpora.
const MAX_CHECKS: u32 = 5_000;

/// Buckets up to this size are compared pair by pair; in larger ones (many
/// sentences sharing a common phrase) each sentence is compared with its
/// `max_sources + 1` neighbours on either side in signature order, enough to
/// tell a common sentence.
const SMALL_RUN: usize = 256;

/// The seeds of the MinHash functions (SplitMix64 from 0x676f6e676b6169,
/// "gongkai").
static SEEDS: [u64; SIGNATURE_LEN] = seeds::<SIGNATURE_LEN>(0x0067_6f6e_676b_6169);

/// MinHash signature of the set of `SHINGLE`-character shingles of `chars`;
/// `None` when there are fewer characters than one shingle.
pub(crate) fn signature(chars: &[char]) -> Option<Box<[u8]>> {
    if chars.len() < SHINGLE {
        return None;
    }
    let mut mins = [u64::MAX; SIGNATURE_LEN];
    for w in chars.windows(SHINGLE) {
        let h = chars_hash(w);
        for (m, seed) in mins.iter_mut().zip(SEEDS.iter()) {
            let v = fmix64(h ^ seed);
            if v < *m {
                *m = v;
            }
        }
    }
    // b-bit MinHash keeps the low bits: the high bits of a minimum are zeros.
    Some(mins.iter().map(|&m| (m & 0xff) as u8).collect())
}

/// Stands for the report's own name in shingles (a private-use character:
/// no text has it).
const OWN_NAME: char = '\u{E000}';

/// The ways a body names itself, longest first, as letters and digits: the
/// body (石门县公安局), its place (石门县) and the place's name without its
/// suffix (石门), when two characters or more. 平安石门 in one report and
/// 平安柳林 in another are then the same words.
pub(crate) fn own_names(body: &str) -> Vec<Vec<char>> {
    const SUFFIX: [char; 9] = ['省', '市', '县', '区', '旗', '盟', '州', '镇', '乡'];
    let body: Vec<char> = body.chars().filter(|c| c.is_alphanumeric()).collect();
    let mut out: Vec<Vec<char>> = Vec::new();
    let mut push = |name: &[char]| {
        if name.len() >= 2 && !out.iter().any(|n| n == name) {
            out.push(name.to_vec());
        }
    };
    push(&body);
    if let Some(last) = body.iter().rposition(|c| SUFFIX.contains(c)) {
        let place = &body[..=last];
        push(place);
        let from = place[..last]
            .iter()
            .rposition(|c| SUFFIX.contains(c))
            .map_or(0, |i| i + 1);
        let mut core = &place[from..last];
        for tail in [&['自', '治'][..], &['族']] {
            if core.ends_with(tail) {
                core = &core[..core.len() - tail.len()];
            }
        }
        push(core);
    }
    out.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    out
}

/// `chars` with every occurrence of one of `names` (longest first, left to
/// right) replaced by one [`OWN_NAME`] character.
pub(crate) fn mask(chars: &[char], names: &[Vec<char>]) -> Vec<char> {
    if names.is_empty() {
        return chars.to_vec();
    }
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    'outer: while i < chars.len() {
        for n in names {
            if chars[i..].starts_with(n) {
                out.push(OWN_NAME);
                i += n.len();
                continue 'outer;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// Whether two signatures estimate a Jaccard similarity of at least
/// `threshold`.
pub(crate) fn similar(a: &[u8], b: &[u8], threshold: f64) -> bool {
    if a.len() != SIGNATURE_LEN || b.len() != SIGNATURE_LEN {
        return false;
    }
    // Values that must agree (b-bit MinHash: values of sentences with
    // Jaccard similarity J agree with probability J + (1 - J) / 256), and so
    // how many may differ before giving up.
    let agree = threshold + (1.0 - threshold) / 256.0;
    let need = (agree * SIGNATURE_LEN as f64 - 1e-9).ceil().max(0.0);
    if need > SIGNATURE_LEN as f64 {
        return false;
    }
    let allowed = SIGNATURE_LEN - need as usize;
    let mut differ = 0;
    for (x, y) in a.chunks_exact(16).zip(b.chunks_exact(16)) {
        differ += x.iter().zip(y).filter(|(p, q)| p != q).count();
        if differ > allowed {
            return false;
        }
    }
    true
}

/// What the copying pass finds for one document.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Found {
    /// Sentences considered (prose, at least `min_sentence_chars`).
    pub(crate) substantive: usize,
    /// Sids of those found near-verbatim in a report of another body.
    pub(crate) copied: Vec<usize>,
    /// The report sharing most of them (index into the input), and how many.
    pub(crate) source: Option<(usize, usize)>,
}

struct State {
    /// Reports of other bodies holding a near-verbatim copy (input indices).
    sources: Vec<u32>,
    saturated: bool,
    checks: u32,
}

/// The copying pass over a corpus of fingerprints, in input order.
pub(crate) fn find(fps: &[DocFingerprint], opts: &Options) -> Vec<Found> {
    // Bodies as numbers; a report with no body is a body of its own.
    let mut names: BTreeMap<&str, u32> = BTreeMap::new();
    let mut body = Vec::with_capacity(fps.len());
    for (i, fp) in fps.iter().enumerate() {
        body.push(match &fp.body {
            Some(b) => {
                let next = names.len() as u32;
                u64::from(*names.entry(b.as_str()).or_insert(next))
            }
            None => (1u64 << 32) + i as u64,
        });
    }
    // The sentences compared: (report, sentence index).
    let mut items: Vec<(u32, u32)> = Vec::new();
    for (d, fp) in fps.iter().enumerate() {
        for (s, sent) in fp.sentences.iter().enumerate() {
            if sent.chars as usize >= opts.min_sentence_chars && sent.minhash.is_some() {
                items.push((d as u32, s as u32));
            }
        }
    }
    let sig = |k: u32| -> &[u8] {
        let (d, s) = items[k as usize];
        fps[d as usize].sentences[s as usize]
            .minhash
            .as_deref()
            .unwrap_or(&[])
    };
    let mut state: Vec<State> = items
        .iter()
        .map(|_| State {
            sources: Vec::new(),
            saturated: false,
            checks: 0,
        })
        .collect();
    // Compares sentence `a` with `candidates` until it has more than
    // `max_sources` sources or has used its checks.
    let mut check = |a: u32, candidates: &[u32]| {
        let da = items[a as usize].0;
        let st = &mut state[a as usize];
        if st.saturated {
            return;
        }
        for &b in candidates {
            let db = items[b as usize].0;
            if st.checks >= MAX_CHECKS {
                return;
            }
            st.checks += 1;
            if body[da as usize] == body[db as usize] || st.sources.contains(&db) {
                continue;
            }
            if similar(sig(a), sig(b), opts.copy_threshold) {
                st.sources.push(db);
                if st.sources.len() > opts.max_sources {
                    st.saturated = true;
                    return;
                }
            }
        }
    };
    let mut keys: Vec<(u64, u32)> = Vec::with_capacity(items.len());
    for band in 0..BANDS {
        keys.clear();
        keys.extend((0..items.len() as u32).map(|k| {
            let s = sig(k);
            (band_hash(band, &s[band * ROWS..(band + 1) * ROWS]), k)
        }));
        keys.sort_unstable();
        for run in keys.chunk_by(|a, b| a.0 == b.0) {
            if run.len() < 2 {
                continue;
            }
            let mut members: Vec<u32> = run.iter().map(|m| m.1).collect();
            if members.len() <= SMALL_RUN {
                for &a in &members {
                    check(a, &members);
                }
                continue;
            }
            // A large bucket: order it by the rest of the signature, starting
            // after this band, and compare each sentence with its neighbours
            // in that order only (sorted neighbourhood). Sentences that agree
            // on most values sort together; identical ones are adjacent.
            let from = (band + 1) * ROWS;
            members.sort_by(|&x, &y| {
                let (sx, sy) = (sig(x), sig(y));
                let rx = sx[from..].iter().chain(&sx[..from]);
                let ry = sy[from..].iter().chain(&sy[..from]);
                rx.cmp(ry).then(x.cmp(&y))
            });
            let window = opts.max_sources.saturating_add(1);
            for (i, &a) in members.iter().enumerate() {
                let lo = i.saturating_sub(window);
                let hi = i
                    .saturating_add(window)
                    .saturating_add(1)
                    .min(members.len());
                check(a, &members[lo..hi]);
            }
        }
    }
    let mut out: Vec<Found> = vec![Found::default(); fps.len()];
    let mut votes: Vec<BTreeMap<u32, usize>> = vec![BTreeMap::new(); fps.len()];
    for (k, &(d, s)) in items.iter().enumerate() {
        let f = &mut out[d as usize];
        f.substantive += 1;
        let st = &state[k];
        if st.sources.is_empty() {
            continue;
        }
        f.copied
            .push(fps[d as usize].sentences[s as usize].sid as usize);
        if !st.saturated {
            for &src in &st.sources {
                *votes[d as usize].entry(src).or_default() += 1;
            }
        }
    }
    for (f, v) in out.iter_mut().zip(votes) {
        // Most shared sentences; ties go to the report that comes first.
        f.source = v
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
            .map(|(d, n)| (d as usize, n));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    fn jaccard(a: &str, b: &str) -> f64 {
        use std::collections::BTreeSet;
        let set = |s: &str| -> BTreeSet<Vec<char>> {
            chars(s).windows(SHINGLE).map(|w| w.to_vec()).collect()
        };
        let (a, b) = (set(a), set(b));
        a.intersection(&b).count() as f64 / a.union(&b).count() as f64
    }

    #[test]
    fn minhash_estimates_jaccard() {
        let a = "通过政务微博发布公安工作动态信息三百八十九条全年召开新闻发布会三场回应社会关切";
        let pairs = [
            (a, a),
            (
                a,
                "通过政务微博发布公安工作动态信息四百二十条全年召开新闻发布会三场回应社会关切",
            ),
            (
                a,
                "全年召开新闻发布会三场回应社会关切通过政务微博发布公安工作动态信息",
            ),
            (
                a,
                "我局高度重视政府信息公开工作切实加强组织领导不断完善工作机制",
            ),
        ];
        for (x, y) in pairs {
            let (sx, sy) = (signature(&chars(x)).unwrap(), signature(&chars(y)).unwrap());
            let same = sx.iter().zip(sy.iter()).filter(|(p, q)| p == q).count();
            let est = same as f64 / SIGNATURE_LEN as f64;
            let exact = jaccard(x, y);
            assert!(
                (est - exact).abs() < 0.15,
                "{y}: estimate {est}, exact {exact}"
            );
        }
    }

    #[test]
    fn own_names_of_bodies() {
        let names =
            |b: &str| -> Vec<String> { own_names(b).iter().map(|n| n.iter().collect()).collect() };
        assert_eq!(names("石门县公安局"), ["石门县公安局", "石门县", "石门"]);
        assert_eq!(
            names("呼伦贝尔市鄂温克族自治旗公安局"),
            [
                "呼伦贝尔市鄂温克族自治旗公安局",
                "呼伦贝尔市鄂温克族自治旗",
                "鄂温克"
            ]
        );
        assert_eq!(names("吉林省公安厅"), ["吉林省公安厅", "吉林省", "吉林"]);
        assert_eq!(names("公安部"), ["公安部"]);
        assert!(names("").is_empty());
        let masked = mask(
            &chars("石门县公安局开通平安石门微博"),
            &own_names("石门县公安局"),
        );
        assert_eq!(masked, chars("\u{E000}开通平安\u{E000}微博"));
    }

    #[test]
    fn short_text_has_no_signature() {
        assert!(signature(&chars("政务微博")).is_none());
        assert!(signature(&chars("政务微博。")).is_some());
    }

    #[test]
    fn threshold_counts_equal_values() {
        let a = vec![1u8; SIGNATURE_LEN];
        let mut b = a.clone();
        for v in b.iter_mut().take(19) {
            *v = 2;
        }
        // 77 of 96 equal: 0.802 ≥ 0.8; 76 of 96: 0.79 < 0.8.
        assert!(similar(&a, &b, 0.8));
        b[19] = 2;
        assert!(!similar(&a, &b, 0.8));
    }
}

/// Scale check, run by hand: `cargo test --release --lib copying_scales -- --ignored --nocapture`.
#[cfg(test)]
mod scale {
    use super::*;
    use crate::indices::SentencePrint;

    /// 20,000 reports of 50 sentences: 45 of their own, 5 template
    /// sentences shared by every report (one giant bucket per band), and a
    /// paragraph copied between consecutive pairs.
    #[test]
    #[ignore]
    fn copying_scales() {
        let template: Vec<Vec<char>> = (0..5)
            .map(|t| {
                format!("我局高度重视政府信息公开工作模板句子第{t}号切实加强组织领导")
                    .chars()
                    .collect()
            })
            .collect();
        let mut fps = Vec::new();
        for d in 0..20_000u32 {
            let mut sentences = Vec::new();
            for s in 0..50u32 {
                let text: Vec<char> = if s < 5 {
                    template[s as usize].clone()
                } else if s == 5 {
                    format!("共享段落编号{}发布信息若干条召开发布会若干场", d / 2)
                        .chars()
                        .collect()
                } else {
                    format!(
                        "第{d}号报告第{s}句全年发布信息{}条开通账号{}个",
                        d * 7 + s,
                        s * 3
                    )
                    .chars()
                    .collect()
                };
                sentences.push(SentencePrint {
                    sid: s + 1,
                    words: 10,
                    chars: text.len() as u32,
                    grams: Vec::new(),
                    minhash: signature(&text),
                });
            }
            fps.push(DocFingerprint {
                name: format!("{d}.txt"),
                body: Some(format!("第{d}县公安局")),
                year: Some(2020),
                level: None,
                province: None,
                words: 0,
                work_chars: 0,
                work_quantities: 0,
                tengrams: 0,
                tengrams_repeated: 0,
                sentences,
            });
        }
        let t = std::time::Instant::now();
        let out = find(&fps, &Options::default());
        eprintln!("{} reports, {:?}", fps.len(), t.elapsed());
        assert_eq!(out[0].copied.len(), 6, "{:?}", out[0]);
        assert_eq!(out[0].source, Some((1, 1)));
    }
}
