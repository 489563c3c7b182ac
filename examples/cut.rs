//! Prints how gongkai's segmenter cuts each argument, and the lexicon matches.
//! `cargo run --example cut -- 政府信息公开目录 便民利民措施`
fn main() {
    let p = gongkai::Pipeline::new().expect("embedded lexicons load");
    for arg in std::env::args().skip(1) {
        let words: Vec<&str> = p
            .segmenter()
            .cut(&arg)
            .into_iter()
            .map(|t| t.word)
            .collect();
        println!("{arg}: {}", words.join(" / "));
    }
}
