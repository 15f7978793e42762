//! Benchmark: one month of a 客服部 of N people (by default 1,000: 30,000
//! schedule entries, about 52,000 punches, with registers), evaluated and every
//! deduction document written — sheet, fund ledger and one notice per employee
//! with a deduction.
//!
//! The generated month is first written as XLSX exports into a temporary project
//! folder (not timed, in a child process); each timed run then reads them
//! (`ingest::load`), applies the rules and renders every document into a stage
//! that is swapped in whole, like `zhidu run` does. With `--cli` it then also
//! runs the release binary itself (`zhidu run --report deductions --period
//! 2026-11`) under `/usr/bin/time`, for the wall time and peak memory of the
//! whole command (`--zhidu BINARY` times another build, e.g. an older one):
//! each time into an empty output folder (a month's first run), then again over
//! it (a rerun, whose documents come out as they were); then `zhidu explain` for
//! one employee after the run, and again with the input cache removed.
//!
//! ```sh
//! cargo build --release --bin zhidu --example hr_month_bench
//! target/release/examples/hr_month_bench [RUNS] [--staff 1000,4000,10000] [--cli | --cli-only] [--keep DIR] [--zhidu BINARY]
//! ```
//!
//! Prints, for each size, each phase's median over RUNS runs (default 5) and the
//! peak resident memory. The data depend only on the size: the same N gives the
//! same files.

#[path = "common/lcg.rs"]
mod lcg;
#[path = "common/timed.rs"]
mod timed;

use lcg::Lcg;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{Duration as Span, NaiveDate, NaiveDateTime, NaiveTime};
use zhidu::config::{Config, Project};
use zhidu::model::{
    Call, CallDirection, CallKind, CallStatus, Complaint, Dataset, Employee, EmployeeKey, Fen, Leave, Period,
    Punch, ScheduleEntry, Severity, Source, Violation,
};
use zhidu::output::lock::RunLock;
use zhidu::output::stage::{DocumentSink, SetKey, Stage};
use zhidu::render::Renderer;
use zhidu::reports::{deductions, RunContext};

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛",
];

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap_or_default()
}

/// The benchmark's month: `employees` people, four shifts, 4 rest days each;
/// leaves, complaints, violations and calls in proportion to the staff (for
/// 1,000: 60, 150, 120 and 20,000).
pub fn generate(employees: usize) -> Dataset {
    let per_thousand = |n: usize| (n * employees / 1000) as u32;
    let mut r = Lcg(20_261_130);
    let cfg = Config::default();
    let mut data = Dataset::default();
    let shifts = ["常规", "白班", "晚班", "常班"];
    let (mut srow, mut prow) = (1u32, 1u32);
    for i in 0..employees {
        let id = format!("K{:04}", i + 1);
        let name = format!(
            "{}{}{}",
            SURNAMES[i % SURNAMES.len()],
            GIVEN[(i / SURNAMES.len()) % GIVEN.len()],
            GIVEN[(i / 7) % GIVEN.len()]
        );
        let hired = NaiveDate::from_ymd_opt(2024 + (i % 3) as i32, 1 + (i % 12) as u32, 1 + (i % 28) as u32)
            .unwrap_or_default();
        data.employees.push(Employee {
            id: id.clone(),
            name,
            department: "客服部".into(),
            position: Some(
                if i % 20 == 0 {
                    "客服组长"
                } else {
                    "客服专员"
                }
                .into(),
            ),
            base_pay: Fen(300_000 + (r.below(12_000) as i64) * 25),
            default_shift: Some(shifts[i % 4].into()),
            hire_date: Some(hired),
            leave_date: None,
            status: Some("在职".into()),
            email: None,
            notice_password: None,
            source: Source::synthetic("inputs/roster.xlsx", "花名册", i as u32 + 2),
        });
        let first_rest = 1 + (i % 7) as u32;
        let rest: Vec<u32> = (0..4).map(|k| first_rest + 7 * k).collect();
        let code = shifts[i % 4];
        let def = &cfg.shifts.table[code];
        for d in 1..=30u32 {
            srow += 1;
            let is_rest = rest.contains(&d);
            data.schedule.push(ScheduleEntry {
                employee: EmployeeKey::by_id(id.clone()).into(),
                date: day(d),
                shift: if is_rest { "休".into() } else { code.into() },
                source: Source::synthetic("inputs/schedule.xlsx", "排班表", srow),
            });
            if is_rest {
                continue;
            }
            let start: NaiveDateTime = day(d).and_time(def.start.0);
            let end: NaiveDateTime = if def.crosses_midnight() {
                day(d).succ_opt().unwrap_or(day(d)).and_time(def.end.0)
            } else {
                day(d).and_time(def.end.0)
            };
            let late = r.below(1000) < 32;
            let inn = if late {
                start + Span::seconds(60 + r.below(40 * 60) as i64)
            } else {
                start - Span::seconds(r.below(20 * 60) as i64)
            };
            let out = end + Span::seconds(r.below(30 * 60) as i64)
                - Span::seconds(if r.below(100) < 2 { 1800 } else { 0 });
            for (t, keep) in [(inn, true), (out, r.below(1000) >= 5)] {
                if !keep {
                    continue;
                }
                prow += 1;
                data.punches.push(Punch {
                    employee: EmployeeKey::by_id(id.clone()).into(),
                    at: t,
                    device: Some("前台考勤机".into()),
                    result: None,
                    remark: None,
                    source: Source::synthetic("inputs/punches.xlsx", "打卡记录", prow),
                });
            }
        }
    }
    let pick = |r: &mut Lcg| EmployeeKey::by_id(format!("K{:04}", 1 + r.below(employees as u64)));
    for k in 0..per_thousand(60) {
        let start = day(1 + r.below(28) as u32);
        data.leaves.push(Leave {
            employee: pick(&mut r),
            start,
            end: start.succ_opt().unwrap_or(start),
            kind: Some("事假".into()),
            approver: Some("部门经理".into()),
            source: Source::synthetic("inputs/leaves.xlsx", "请假记录", k + 2),
        });
    }
    let sev = [Severity::Minor, Severity::Serious, Severity::Severe];
    for k in 0..per_thousand(150) {
        data.complaints.push(Complaint {
            date: day(1 + r.below(30) as u32),
            employee: pick(&mut r),
            severity: sev[(k % 3) as usize],
            origin: Some(if k % 4 == 0 { "销售" } else { "客户" }.into()),
            company_fault: k % 9 != 0,
            content: Some("服务态度".into()),
            source: Source::synthetic("inputs/complaints.xlsx", "投诉登记", k + 2),
        });
    }
    for k in 0..per_thousand(120) {
        let month = 8 + (k % 4);
        data.violations.push(Violation {
            date: NaiveDate::from_ymd_opt(2026, month, 1 + r.below(28) as u32).unwrap_or_default(),
            employee: EmployeeKey::by_id(format!("K{:04}", 1 + (k % per_thousand(70).max(1)))),
            kind: "上班玩游戏".into(),
            note: None,
            source: Source::synthetic("inputs/violations.xlsx", "违规记录", k + 2),
        });
    }
    for k in 0..per_thousand(20_000) {
        let start = day(1 + r.below(30) as u32)
            .and_time(NaiveTime::from_hms_opt(8, 0, 0).unwrap_or_default())
            + Span::seconds(r.below(12 * 3600) as i64);
        let personal = r.below(100) == 0;
        data.calls.push(Call {
            call_id: Some(zhidu::model::ShortText::new(&format!("C{k:06}"))),
            agent: std::sync::Arc::new(pick(&mut r)),
            start,
            talk_seconds: r.below(600) as u32,
            wait_seconds: Some(r.below(60) as u32),
            direction: if k % 3 == 0 {
                CallDirection::Outbound
            } else {
                CallDirection::Inbound
            },
            status: CallStatus::Answered,
            kind: if personal {
                CallKind::Personal
            } else {
                CallKind::Business
            },
            caller: None,
            callee: None,
            source: Source::synthetic("inputs/calls.xlsx", "通话记录", k + 2),
        });
    }
    data
}

/// A cell of a generated export.
enum Cell {
    Text(String),
    Number(f64),
}

fn t(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn write_xlsx(path: &Path, sheet: &str, headers: &[&str], rows: &[Vec<Cell>]) -> anyhow::Result<()> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet_with_constant_memory()?;
    ws.set_name(sheet)?;
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(0, c as u16, *h)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            match cell {
                Cell::Text(s) => ws.write_string(r as u32 + 1, c as u16, s)?,
                Cell::Number(n) => ws.write_number(r as u32 + 1, c as u16, *n)?,
            };
        }
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    wb.save(path)?;
    Ok(())
}

fn id_of(k: &EmployeeKey) -> String {
    k.id.clone().unwrap_or_default()
}

/// Write the generated month as the XLSX exports the default config reads.
fn write_inputs(root: &Path, d: &Dataset) -> anyhow::Result<()> {
    let dt = |x: NaiveDateTime| x.format("%Y-%m-%d %H:%M:%S").to_string();
    let date = |x: NaiveDate| x.format("%Y-%m-%d").to_string();
    let inputs = root.join("inputs");
    let roster: Vec<Vec<Cell>> = d
        .employees
        .iter()
        .map(|e| {
            vec![
                t(&e.id),
                t(&e.name),
                t(&e.department),
                t(e.position.clone().unwrap_or_default()),
                Cell::Number(e.base_pay.0 as f64 / 100.0),
                t(e.default_shift.clone().unwrap_or_default()),
                t(e.hire_date.map(date).unwrap_or_default()),
                t("在职"),
            ]
        })
        .collect();
    write_xlsx(
        &inputs.join("roster.xlsx"),
        "员工花名册",
        &[
            "工号",
            "姓名",
            "部门",
            "岗位",
            "基本工资",
            "班次",
            "入职日期",
            "状态",
        ],
        &roster,
    )?;
    let schedule: Vec<Vec<Cell>> = d
        .schedule
        .iter()
        .map(|s| vec![t(id_of(&s.employee)), t(date(s.date)), t(&s.shift)])
        .collect();
    write_xlsx(
        &inputs.join("schedule.xlsx"),
        "排班表",
        &["工号", "日期", "班次"],
        &schedule,
    )?;
    let punches: Vec<Vec<Cell>> = d
        .punches
        .iter()
        .map(|p| {
            vec![
                t(id_of(&p.employee)),
                t(dt(p.at)),
                t(p.device.clone().unwrap_or_default()),
            ]
        })
        .collect();
    write_xlsx(
        &inputs.join("punches.xlsx"),
        "打卡记录",
        &["工号", "打卡时间", "设备"],
        &punches,
    )?;
    let leaves: Vec<Vec<Cell>> = d
        .leaves
        .iter()
        .map(|l| {
            vec![
                t(id_of(&l.employee)),
                t(date(l.start)),
                t(date(l.end)),
                t(l.kind.clone().unwrap_or_default()),
                t(l.approver.clone().unwrap_or_default()),
            ]
        })
        .collect();
    write_xlsx(
        &inputs.join("leaves.xlsx"),
        "请假记录",
        &["工号", "开始日期", "结束日期", "类型", "审批人"],
        &leaves,
    )?;
    let complaints: Vec<Vec<Cell>> = d
        .complaints
        .iter()
        .map(|c| {
            vec![
                t(date(c.date)),
                t(id_of(&c.employee)),
                t(c.severity.label()),
                t(c.origin.clone().unwrap_or_default()),
                t(if c.company_fault { "是" } else { "否" }),
                t(c.content.clone().unwrap_or_default()),
            ]
        })
        .collect();
    write_xlsx(
        &inputs.join("complaints.xlsx"),
        "投诉登记",
        &["日期", "工号", "严重程度", "来源", "是否本公司责任", "内容"],
        &complaints,
    )?;
    let violations: Vec<Vec<Cell>> = d
        .violations
        .iter()
        .map(|v| vec![t(date(v.date)), t(id_of(&v.employee)), t(&v.kind), t("")])
        .collect();
    write_xlsx(
        &inputs.join("violations.xlsx"),
        "违规记录",
        &["日期", "工号", "违规类型", "说明"],
        &violations,
    )?;
    let calls: Vec<Vec<Cell>> = d
        .calls
        .iter()
        .map(|c| {
            vec![
                t(c.call_id
                    .as_ref()
                    .map(|x| x.as_str().to_string())
                    .unwrap_or_default()),
                t(id_of(&c.agent)),
                t(dt(c.start)),
                Cell::Number(f64::from(c.talk_seconds)),
                t(if c.direction == CallDirection::Inbound {
                    "呼入"
                } else {
                    "呼出"
                }),
                t("接通"),
                t(if c.kind == CallKind::Personal {
                    "私人"
                } else {
                    "业务"
                }),
            ]
        })
        .collect();
    write_xlsx(
        &inputs.join("calls.xlsx"),
        "通话记录",
        &[
            "通话ID",
            "坐席工号",
            "开始时间",
            "通话时长(秒)",
            "呼叫方向",
            "接通状态",
            "通话类型",
        ],
        &calls,
    )?;
    Ok(())
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn peak_rss_mb() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// The settings of the generated project: the inputs it does not generate are optional.
const PROJECT_TOML: &str = "[inputs.surveys]\npath = \"inputs/surveys.xlsx\"\nrequired = false\n\n\
[inputs.service_requests]\npath = \"inputs/service_requests.xlsx\"\nrequired = false\n\n\
[inputs.slips]\npath = \"inputs/slips.xlsx\"\nrequired = false\n";

/// A sink that times the writing of each document into the stage.
struct TimedSink<'a, 'l> {
    stage: &'a mut Stage<'l>,
    writing: Duration,
    files: usize,
}

impl DocumentSink for TimedSink<'_, '_> {
    fn add(&mut self, path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
        let t = Instant::now();
        let r = self.stage.add(path, bytes);
        self.writing += t.elapsed();
        self.files += 1;
        r
    }
}

/// The command-line options.
struct Options {
    runs: usize,
    staff: Vec<usize>,
    cli: bool,
    in_process: bool,
    keep: Option<PathBuf>,
    zhidu: Option<PathBuf>,
}

fn options(args: &[String]) -> anyhow::Result<Options> {
    let mut o = Options {
        runs: 5,
        staff: vec![1000],
        cli: false,
        in_process: true,
        keep: None,
        zhidu: None,
    };
    let mut it = args.iter().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--staff" => {
                let list = it.next().ok_or_else(|| anyhow::anyhow!("--staff needs N[,N…]"))?;
                o.staff = list
                    .split(',')
                    .map(|n| n.trim().replace('_', "").parse::<usize>())
                    .collect::<Result<_, _>>()?;
            }
            "--cli" => o.cli = true,
            "--cli-only" => {
                o.cli = true;
                o.in_process = false;
            }
            "--zhidu" => {
                o.cli = true;
                o.zhidu = Some(PathBuf::from(
                    it.next()
                        .ok_or_else(|| anyhow::anyhow!("--zhidu needs a binary"))?,
                ));
            }
            "--keep" => {
                o.keep = Some(PathBuf::from(
                    it.next()
                        .ok_or_else(|| anyhow::anyhow!("--keep needs a folder"))?,
                ))
            }
            n => o.runs = n.parse().map_err(|_| anyhow::anyhow!("unknown argument {n}"))?,
        }
    }
    anyhow::ensure!(o.runs > 0, "RUNS must be at least 1");
    Ok(o)
}

/// Write the generated project for `staff` people into `dir` (in this process).
fn generate_project(dir: &Path, staff: usize) -> anyhow::Result<()> {
    let generated = generate(staff);
    write_inputs(dir, &generated)?;
    std::fs::write(dir.join("zhidu.toml"), PROJECT_TOML)?;
    println!(
        "generated: {} employees, {} schedule entries, {} punches, {} complaints, {} violations, {} leaves, {} calls",
        generated.employees.len(),
        generated.schedule.len(),
        generated.punches.len(),
        generated.complaints.len(),
        generated.violations.len(),
        generated.leaves.len(),
        generated.calls.len()
    );
    Ok(())
}

/// The wall time and peak memory of one `zhidu run` of the month, by `/usr/bin/time`.
fn cli_run(zhidu: &Path, root: &Path) -> anyhow::Result<(Duration, f64)> {
    timed::timed_run(
        zhidu,
        root,
        &["run", "--report", "deductions", "--period", "2026-11"],
    )
}

/// Measure one size: the phases in this process, then (with `--cli`) the command.
fn bench(o: &Options, staff: usize) -> anyhow::Result<()> {
    let root: PathBuf = match &o.keep {
        Some(k) => k.join(format!("staff-{staff}")),
        None => std::env::temp_dir().join(format!("zhidu-hr-bench-{}-{staff}", std::process::id())),
    };
    if !root.join("zhidu.toml").exists() {
        let status = std::process::Command::new(std::env::current_exe()?)
            .arg("gen")
            .arg(&root)
            .arg(staff.to_string())
            .status()?;
        anyhow::ensure!(status.success(), "generating the inputs failed");
    }
    let period = Period::parse("2026-11").ok_or_else(|| anyhow::anyhow!("period"))?;
    let project = Project::load(&root)?;
    let (mut read_t, mut eval_t, mut render_t, mut write_t, mut total_t) =
        (vec![], vec![], vec![], vec![], vec![]);
    let mut summary = String::new();
    let out = root.join("outputs");
    for _ in 0..if o.in_process { o.runs } else { 0 } {
        // Read as a month's first run reads: without the input cache.
        let _ = std::fs::remove_dir_all(out.join(".zhidu/cache"));
        let t0 = Instant::now();
        let loaded = zhidu::ingest::load(&project);
        read_t.push(t0.elapsed());
        if !loaded.failed_inputs.is_empty() || loaded.has_errors() {
            anyhow::bail!(
                "generated inputs did not read cleanly: {:?} {:?}",
                loaded.failed_inputs,
                loaded
                    .problems
                    .iter()
                    .take(5)
                    .map(|p| p.to_string())
                    .collect::<Vec<_>>()
            );
        }
        let data = loaded.data;
        let te = Instant::now();
        let month = deductions::compute(&data, &project.config, &period);
        eval_t.push(te.elapsed());
        let mut ids: Vec<&str> = month
            .pay
            .ledger
            .lines
            .iter()
            .map(|l| l.employee_id.as_str())
            .collect();
        ids.dedup();
        summary = format!(
            "{staff} staff: read {} punches; {} shift-days, {} ledger lines, {} employees with a line",
            data.punches.len(),
            month.attendance.days.len(),
            month.pay.ledger.lines.len(),
            ids.len()
        );
        drop(month);
        let t1 = Instant::now();
        let renderer = Renderer::new(&project)?;
        let ctx = RunContext {
            project: &project,
            data: &data,
            failed_inputs: &[],
            set_aside: &[],
            renderer: &renderer,
            evaluated: None,
        };
        let lock = RunLock::acquire(&out, Duration::from_secs(60), "hr_month_bench", |_| {})?;
        let key = SetKey {
            report: "deductions".into(),
            period: Some(period.dir_name()),
        };
        let mut stage = Stage::new(&lock, Some(&key))?;
        let mut sink = TimedSink {
            stage: &mut stage,
            writing: Duration::ZERO,
            files: 0,
        };
        deductions::render(&ctx, &period, &mut sink)?;
        let (mut writing, files) = (sink.writing, sink.files);
        render_t.push(t1.elapsed().saturating_sub(writing));
        let tc = Instant::now();
        stage.commit()?;
        writing += tc.elapsed();
        write_t.push(writing);
        total_t.push(t0.elapsed());
        summary.push_str(&format!("; {files} files"));
    }
    if o.in_process {
        println!("{summary}");
        println!(
        "  in process, median of {}: read {:.3} s; rules {:.3} s; documents (rules again + render) {:.3} s; write (stage + swap) {:.3} s; total {:.3} s; peak memory {:.1} MB",
        o.runs,
        median(read_t).as_secs_f64(),
        median(eval_t).as_secs_f64(),
        median(render_t).as_secs_f64(),
        median(write_t).as_secs_f64(),
        median(total_t).as_secs_f64(),
        peak_rss_mb().unwrap_or(0.0)
        );
    }
    if o.cli {
        let zhidu = timed::zhidu_binary(o.zhidu.clone())?;
        // Each run first makes the whole set in an empty output folder (a month's
        // first run), then runs again over it (a rerun: the documents come out as
        // they were and stay in place). The last set is moved aside, not deleted,
        // so that deleting thousands of files does not weigh on the next run's.
        // Then `explain` for one employee: after the run (its inputs cached and the
        // month's pass remembered), and with the cache removed (reading every input).
        let (mut first, mut again) = ((Vec::new(), Vec::new()), (Vec::new(), Vec::new()));
        let (mut warm, mut cold) = ((Vec::new(), Vec::new()), (Vec::new(), Vec::new()));
        let who = format!("K{:04}", (staff / 2).max(1));
        let explain = ["explain", "--employee", &who, "--period", "2026-11"];
        for i in 0..o.runs {
            let out = root.join("outputs");
            if out.exists() {
                std::fs::rename(&out, root.join(format!("outputs-set-aside-{i}")))?;
            }
            for (times, peaks) in [&mut first, &mut again] {
                let (t, mb) = cli_run(&zhidu, &root)?;
                times.push(t);
                peaks.push(mb);
            }
            let (t, mb) = timed::timed_run(&zhidu, &root, &explain)?;
            warm.0.push(t);
            warm.1.push(mb);
            std::fs::remove_dir_all(out.join(".zhidu/cache"))?;
            let (t, mb) = timed::timed_run(&zhidu, &root, &explain)?;
            cold.0.push(t);
            cold.1.push(mb);
        }
        print_cli(o.runs, "run: a new set", first);
        print_cli(o.runs, "run: a rerun", again);
        print_cli(o.runs, &format!("explain {who} after the run"), warm);
        print_cli(o.runs, &format!("explain {who} without the cache"), cold);
        for i in 0..o.runs {
            let _ = std::fs::remove_dir_all(root.join(format!("outputs-set-aside-{i}")));
        }
    }
    if o.keep.is_none() {
        let _ = std::fs::remove_dir_all(&root);
    }
    Ok(())
}

/// One line of `zhidu run` figures: the median time, each run's, and the peak memory.
fn print_cli(runs: usize, what: &str, (times, mut peaks): (Vec<Duration>, Vec<f64>)) {
    peaks.sort_by(f64::total_cmp);
    println!(
        "  zhidu {what}, median of {runs}: {:.3} s (runs: {}); peak memory {:.1} MB (max {:.1} MB)",
        median(times.clone()).as_secs_f64(),
        times
            .iter()
            .map(|t| format!("{:.2}", t.as_secs_f64()))
            .collect::<Vec<_>>()
            .join(" "),
        peaks[peaks.len() / 2],
        peaks[peaks.len() - 1]
    );
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    // `hr_month_bench gen DIR N`: only write the generated project (run in a child
    // process, so generating it does not count toward the measured peak memory).
    if args.get(1).map(String::as_str) == Some("gen") {
        let dir = PathBuf::from(args.get(2).ok_or_else(|| anyhow::anyhow!("gen needs a folder"))?);
        let staff = args.get(3).and_then(|n| n.parse().ok()).unwrap_or(1000);
        return generate_project(&dir, staff);
    }
    let o = options(&args)?;
    for &staff in &o.staff {
        bench(&o, staff)?;
    }
    Ok(())
}
