//! Benchmark: reading a 1,000,000-row call-log .xlsx with zhidu's ingest versus a
//! bare calamine streaming pass over the same file, with peak memory of each.
//!
//! `cargo run --release --example ingest_bench` generates the file (deterministic,
//! once) under `target/bench/`, then runs each reader in its own child process
//! several times and prints the medians. Subcommands used by the children:
//! `gen FILE`, `bare FILE`, `zhidu DIR`.

#[path = "common/lcg.rs"]
mod lcg;

use lcg::Lcg;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use calamine::{open_workbook, Xlsx};
use rust_xlsxwriter::{Format, Workbook};

const ROWS: u32 = 1_000_000;
const RUNS: usize = 5;

/// Peak resident memory of this process in KiB (VmHWM).
fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|n| n.parse().ok()))
        })
        .unwrap_or(0)
}

/// CPU seconds (user + system) used by this process so far.
fn cpu_secs() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            let after = s.rsplit_once(')')?.1.to_string();
            let f: Vec<&str> = after.split_whitespace().collect();
            // Fields 14 and 15 of stat (utime, stime) are 12 and 13 after the name.
            let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
            Some(ticks / 100.0)
        })
        .unwrap_or(0.0)
}

fn generate(path: &Path) -> Result<(), rust_xlsxwriter::XlsxError> {
    let mut wb = Workbook::new();
    let dt = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    let ws = wb.add_worksheet_with_low_memory()?;
    ws.set_name("通话记录")?;
    let head = [
        "通话ID",
        "坐席工号",
        "开始时间",
        "通话时长(秒)",
        "等待时长(秒)",
        "呼叫方向",
        "接通状态",
        "通话类型",
        "主叫号码",
        "被叫号码",
    ];
    for (c, h) in head.iter().enumerate() {
        ws.write_string(0, c as u16, *h)?;
    }
    let mut rng = Lcg(20_261_101);
    // 2026-11-01 is serial 46327; calls spread over 30 days, 08:00–22:00.
    for i in 0..ROWS {
        let r = i + 1;
        let day = 46_327.0 + (i as f64 * 30.0 / ROWS as f64).floor();
        let secs = 8.0 * 3600.0 + rng.below(14 * 3600) as f64;
        let inbound = rng.below(10) < 7;
        let answered = rng.below(10) < 9;
        let talk = if answered { 20 + rng.below(600) } else { 0 };
        let customer = format!("13{:09}", rng.below(200_000) * 4_999);
        ws.write_string(r, 0, format!("C{:010}", i + 1))?;
        ws.write_string(r, 1, format!("E{:03}", 1 + rng.below(40)))?;
        ws.write_number_with_format(r, 2, day + secs / 86_400.0, &dt)?;
        ws.write_number(r, 3, talk as f64)?;
        ws.write_number(r, 4, rng.below(60) as f64)?;
        ws.write_string(r, 5, if inbound { "呼入" } else { "呼出" })?;
        ws.write_string(
            r,
            6,
            if answered {
                "接通"
            } else if inbound {
                "放弃"
            } else {
                "未接"
            },
        )?;
        ws.write_string(r, 7, if rng.below(100) == 0 { "私人" } else { "业务" })?;
        if inbound {
            ws.write_string(r, 8, &customer)?;
            ws.write_string(r, 9, "4008001234")?;
        } else {
            ws.write_string(r, 8, "4008001234")?;
            ws.write_string(r, 9, &customer)?;
        }
    }
    wb.save(path)
}

fn bare(path: &Path) -> Result<(), String> {
    let t = Instant::now();
    let mut wb: Xlsx<std::io::BufReader<std::fs::File>> =
        open_workbook(path).map_err(|e: calamine::XlsxError| e.to_string())?;
    let mut cells = 0u64;
    let mut reader = wb.worksheet_cells_reader("通话记录").map_err(|e| e.to_string())?;
    while let Some(c) = reader.next_cell().map_err(|e| e.to_string())? {
        if !matches!(c.get_value(), calamine::DataRef::Empty) {
            cells += 1;
        }
    }
    println!(
        "{:.3} {} {:.2} {cells}",
        t.elapsed().as_secs_f64(),
        peak_kib(),
        cpu_secs()
    );
    Ok(())
}

fn zhidu_pass(dir: &Path) -> Result<(), String> {
    // Each pass reads the file as a first run does: without the input cache.
    let _ = std::fs::remove_dir_all(dir.join("outputs/.zhidu/cache"));
    let t = Instant::now();
    let project = zhidu::config::Project::load(dir).map_err(|e| e.to_string())?;
    let loaded = zhidu::ingest::load(&project);
    if loaded.has_errors() {
        return Err(format!("{:?}", loaded.problems.first()));
    }
    println!(
        "{:.3} {} {:.2} {}",
        t.elapsed().as_secs_f64(),
        peak_kib(),
        cpu_secs(),
        loaded.data.calls.len()
    );
    Ok(())
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn child(args: &[&str]) -> Result<(f64, u64, f64), String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let out = Command::new(exe).args(args).output().map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&out.stdout);
    let mut parts = text.split_whitespace();
    let secs = parts.next().and_then(|s| s.parse().ok());
    let kib = parts.next().and_then(|s| s.parse().ok());
    let cpu = parts.next().and_then(|s| s.parse().ok());
    match (secs, kib, cpu, out.status.success()) {
        (Some(s), Some(k), Some(c), true) => Ok((s, k, c)),
        _ => Err(format!(
            "child {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        )),
    }
}

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("gen") => return generate(Path::new(&args[1])).map_err(|e| e.to_string()),
        Some("bare") => return bare(Path::new(&args[1])),
        Some("zhidu") => return zhidu_pass(Path::new(&args[1])),
        _ => {}
    }
    let dir: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench");
    std::fs::create_dir_all(dir.join("inputs")).map_err(|e| e.to_string())?;
    let file = dir.join("inputs/calls.xlsx");
    if !file.exists() {
        eprintln!("generating {} ({ROWS} rows)…", file.display());
        let t = Instant::now();
        generate(&file).map_err(|e| e.to_string())?;
        eprintln!("generated in {:.1} s", t.elapsed().as_secs_f64());
    }
    let mut cfg = String::new();
    // The 40 agents of the call log are on the roster, as in a real project.
    let mut roster = String::from("工号,姓名,部门,基本工资\n");
    for i in 1..=40 {
        roster.push_str(&format!("E{i:03},坐席{i},客服部,4500\n"));
    }
    std::fs::write(dir.join("inputs/roster.csv"), roster).map_err(|e| e.to_string())?;
    cfg.push_str("[inputs.roster]\npath = \"inputs/roster.csv\"\n");
    for k in [
        "schedule",
        "punches",
        "surveys",
        "complaints",
        "violations",
        "leaves",
        "service_requests",
        "slips",
    ] {
        cfg.push_str(&format!(
            "[inputs.{k}]\npath = \"inputs/{k}.xlsx\"\nrequired = false\n"
        ));
    }
    cfg.push_str("[inputs.calls]\npath = \"inputs/calls.xlsx\"\n");
    // A million rows of XML is more than the default guard against inflating files.
    cfg.push_str("[check]\nmax_input_mib = 1024\n");
    std::fs::write(dir.join("zhidu.toml"), cfg).map_err(|e| e.to_string())?;
    let (file_s, dir_s) = (
        file.to_string_lossy().into_owned(),
        dir.to_string_lossy().into_owned(),
    );
    let (mut bt, mut bm, mut bc, mut zt, mut zm, mut zc) = (
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
    );
    for run in 1..=RUNS {
        let (s, k, c) = child(&["bare", &file_s])?;
        bt.push(s);
        bm.push(k as f64);
        bc.push(c);
        let (s2, k2, c2) = child(&["zhidu", &dir_s])?;
        zt.push(s2);
        zm.push(k2 as f64);
        zc.push(c2);
        eprintln!(
            "run {run}: bare {s:.3} s ({c:.2} s CPU) {} MiB; zhidu {s2:.3} s ({c2:.2} s CPU) {} MiB",
            k / 1024,
            k2 / 1024
        );
    }
    let (b, z, bcpu, zcpu) = (median(bt), median(zt), median(bc), median(zc));
    println!("1,000,000-row call log, median of {RUNS} runs:");
    println!(
        "  bare calamine streaming pass: {b:.3} s wall, {bcpu:.2} s CPU, peak {:.0} MiB",
        median(bm) / 1024.0
    );
    println!(
        "  zhidu ingest (records built): {z:.3} s wall, {zcpu:.2} s CPU, peak {:.0} MiB",
        median(zm) / 1024.0
    );
    println!(
        "  ratio: {:.2}× wall, {:.2}× CPU (limit 1.20×)",
        z / b,
        zcpu / bcpu
    );
    Ok(())
}
