//! Benchmark: one month of a 1,000-person 客服部 (about 26,000 shift-days and
//! 52,000 punches, with registers), evaluated and every deduction document
//! written — sheet, fund ledger and one notice per employee with a deduction.
//!
//! `cargo run --release --example hr_month_bench -- [RUNS]` prints each phase's
//! median over RUNS runs (default 5) and the peak resident memory.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{Duration as Span, NaiveDate, NaiveDateTime, NaiveTime};
use zhidu::config::{Config, Project};
use zhidu::model::{
    Call, CallDirection, CallKind, CallStatus, Complaint, Dataset, Employee, EmployeeKey, Fen, Leave, Punch,
    ScheduleEntry, Severity, Source, Violation,
};
use zhidu::render::Renderer;
use zhidu::reports::{deductions, Period, RunContext};

/// A small deterministic generator (64-bit LCG), so every run sees the same data.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛",
];

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap_or_default()
}

/// The benchmark's month: 1,000 employees, four shifts, 4 rest days each.
pub fn generate(employees: usize) -> Dataset {
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
            status: Some("在职".into()),
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
                employee: EmployeeKey::by_id(id.clone()),
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
                    employee: EmployeeKey::by_id(id.clone()),
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
    for k in 0..60 {
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
    for k in 0..150u32 {
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
    for k in 0..120u32 {
        let month = 8 + (k % 4);
        data.violations.push(Violation {
            date: NaiveDate::from_ymd_opt(2026, month, 1 + r.below(28) as u32).unwrap_or_default(),
            employee: EmployeeKey::by_id(format!("K{:04}", 1 + (k % 70))),
            kind: "上班玩游戏".into(),
            note: None,
            source: Source::synthetic("inputs/violations.xlsx", "违规记录", k + 2),
        });
    }
    for k in 0..20_000u32 {
        let start = day(1 + r.below(30) as u32)
            .and_time(NaiveTime::from_hms_opt(8, 0, 0).unwrap_or_default())
            + Span::seconds(r.below(12 * 3600) as i64);
        let personal = r.below(100) == 0;
        data.calls.push(Call {
            call_id: Some(format!("C{k:06}")),
            agent: pick(&mut r),
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

fn main() -> anyhow::Result<()> {
    let runs: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(5);
    let out_dir: PathBuf = std::env::temp_dir().join(format!("zhidu-hr-bench-{}", std::process::id()));
    let project = Project {
        root: out_dir.clone(),
        config: Config::default(),
        config_text: String::new(),
    };
    let period = Period::parse("2026-11").ok_or_else(|| anyhow::anyhow!("period"))?;
    let data = generate(1000);
    println!(
        "data: {} employees, {} schedule entries, {} punches, {} complaints, {} violations, {} leaves, {} calls",
        data.employees.len(),
        data.schedule.len(),
        data.punches.len(),
        data.complaints.len(),
        data.violations.len(),
        data.leaves.len(),
        data.calls.len()
    );
    let (mut eval_t, mut render_t, mut write_t, mut total_t) = (vec![], vec![], vec![], vec![]);
    let mut summary = String::new();
    for _ in 0..runs {
        let t0 = Instant::now();
        let month = deductions::compute(&data, &project.config, &period);
        eval_t.push(t0.elapsed());
        summary = format!(
            "{} shift-days, {} ledger lines, {} employees with a line",
            month.attendance.days.len(),
            month.pay.ledger.lines.len(),
            {
                let mut ids: Vec<&str> = month
                    .pay
                    .ledger
                    .lines
                    .iter()
                    .map(|l| l.employee_id.as_str())
                    .collect();
                ids.dedup();
                ids.len()
            }
        );
        let t1 = Instant::now();
        let renderer = Renderer::new(&project)?;
        let ctx = RunContext {
            project: &project,
            data: &data,
            failed_inputs: &[],
            renderer: &renderer,
        };
        let files = deductions::render(&ctx, &period)?;
        render_t.push(t1.elapsed());
        let t2 = Instant::now();
        for f in &files {
            zhidu::output::write_atomic(&Path::new(&out_dir).join(&f.path), &f.bytes)?;
        }
        write_t.push(t2.elapsed());
        total_t.push(t1.elapsed());
        summary.push_str(&format!("; {} files", files.len()));
    }
    println!("{summary}");
    println!(
        "median of {runs}: rules alone {:?}; render (rules + documents) {:?}, write {:?}, total {:?}",
        median(eval_t),
        median(render_t),
        median(write_t),
        median(total_t)
    );
    if let Some(mb) = peak_rss_mb() {
        println!("peak resident memory: {mb:.1} MB");
    }
    let _ = std::fs::remove_dir_all(&out_dir);
    Ok(())
}
