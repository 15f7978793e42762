//! Benchmark: 1,000,000 call rows and 100,000 survey rows (.xlsx) to the 月报表
//! and 客户满意度月度报表, against a bare calamine pass over the same two files.
//!
//! ```sh
//! cargo run --release --example bench_ops            # generate once, then 5 runs of each
//! cargo run --release --example bench_ops -- 3       # 3 runs of each
//! ```
//!
//! The inputs are generated deterministically into `target/bench-ops/` (the
//! sample project's other inputs, plus the large call log and survey export).
//! Each measured pass runs in a child process so its peak memory (VmHWM) is its own.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::Context;
use chrono::{Duration, NaiveDate, NaiveDateTime};
use rust_xlsxwriter::{Format, Workbook};

const CALL_ROWS: u32 = 1_000_000;
const SURVEY_ROWS: u32 = 100_000;
const AGENTS: [&str; 12] = [
    "K001", "K002", "K003", "K004", "K005", "K006", "K007", "K008", "K009", "K010", "K011", "K012",
];

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("--phase-calamine") => return phase_calamine(Path::new(&args[2])),
        Some("--phase-reports") => return phase_reports(Path::new(&args[2])),
        _ => {}
    }
    let runs: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(5);
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-ops");
    prepare(&dir)?;
    let exe = std::env::current_exe()?;
    let mut bare = Vec::new();
    let mut full = Vec::new();
    for i in 0..runs {
        for (phase, out) in [("--phase-calamine", &mut bare), ("--phase-reports", &mut full)] {
            let t = Instant::now();
            let o = Command::new(&exe).arg(phase).arg(&dir).output()?;
            let secs = t.elapsed().as_secs_f64();
            anyhow::ensure!(
                o.status.success(),
                "{phase} failed: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            let hwm = String::from_utf8_lossy(&o.stdout).trim().to_string();
            println!("run {} {phase}: {secs:.2} s, peak {hwm}", i + 1);
            out.push(secs);
        }
    }
    let (b, f) = (median(&mut bare), median(&mut full));
    println!("median bare calamine pass: {b:.2} s");
    println!(
        "median monthly + csat:     {f:.2} s  ({:.2}× the bare pass)",
        f / b
    );
    Ok(())
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l[6..].trim().to_string())
        })
        .unwrap_or_else(|| "unknown".into())
}

/// Read every cell of both large files with calamine's streaming cell reader, in
/// parallel, and do nothing with them (the fastest way calamine reads an .xlsx).
fn phase_calamine(dir: &Path) -> anyhow::Result<()> {
    use calamine::{open_workbook, Reader, Xlsx};
    let count = |name: &str| -> anyhow::Result<usize> {
        let mut wb: Xlsx<_> = open_workbook(dir.join("inputs").join(name))?;
        let mut n = 0;
        for sheet in wb.sheet_names() {
            let mut cells = wb.worksheet_cells_reader(&sheet)?;
            while let Some(cell) = cells.next_cell()? {
                if !matches!(cell.get_value(), calamine::DataRef::Empty) {
                    n += 1;
                }
            }
        }
        Ok(n)
    };
    let (a, b) = rayon::join(|| count("calls.xlsx"), || count("surveys.xlsx"));
    let cells = a? + b?;
    anyhow::ensure!(cells > 0, "no cells read");
    println!("{}", peak_memory());
    Ok(())
}

/// The real path: load the project's inputs once, render monthly and csat for November 2026.
fn phase_reports(dir: &Path) -> anyhow::Result<()> {
    use zhidu::batch::{run_batch, LockWait, ProgressMode, RunOptions, RunRequest};
    // Each pass reads the exports as a first run does: without the input cache.
    let _ = std::fs::remove_dir_all(dir.join("outputs/.zhidu/cache"));
    let project = zhidu::config::Project::load(dir)?;
    // Monthly falls due on 2026-12-23 (4th Wednesday) and csat on 2026-12-25, both for November.
    let request = RunRequest::Range(
        NaiveDate::from_ymd_opt(2026, 12, 23).context("date")?,
        NaiveDate::from_ymd_opt(2026, 12, 25).context("date")?,
    );
    let options = RunOptions {
        progress: ProgressMode::Quiet,
        lock: LockWait::default(),
        after_run: None,
    };
    let (manifest, _, _) = run_batch(
        &project,
        &request,
        NaiveDate::from_ymd_opt(2026, 12, 25).context("date")?,
        options,
    )?;
    let ids: Vec<&str> = manifest.reports.iter().map(|r| r.report.as_str()).collect();
    anyhow::ensure!(ids == ["monthly", "csat"], "unexpected reports {ids:?}");
    for r in &manifest.reports {
        anyhow::ensure!(r.is_ok(), "{} failed: {:?}", r.report, r.error);
    }
    println!("{}", peak_memory());
    Ok(())
}

/// The sample project with a large call log and survey export (made once).
fn prepare(dir: &Path) -> anyhow::Result<()> {
    let inputs = dir.join("inputs");
    std::fs::create_dir_all(&inputs)?;
    // The weekly report also falls due on 2026-12-23; only monthly and csat are measured.
    let config = zhidu::config::DEFAULT_CONFIG_TOML.replacen(
        "[reports.weekly]                 # 周报表\nenabled = true",
        "[reports.weekly]                 # 周报表\nenabled = false",
        1,
    );
    // A million rows of XML is more than the default guard against inflating files.
    let config = config.replacen("max_input_mib = 256 ", "max_input_mib = 1024", 1);
    anyhow::ensure!(
        config.contains("# 周报表\nenabled = false") && config.contains("max_input_mib = 1024"),
        "zhidu.toml changed shape"
    );
    std::fs::write(dir.join("zhidu.toml"), config)?;
    for (name, bytes) in zhidu::samples::sample_files()? {
        if name != "calls.xlsx" && name != "surveys.xlsx" {
            std::fs::write(inputs.join(name), bytes)?;
        }
    }
    if inputs.join("calls.xlsx").exists() && inputs.join("surveys.xlsx").exists() {
        return Ok(());
    }
    eprintln!(
        "generating {CALL_ROWS} call rows and {SURVEY_ROWS} survey rows in {}",
        inputs.display()
    );
    write_calls(&inputs.join("calls.xlsx"))?;
    write_surveys(&inputs.join("surveys.xlsx"))?;
    Ok(())
}

/// A small deterministic generator (xorshift), so the files are the same on every machine.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn excel_serial(dt: NaiveDateTime) -> f64 {
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .unwrap_or_default();
    let secs = (dt - base).num_seconds();
    secs as f64 / 86_400.0
}

fn write_calls(path: &Path) -> anyhow::Result<()> {
    let mut wb = Workbook::new();
    let dt = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    let sheet = wb.add_worksheet_with_constant_memory()?;
    sheet.set_name("通话记录")?;
    let headers = [
        "通话ID",
        "坐席工号",
        "开始时间",
        "通话时长(秒)",
        "呼叫方向",
        "主叫号码",
        "被叫号码",
        "等待时长(秒)",
        "接通状态",
        "通话类型",
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(0, c as u16, *h)?;
    }
    let mut rng = Rng(0x5eed_0001);
    let start = NaiveDate::from_ymd_opt(2026, 11, 1)
        .and_then(|d| d.and_hms_opt(8, 0, 0))
        .context("start")?;
    let mut call_no = 0u32;
    let mut r = 1u32;
    while r <= CALL_ROWS {
        call_no += 1;
        let agent = AGENTS[rng.below(AGENTS.len() as u64) as usize];
        let at =
            start + Duration::days(rng.below(30) as i64) + Duration::seconds(rng.below(14 * 3600) as i64);
        let inbound = rng.below(10) < 8;
        let roll = rng.below(100);
        let status = if roll < 88 {
            "接通"
        } else if roll < 95 {
            "未接"
        } else {
            "放弃"
        };
        let talk = if status == "接通" {
            20 + rng.below(600)
        } else {
            0
        };
        let wait = rng.below(60);
        let personal = rng.below(200) == 0;
        // One call in twenty spans two rows (a ring leg that was not answered).
        let legs = if rng.below(20) == 0 && r < CALL_ROWS { 2 } else { 1 };
        for leg in 0..legs {
            let (st, tk) = if legs == 2 && leg == 0 {
                ("未接", 0)
            } else {
                (status, talk)
            };
            sheet.write_string(r, 0, format!("C{call_no:08}"))?;
            sheet.write_string(r, 1, agent)?;
            sheet.write_number_with_format(r, 2, excel_serial(at), &dt)?;
            sheet.write_number(r, 3, tk as f64)?;
            sheet.write_string(r, 4, if inbound { "呼入" } else { "呼出" })?;
            sheet.write_string(r, 5, format!("138{:08}", rng.below(100_000_000)))?;
            sheet.write_string(r, 6, "4008001234")?;
            sheet.write_number(r, 7, wait as f64)?;
            sheet.write_string(r, 8, st)?;
            sheet.write_string(r, 9, if personal { "私人" } else { "业务" })?;
            r += 1;
        }
    }
    wb.save(path)?;
    Ok(())
}

fn write_surveys(path: &Path) -> anyhow::Result<()> {
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let sheet = wb.add_worksheet_with_constant_memory()?;
    sheet.set_name("满意度调查")?;
    for (c, h) in ["日期", "坐席工号", "评分", "客户", "渠道", "意见"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h)?;
    }
    let mut rng = Rng(0x5eed_0002);
    let first = NaiveDate::from_ymd_opt(2026, 11, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .context("first")?;
    let comments = ["等待时间较长", "问题已解决", "态度很好", "需要改进", ""];
    for r in 1..=SURVEY_ROWS {
        let score = [5, 5, 4, 4, 4, 3, 2, 1][rng.below(8) as usize];
        sheet.write_number_with_format(
            r,
            0,
            excel_serial(first + Duration::days(rng.below(30) as i64)),
            &date,
        )?;
        sheet.write_string(r, 1, AGENTS[rng.below(AGENTS.len() as u64) as usize])?;
        sheet.write_number(r, 2, f64::from(score))?;
        sheet.write_string(r, 3, format!("客户{:05}", rng.below(50_000)))?;
        sheet.write_string(
            r,
            4,
            if rng.below(2) == 0 {
                "电话回访"
            } else {
                "短信"
            },
        )?;
        let c = comments[rng.below(comments.len() as u64) as usize];
        if !c.is_empty() {
            sheet.write_string(r, 5, c)?;
        }
    }
    wb.save(path)?;
    Ok(())
}
