//! Benchmark: one month of a 4,000-seat call centre through `zhidu run` — four
//! call-log files of ROWS rows each (default 1,000,000, split as PBXs split
//! their exports), a survey export, the roster — rendering the 周报表, the 月报表
//! and the 客户满意度月度报表 in one run (`zhidu run --date 2026-12-02`).
//!
//! The inputs are generated deterministically as CSV (cheap to write) into a
//! temporary project folder, not timed; each measured run is the release binary
//! under `/usr/bin/time`, for its wall time and peak memory.
//!
//! ```sh
//! cargo build --release --bin zhidu --example ops_month_bench
//! target/release/examples/ops_month_bench [RUNS] [--rows 250000,500000,1000000] [--keep DIR] [--zhidu BINARY]
//! ```

#[path = "common/lcg.rs"]
mod lcg;
#[path = "common/timed.rs"]
mod timed;

use lcg::Lcg;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Agents on the roster.
const AGENTS: u64 = 4_000;
/// Call-log files (one per PBX node).
const FILES: u64 = 4;
/// Survey responses per 1,000,000 call rows.
const SURVEYS_PER_MILLION: u64 = 25_000;

/// The project's settings: the three operations reports fall due on 2026-12-02,
/// the other reports are off, the inputs this benchmark does not write optional.
const PROJECT_TOML: &str = r#"[inputs.roster]
path = "inputs/roster.csv"

[inputs.calls]
path = "inputs/calls/*.csv"

[inputs.surveys]
path = "inputs/surveys.csv"

[inputs.schedule]
path = "inputs/schedule.xlsx"
required = false

[inputs.punches]
path = "inputs/punches.xlsx"
required = false

[inputs.complaints]
path = "inputs/complaints.xlsx"
required = false

[inputs.violations]
path = "inputs/violations.xlsx"
required = false

[inputs.leaves]
path = "inputs/leaves.xlsx"
required = false

[inputs.service_requests]
path = "inputs/service_requests.xlsx"
required = false

[inputs.slips]
path = "inputs/slips.xlsx"
required = false

[reports.weekly]
due = "every wednesday"

[reports.monthly]
due = "day 2"

[reports.csat]
due = "day 2"

[reports.ops-weekly]
enabled = false

[reports.deductions]
enabled = false

[reports.slips]
enabled = false

[reports.manual]
enabled = false
"#;

/// `2026-11-DD HH:MM:SS` for a second of November 2026.
fn moment(second_of_month: u64) -> String {
    let (d, rest) = (second_of_month / 86_400, second_of_month % 86_400);
    format!(
        "2026-11-{:02} {:02}:{:02}:{:02}",
        d + 1,
        rest / 3600,
        rest / 60 % 60,
        rest % 60
    )
}

fn file(path: &Path) -> anyhow::Result<std::io::BufWriter<std::fs::File>> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    Ok(std::io::BufWriter::new(std::fs::File::create(path)?))
}

/// Write the project for `rows` call rows per file into `root`.
fn generate(root: &Path, rows: u64) -> anyhow::Result<()> {
    let inputs = root.join("inputs");
    let mut roster = file(&inputs.join("roster.csv"))?;
    writeln!(roster, "工号,姓名,部门,岗位,基本工资,班次,入职日期,状态")?;
    for i in 1..=AGENTS {
        writeln!(
            roster,
            "K{i:04},坐席{i},客服部,客服专员,4000,常规,2024-01-01,在职"
        )?;
    }
    roster.flush()?;
    for f in 0..FILES {
        let mut r = Lcg(20_261_100 + f);
        let mut out = file(&inputs.join("calls").join(format!("pbx-{}.csv", f + 1)))?;
        writeln!(
            out,
            "通话ID,坐席工号,开始时间,通话时长(秒),等待时长(秒),呼叫方向,接通状态,通话类型"
        )?;
        for k in 0..rows {
            let start = 8 * 3600 + r.below(30) * 86_400 + r.below(12 * 3600);
            let answered = r.below(100) < 88;
            writeln!(
                out,
                "C{}{:07},K{:04},{},{},{},{},{},{}",
                f + 1,
                k,
                1 + r.below(AGENTS),
                moment(start),
                if answered { 30 + r.below(570) } else { 0 },
                r.below(60),
                if k % 4 == 0 { "呼出" } else { "呼入" },
                if answered { "接通" } else { "未接通" },
                if r.below(1000) == 0 { "私人" } else { "业务" }
            )?;
        }
        out.flush()?;
    }
    let mut r = Lcg(20_261_199);
    let mut surveys = file(&inputs.join("surveys.csv"))?;
    writeln!(surveys, "日期,坐席工号,评分,渠道")?;
    for _ in 0..rows * FILES * SURVEYS_PER_MILLION / 1_000_000 {
        writeln!(
            surveys,
            "2026-11-{:02},K{:04},{},电话",
            1 + r.below(30),
            1 + r.below(AGENTS),
            5 - r.below(100).min(40) / 10
        )?;
    }
    surveys.flush()?;
    std::fs::write(root.join("zhidu.toml"), PROJECT_TOML)?;
    Ok(())
}

/// The wall time and peak memory (MB) of one run.
fn run(zhidu: &Path, root: &Path) -> anyhow::Result<(Duration, f64)> {
    let _ = std::fs::remove_dir_all(root.join("outputs"));
    timed::timed_run(zhidu, root, &["run", "--date", "2026-12-02"])
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (mut runs, mut sizes, mut keep) = (3usize, vec![1_000_000u64], None::<PathBuf>);
    let mut binary = None::<PathBuf>;
    let mut it = args.iter().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--rows" => {
                let list = it.next().ok_or_else(|| anyhow::anyhow!("--rows needs N[,N…]"))?;
                sizes = list
                    .split(',')
                    .map(|n| n.trim().replace('_', "").parse())
                    .collect::<Result<_, _>>()?;
            }
            "--keep" => keep = it.next().map(PathBuf::from),
            "--zhidu" => binary = it.next().map(PathBuf::from),
            n => runs = n.parse().map_err(|_| anyhow::anyhow!("unknown argument {n}"))?,
        }
    }
    anyhow::ensure!(runs > 0, "RUNS must be at least 1");
    let zhidu = timed::zhidu_binary(binary)?;
    for rows in sizes {
        let root = match &keep {
            Some(k) => k.join(format!("ops-{rows}")),
            None => std::env::temp_dir().join(format!("zhidu-ops-bench-{}-{rows}", std::process::id())),
        };
        if !root.join("zhidu.toml").exists() {
            generate(&root, rows)?;
        }
        let (mut times, mut peaks) = (Vec::new(), Vec::new());
        for _ in 0..runs {
            let (t, mb) = run(&zhidu, &root)?;
            times.push(t);
            peaks.push(mb);
        }
        times.sort();
        peaks.sort_by(f64::total_cmp);
        println!(
            "{FILES} call-log files × {rows} rows: run --date 2026-12-02 (weekly + monthly + csat), median of {runs}: {:.2} s (runs: {}); peak memory {:.0} MB",
            times[times.len() / 2].as_secs_f64(),
            times
                .iter()
                .map(|t| format!("{:.2}", t.as_secs_f64()))
                .collect::<Vec<_>>()
                .join(" "),
            peaks[peaks.len() / 2]
        );
        if keep.is_none() {
            let _ = std::fs::remove_dir_all(&root);
        }
    }
    Ok(())
}
