//! Rendering benchmark (run with `cargo run --release --example bench_render`):
//! 1,000 one-page notices from one template on one core and on two cores (rayon),
//! and a 200,000-row table to XLSX. Prints the median of several runs of each.

use std::path::Path;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use zhidu::render::model::{
    Align, Block, Cell, Currency, Document, Paper, Row, RowKind, Sheet, Table, Value,
};
use zhidu::render::Renderer;

fn notice_context(i: usize) -> serde_json::Value {
    let names = ["张三", "李四", "王五", "赵六", "钱七", "孙八", "周九", "吴十"];
    let lines: Vec<serde_json::Value> = (0..(3 + i % 4))
        .map(|k| {
            serde_json::json!({
                "date": format!("2026-11-{:02}", 1 + (i + k * 5) % 28),
                "what": if k % 2 == 0 { "迟到 12 分钟" } else { "未按规定填写工单，客户投诉一次" },
                "clause": format!("第五章第{}条", 3 + k),
                "fen": 2000 + 500 * k as i64,
            })
        })
        .collect();
    serde_json::json!({
        "name": names[i % names.len()], "id": format!("K{:04}", i), "period": "2026年11月",
        "date": "2026-11-30", "company": "示例服务有限公司", "post": "话务员", "lines": lines,
    })
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn notices(r: &Renderer, threads: usize) -> anyhow::Result<(Duration, usize)> {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build()?;
    let start = Instant::now();
    let sizes: Vec<usize> = pool.install(|| {
        (0..1000)
            .into_par_iter()
            .map(|i| -> anyhow::Result<usize> {
                let doc = r.document("notice.xml", &notice_context(i))?;
                Ok(r.pdf(&doc)?.len())
            })
            .collect::<anyhow::Result<Vec<_>>>()
    })?;
    Ok((start.elapsed(), sizes.iter().sum::<usize>() / sizes.len()))
}

fn big_table(rows: usize) -> Document {
    let mut t = Table {
        id: None,
        caption: None,
        widths: vec![],
        repeat_header: 1,
        freeze: true,
        filter: true,
        rows: Vec::with_capacity(rows + 1),
    };
    let text = |s: &str| Cell {
        value: Value::Text(s.into()),
        colspan: 1,
        align: Align::Auto,
        bold: true,
        calc: None,
    };
    t.rows.push(Row {
        kind: RowKind::Header,
        cells: vec![
            text("序号"),
            text("工号"),
            text("日期"),
            text("时长"),
            text("金额"),
            text("备注"),
        ],
    });
    let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap_or_default();
    for i in 0..rows {
        let c = |value| Cell {
            value,
            colspan: 1,
            align: Align::Auto,
            bold: false,
            calc: None,
        };
        t.rows.push(Row {
            kind: RowKind::Body,
            cells: vec![
                c(Value::Number {
                    units: i as i64,
                    scale: 0,
                    format: None,
                }),
                c(Value::Text(format!("K{:04}", i % 500))),
                c(Value::Date(date + chrono::Days::new((i % 30) as u64))),
                c(Value::Duration {
                    seconds: (i % 3600) as i64,
                    hours: false,
                }),
                c(Value::Money {
                    fen: (i * 37 % 100_000) as i64,
                    currency: Currency::PdfOnly,
                }),
                c(Value::Text(if i % 3 == 0 {
                    "迟到".into()
                } else {
                    "正常".into()
                })),
            ],
        });
    }
    Document {
        title: "大表".into(),
        paper: Paper::A4,
        landscape: false,
        margins_mm: [15.0; 4],
        author: String::new(),
        company: String::new(),
        date,
        font_size: 10.0,
        fit_page: false,
        header: None,
        footer: None,
        sheets: vec![Sheet {
            name: "明细".into(),
            header: None,
            footer: None,
            new_page: None,
            blocks: vec![Block::Table(t)],
        }],
    }
}

fn main() -> anyhow::Result<()> {
    let runs: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(5);
    let t0 = Instant::now();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/templates");
    let r = Renderer::from_dir(&dir, None)?;
    println!("renderer + font load: {:?}", t0.elapsed());

    // phase split on one core
    let ctxs: Vec<_> = (0..1000).map(notice_context).collect();
    let t = Instant::now();
    let docs: Vec<_> = ctxs
        .iter()
        .map(|c| r.document("notice.xml", c))
        .collect::<anyhow::Result<_>>()?;
    let t_doc = t.elapsed();
    let t = Instant::now();
    for d in &docs {
        r.pdf(d)?;
    }
    println!(
        "1 core phases: template+markup {:?}, pdf {:?}",
        t_doc,
        t.elapsed()
    );

    // profile: how much of a notice's PDF time is font subsetting?
    let font = r.font();
    let sample = "扣款通知单张三（工号K0001）：根据《员工手册》第五章第三条，你在2026年11月的考勤与服务质量记录如下，相关扣款将在当月工资中扣除。如有异议，请在收到本通知后三个工作日内向部门经理提出书面申诉，逾期视为无异议。日期事项依据条款金额迟到12分钟未按规定填写工单客户投诉一次合计部门客服部岗位话务员员工签字年月日王五¥0123456789,.-";
    let mut remapper = subsetter::GlyphRemapper::new();
    remapper.remap(0);
    let mut gids: Vec<u16> = sample.chars().map(|c| font.gid(c)).collect();
    gids.sort_unstable();
    gids.dedup();
    for g in &gids {
        remapper.remap(*g);
    }
    let t = Instant::now();
    for _ in 0..200 {
        subsetter::subset(&font.bytes, 0, &remapper).map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    println!(
        "subsetting {} glyphs: {:?} per document",
        gids.len(),
        t.elapsed() / 200
    );

    for threads in [1, 2] {
        let mut times = Vec::new();
        let mut size = 0;
        for _ in 0..runs {
            let (d, s) = notices(&r, threads)?;
            times.push(d);
            size = s;
        }
        println!(
            "1000 notices, {threads} thread(s): median {:?} over {runs} runs (avg {size} bytes each)",
            median(times)
        );
    }

    let doc = big_table(200_000);
    let mut times = Vec::new();
    let mut size = 0;
    for _ in 0..runs {
        let t = Instant::now();
        size = r.xlsx(&doc)?.len();
        times.push(t.elapsed());
    }
    println!(
        "200000-row table to XLSX: median {:?} over {runs} runs ({size} bytes)",
        median(times)
    );
    Ok(())
}
