//! Writes a benchmark corpus: `gencorpus OUT_DIR MB [SOURCE_DIR]`.
//!
//! Without SOURCE_DIR, documents are assembled from sentences written here
//! (templates with numbers drawn from a seeded generator), in the shape of a
//! report: title, preamble, numbered sections of work, problems and plans.
//! With SOURCE_DIR, the lines of every file in it (decoded as gongkai does)
//! are shuffled into documents instead, so a real corpus can be scaled up
//! without copying it document by document. Either way the output is the
//! same for the same arguments: the generator is seeded.
//!
//! Documents are 8–64 KB, written as `OUT_DIR/NNN/NNNNNN.txt` (1,000 per
//! folder) until MB megabytes (10^6 bytes) are written.

use std::io::Write;
use std::path::{Path, PathBuf};

/// xorshift64*: enough for shuffling, and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const BODIES: [&str; 8] = [
    "青山县公安局",
    "白河市人民政府办公室",
    "东川区教育局",
    "南湖县卫生健康委员会",
    "北岭市生态环境局",
    "西坪县人力资源和社会保障局",
    "长林市交通运输局",
    "平安县市场监督管理局",
];

const WORK: [&str; 24] = [
    "全年通过政府门户网站主动公开政府信息{}条，其中政策文件{}件。",
    "通过“{}发布”政务微博发布信息{}条，微信公众号推送文章{}篇，阅读量累计{}万人次。",
    "召开新闻发布会{}场，邀请主要负责同志解读政策{}次。",
    "在政务服务大厅设置政府信息公开查阅点{}处，接待群众查阅{}人次。",
    "依托12345政务服务热线解答群众咨询{}件，办结率达{}%。",
    "办理依申请公开{}件，均在法定期限内予以答复。",
    "围绕扫黑除恶专项斗争发布警情通报{}期，曝光典型案例{}起。",
    "聚焦电信网络诈骗，开展防范宣传进社区活动{}场，发放宣传资料{}份。",
    "公开行政处罚决定{}件、行政许可决定{}件，做到应公开尽公开。",
    "在抖音、今日头条等新媒体平台开设账号{}个，发布短视频{}条。",
    "通过报纸、电视等传统媒体刊播政策解读稿件{}篇。",
    "公开财政预决算和“三公”经费信息{}项，接受社会监督。",
    "及时公开户籍办理、出入境证件办理等便民服务事项{}项。",
    "围绕交通安全开展专题宣传{}次，公布事故多发路段{}处。",
    "组织政务公开业务培训{}期，参训人员{}人次。",
    "建立健全政府信息公开保密审查机制，全年审查信息{}条。",
    "规范政府信息公开指南和目录，更新栏目{}个。",
    "开展政府开放日活动{}次，邀请人大代表、政协委员和群众代表{}人参加。",
    "在线访谈栏目全年举办访谈{}期，回应网民留言{}条。",
    "加强重点领域信息公开，公开环境监测数据{}条、食品抽检信息{}批次。",
    "推进基层政务公开标准化规范化，编制事项目录{}项。",
    "利用政务新媒体矩阵开展政策问答{}次，覆盖群众约{}万人。",
    "通过意见征集栏目公开征求意见{}次，收到意见建议{}条。",
    "做好疫情防控信息发布，累计发布权威信息{}条。",
];

const PROBLEMS: [&str; 6] = [
    "部分栏目信息更新不够及时，内容还不够丰富。",
    "政策解读形式比较单一，图解、视频等解读方式运用不多。",
    "基层工作人员业务水平有待提高，人员变动较为频繁。",
    "政务新媒体互动回应还不够主动，回复时效有待提升。",
    "依申请公开办理的规范化程度还需进一步提高。",
    "公开内容与群众需求的契合度还有差距。",
];

const PLANS: [&str; 6] = [
    "下一步，我局将进一步加强政府网站建设，及时更新各类信息。",
    "将继续办好政务微博和微信公众号，提升信息发布的时效性。",
    "今后将加强业务培训，提高工作人员的公开意识和业务能力。",
    "进一步规范依申请公开办理流程，严格按照法定时限答复。",
    "将加大政策解读力度，丰富解读形式，增强解读效果。",
    "持续推进重点领域信息公开，回应社会关切。",
];

fn fill(template: &str, rng: &mut Rng) -> String {
    let mut out = String::new();
    let mut parts = template.split("{}");
    out.push_str(parts.next().unwrap_or_default());
    for part in parts {
        let n = match rng.below(4) {
            0 => rng.below(10) + 1,
            1 => rng.below(100) + 1,
            2 => rng.below(1000) + 1,
            _ => rng.below(100_000) + 1,
        };
        out.push_str(&n.to_string());
        out.push_str(part);
    }
    out
}

fn written_document(rng: &mut Rng, target: usize) -> String {
    let body = BODIES[rng.below(BODIES.len())];
    let year = 2015 + rng.below(8);
    let mut s = format!(
        "{body}{year}年政府信息公开工作年度报告\n\
         本报告根据《中华人民共和国政府信息公开条例》要求，由{body}编制。\
         本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。\n\
         一、总体情况\n"
    );
    let numerals = ["（一）", "（二）", "（三）", "（四）", "（五）", "（六）"];
    let mut k = 0;
    while s.len() < target * 3 / 4 {
        if rng.below(12) == 0 {
            s.push_str(&format!("{}主动公开情况\n", numerals[k % numerals.len()]));
            k += 1;
        }
        for _ in 0..1 + rng.below(4) {
            s.push_str(&fill(WORK[rng.below(WORK.len())], rng));
        }
        s.push('\n');
    }
    s.push_str("二、存在的主要问题及改进情况\n");
    while s.len() < target * 7 / 8 {
        s.push_str(PROBLEMS[rng.below(PROBLEMS.len())]);
        s.push('\n');
    }
    s.push_str("三、下一步工作打算\n");
    while s.len() < target {
        s.push_str(PLANS[rng.below(PLANS.len())]);
        s.push('\n');
    }
    s
}

fn source_lines(dir: &Path) -> Vec<String> {
    let mut paths: Vec<PathBuf> = walk(dir);
    paths.sort();
    let mut lines = Vec::new();
    for p in paths {
        let Ok(bytes) = std::fs::read(&p) else {
            continue;
        };
        let Ok(src) = gongkai::decode::decode_document(&p.to_string_lossy(), &bytes) else {
            continue;
        };
        lines.extend(
            src.text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string),
        );
    }
    lines
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir)
        .expect("SOURCE_DIR is readable")
        .flatten()
    {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else if p.is_file() {
            out.push(p);
        }
    }
    out
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: gencorpus OUT_DIR MB [SOURCE_DIR]");
        std::process::exit(2);
    }
    let out = PathBuf::from(&args[1]);
    let total: usize = args[2].parse::<usize>().expect("MB is a number") * 1_000_000;
    let lines = args.get(3).map(|d| source_lines(Path::new(d)));
    if lines.as_ref().is_some_and(Vec::is_empty) {
        eprintln!("gencorpus: no readable text in {}", args[3]);
        std::process::exit(2);
    }
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let (mut written, mut docs) = (0, 0);
    while written < total {
        let target = 8_000 + rng.below(56_000);
        let text = match &lines {
            None => written_document(&mut rng, target),
            Some(lines) => {
                let mut s = String::new();
                while s.len() < target {
                    s.push_str(&lines[rng.below(lines.len())]);
                    s.push('\n');
                }
                s
            }
        };
        let path = out.join(format!("{:03}/{docs:06}.txt", docs / 1000));
        std::fs::create_dir_all(path.parent().expect("has a folder")).expect("OUT_DIR is writable");
        std::fs::File::create(&path)
            .and_then(|mut f| f.write_all(text.as_bytes()))
            .expect("OUT_DIR is writable");
        written += text.len();
        docs += 1;
    }
    println!("{docs} documents, {written} bytes in {}", out.display());
}
