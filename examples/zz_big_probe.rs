fn main() {
    let unit = "政府信息公开工作年度报告政务微博网站";
    let line = unit.repeat(10 * 1024 * 1024 / unit.len() + 1);
    let p = gongkai::Pipeline::new().unwrap();
    let t = std::time::Instant::now();
    let d = p.analyze_bytes("big.txt", line.as_bytes()).unwrap();
    println!("pipeline on 10 MB line: {:?}, {} records, first record {} chars, {} matches", t.elapsed(), d.sentences.len(), d.sentences[0].end - d.sentences[0].start, d.sentences.iter().map(|s| s.matches.len()).sum::<usize>());
}
