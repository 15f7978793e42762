//! The page of a run, `outputs/<run-date>/index.html`, and the list of runs,
//! `outputs/index.html`: self-contained Chinese HTML (inline style, no script,
//! no outside asset, relative links), so they open from the file system and from
//! any static web server. A run's page shows its request and time, each report
//! with its period, status, key figures and links to its XLSX and PDF files,
//! the inputs' problems, and what was sent. Notices are counted, never linked:
//! they are private. Both pages are rebuilt from `outputs/runs.jsonl` and
//! `outputs/deliveries.jsonl` and written through the one write path.

use std::fmt::Write as _;
use std::path::Path;

use chrono::NaiveDate;

use super::log::{DeliveryLog, DeliveryRecord};
use crate::batch::runs::{read_runs, RunRecord};
use crate::batch::{JobOutcome, JobStatus};
use crate::model::Period;
use crate::output::lock::RunLock;

/// The page's file name in a run date's folder and in the output folder.
pub const PAGE: &str = "index.html";

/// `<`, `>`, `&`, `"` and `'` escaped, for text and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// A relative path as a link: every byte but unreserved ones and `/` percent-encoded.
pub fn href(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A time of the logs (UTC, RFC 3339) as Beijing time: `2026-12-01 14:30:04`.
fn beijing(time: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(time)
        .map(|t| {
            let bj = chrono::FixedOffset::east_opt(8 * 3600).unwrap_or(*t.offset());
            t.with_timezone(&bj).format("%Y-%m-%d %H:%M:%S").to_string()
        })
        .unwrap_or_else(|_| time.to_string())
}

const STYLE: &str = "\
:root{color-scheme:light;--ink:#1f2933;--mute:#616e7c;--line:#d9e2ec;--ok:#1f7a4d;--bad:#b42318;--bg:#f5f7fa}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.6 \"PingFang SC\",\"Microsoft YaHei\",\"Noto Sans SC\",\"Noto Sans CJK SC\",sans-serif}
main{max-width:960px;margin:0 auto;padding:24px 16px 48px}
h1{font-size:24px;margin:8px 0 4px}h2{font-size:18px;margin:32px 0 12px;border-bottom:1px solid var(--line);padding-bottom:4px}
h3{font-size:16px;margin:0 0 8px}
a{color:#0b5cad}nav a{text-decoration:none}
.meta{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:12px 0}.meta dt{color:var(--mute)}.meta dd{margin:0}
code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px;background:#e4e7eb;padding:1px 4px;border-radius:3px}
.report{background:#fff;border:1px solid var(--line);border-radius:8px;padding:16px;margin:12px 0}
.status{font-size:13px;padding:1px 8px;border-radius:10px;margin-left:8px;vertical-align:2px}
.ok{background:#e3f9e5;color:var(--ok)}.failed{background:#fde8e8;color:var(--bad)}
.period{color:var(--mute);font-weight:normal;margin-left:8px}
.figures{display:flex;flex-wrap:wrap;gap:8px;list-style:none;padding:0;margin:8px 0}
.figures li{background:var(--bg);border-radius:6px;padding:6px 12px;min-width:110px}
.figures span{display:block;color:var(--mute);font-size:12px}.figures strong{font-size:18px}
.files a{margin-right:16px}.note{color:var(--mute);font-size:14px}
table{border-collapse:collapse;width:100%;background:#fff;font-size:14px}
th,td{border:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}th{background:#eef2f7}
.error{color:var(--bad)}
footer{margin-top:40px;color:var(--mute);font-size:13px}
";

fn head(out: &mut String, title: &str) {
    let _ = write!(
        out,
        concat!(
            "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n", // not a message
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n", // not a message
            "<link rel=\"icon\" href=\"data:,\">\n<title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<main>\n", // not a message
        ),
        escape(title),
        STYLE = STYLE
    );
}

fn foot(out: &mut String) {
    let _ = writeln!(
        out,
        "<footer>由 zhidu {} 生成。扣款通知单只计数、不列链接：每位员工只收到自己的一份。</footer>\n</main>\n</body>\n</html>",
        env!("CARGO_PKG_VERSION")
    );
}

/// The latest `run` of a run date that had reports (the one its manifest shows), and every run of it.
fn runs_of<'a>(runs: &'a [RunRecord], date: &str) -> (Option<&'a RunRecord>, usize) {
    let of_date: Vec<&RunRecord> = runs
        .iter()
        .filter(|r| r.command == "run" && r.run_date.as_deref() == Some(date))
        .collect();
    let latest = of_date.iter().rev().find(|r| !r.reports.is_empty()).copied();
    (latest, of_date.len())
}

fn report_title(id: &str) -> &str {
    crate::reports::registry::find(id).map_or(id, |s| s.title)
}

fn period_text(period: &str) -> String {
    period
        .parse::<Period>()
        .map(|p| p.label())
        .unwrap_or_else(|_| period.to_string())
}

fn status_text(o: &JobOutcome) -> (&'static str, &'static str) {
    match o.status {
        JobStatus::Ok => ("ok", "已生成"),
        JobStatus::Failed => ("failed", "失败"),
        JobStatus::NotAvailable => ("failed", "本版本不含"),
    }
}

fn is_notice(path: &str) -> bool {
    path.split('/').any(|p| p == "notices")
}

/// One report of the run: title, period, status, figures, links, notices counted.
fn report_section(out: &mut String, out_dir: &Path, o: &JobOutcome) {
    let (class, status) = status_text(o);
    let _ = writeln!(
        out,
        "<article class=\"report\">\n<h3>{}<span class=\"period\">{}</span><span class=\"status {class}\">{status}</span></h3>", // not a message
        escape(report_title(&o.report)),
        escape(&period_text(&o.period)),
    );
    if !o.figures.is_empty() {
        out.push_str("<ul class=\"figures\">"); // not a message
        for f in &o.figures {
            let _ = write!(
                out,
                "<li><span>{}</span><strong>{}</strong></li>",
                escape(&f.label),
                escape(&f.value)
            );
        }
        out.push_str("</ul>\n");
    }
    let documents: Vec<_> = o.outputs.iter().filter(|f| !is_notice(&f.path)).collect();
    if !documents.is_empty() {
        out.push_str("<p class=\"files\">");
        for f in documents {
            let name = f.path.rsplit('/').next().unwrap_or(&f.path);
            if out_dir.join(&f.path).is_file() {
                let _ = write!(out, "<a href=\"../{}\">{}</a>", href(&f.path), escape(name));
            } else {
                let _ = write!(
                    out,
                    "<span class=\"note\">{}（已不在输出目录）</span> ", // not a message
                    escape(name)
                );
            }
        }
        out.push_str("</p>\n");
    }
    let notices = o.outputs.iter().filter(|f| is_notice(&f.path)).count();
    if notices > 0 {
        let _ = writeln!(
            out,
            "<p class=\"note\">扣款通知单 {notices} 份（个人文件，不在此列出；用 <code>zhidu send</code> 发给每位员工本人）</p>" // not a message
        );
    }
    if let Some(e) = &o.error {
        let e = e.render(crate::i18n::DOCUMENT_LANG);
        let _ = writeln!(out, "<p class=\"error\">{}</p>", escape(&e));
        for p in &o.problems {
            let _ = writeln!(out, "<p class=\"error note\">{}</p>", escape(&p.to_string()));
        }
    }
    out.push_str("</article>\n");
}

fn problems_section(out: &mut String, run: &RunRecord) {
    out.push_str("<h2>输入问题</h2>\n");
    if run.input_problems == 0 && run.failed_inputs.is_empty() {
        out.push_str("<p class=\"note\">输入文件没有问题。</p>\n");
        return;
    }
    for (kind, why) in &run.failed_inputs {
        let _ = writeln!(
            out,
            "<p class=\"error\">无法读取 {}：{}</p>",
            escape(kind),
            escape(why)
        );
    }
    if run.input_problems > 0 {
        let _ = writeln!(
            out,
            "<p>输入文件共有 {} 个问题{}；<code>zhidu check</code> 列出全部，并指明文件、工作表和单元格。</p>\n<ul>", // not a message
            run.input_problems,
            if run.input_problem_sample.len() < run.input_problems {
                format!("，以下是前 {} 个", run.input_problem_sample.len())
            } else {
                String::new()
            }
        );
        for p in &run.input_problem_sample {
            let _ = writeln!(out, "<li>{}</li>", escape(&p.to_string()));
        }
        out.push_str("</ul>\n");
    }
}

fn sent_section(out: &mut String, sent: &[&DeliveryRecord]) {
    out.push_str("<h2>发送情况</h2>\n");
    if sent.is_empty() {
        out.push_str("<p class=\"note\">尚未发送。<code>zhidu send --date 运行日期</code> 先列出将发送的内容，加 <code>--yes</code> 才发送。</p>\n"); // not a message
        return;
    }
    let notices: Vec<&&DeliveryRecord> = sent.iter().filter(|r| r.kind == "notice").collect();
    if !notices.is_empty() {
        let ok = notices.iter().filter(|r| r.delivered).count();
        let corrected = notices
            .iter()
            .filter(|r| r.delivered && r.subject.contains("更正"))
            .count();
        let _ = writeln!(
            out,
            "<p>扣款通知单：已发送 {ok} 份{}，失败 {} 次（收件人不在此列出）。</p>",
            if corrected > 0 {
                format!("（其中更正 {corrected} 份）")
            } else {
                String::new()
            },
            notices.len() - ok
        );
    }
    let reports: Vec<&&DeliveryRecord> = sent.iter().filter(|r| r.kind != "notice").collect();
    if !reports.is_empty() {
        out.push_str("<table>\n<tr><th>时间（北京时间）</th><th>报表</th><th>收件人</th><th>文件</th><th>结果</th></tr>\n");
        for r in reports {
            let files: Vec<String> = r.files.iter().map(|f| escape(&f.name)).collect();
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{} {}</td><td>{}</td><td>{}</td><td class=\"{}\">{}</td></tr>", // not a message
                escape(&beijing(&r.time)),
                escape(report_title(&r.report)),
                escape(&period_text(&r.period)),
                escape(&r.recipient),
                files.join("<br>"),
                if r.delivered { "" } else { "error" },
                if r.delivered {
                    "已送达服务器".to_string()
                } else {
                    format!("失败：{}", escape(&r.answer.render(crate::i18n::DOCUMENT_LANG)))
                },
            );
        }
        out.push_str("</table>\n");
    }
}

/// The page of one run date, from its latest run with reports.
pub fn run_page(
    out_dir: &Path,
    department: &str,
    run: &RunRecord,
    runs_that_day: usize,
    sent: &[&DeliveryRecord],
) -> String {
    let date = run.run_date.clone().unwrap_or_default();
    let mut out = String::new();
    head(&mut out, &format!("{department} · {date} 运行"));
    let ok = run.reports.iter().filter(|r| r.is_ok()).count();
    let result = if run.exit == 0 {
        "全部完成".to_string()
    } else {
        format!(
            "{} 份报表中 {} 份完成（退出码 {}）",
            run.reports.len(),
            ok,
            run.exit
        )
    };
    let _ = write!(
        out,
        concat!(
            "<nav><a href=\"../{PAGE}\">← 全部运行</a></nav>\n<h1>{} · {} 运行</h1>\n<dl class=\"meta\">", // not a message
            "<dt>请求</dt><dd><code>zhidu run {}</code></dd><dt>完成时间</dt><dd>{}（北京时间）</dd>", // not a message
            "<dt>结果</dt><dd>{}</dd>{}</dl>\n",
        ),
        escape(department),
        escape(&date),
        escape(&run.request),
        escape(&beijing(&run.time)),
        escape(&result),
        if runs_that_day > 1 {
            format!(
                "<dt>说明</dt><dd>此运行日期共运行 {runs_that_day} 次，本页为最近一次生成报表的运行。</dd>"
            )
        } else {
            String::new()
        },
        PAGE = PAGE,
    );
    out.push_str("<h2>报表</h2>\n");
    for o in &run.reports {
        report_section(&mut out, out_dir, o);
    }
    problems_section(&mut out, run);
    sent_section(&mut out, sent);
    foot(&mut out);
    out
}

/// The list of every run, newest first, each linking to its run date's page.
pub fn index_page(out_dir: &Path, department: &str, runs: &[RunRecord]) -> String {
    let mut out = String::new();
    head(&mut out, &format!("{department} · zhidu 运行记录"));
    let _ = writeln!(out, "<h1>{} · 运行记录</h1>", escape(department));
    let list: Vec<&RunRecord> = runs.iter().filter(|r| r.command == "run").collect();
    if list.is_empty() {
        out.push_str("<p class=\"note\">还没有运行记录。</p>\n");
    } else {
        out.push_str("<table>\n<tr><th>完成时间（北京时间）</th><th>运行日期</th><th>请求</th><th>报表</th><th>结果</th></tr>\n");
        for r in list.iter().rev() {
            let date = r.run_date.clone().unwrap_or_default();
            let page = format!("{date}/{PAGE}");
            let date_cell = if !date.is_empty() && out_dir.join(&page).is_file() {
                format!("<a href=\"{}\">{}</a>", href(&page), escape(&date))
            } else {
                escape(&date)
            };
            let ok = r.reports.iter().filter(|o| o.is_ok()).count();
            let names: Vec<&str> = r.reports.iter().map(|o| report_title(&o.report)).collect();
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{date_cell}</td><td><code>zhidu run {}</code></td><td>{}</td><td class=\"{}\">{}</td></tr>", // not a message
                escape(&beijing(&r.time)),
                escape(&r.request),
                if names.is_empty() { "无到期报表".to_string() } else { escape(&names.join("、")) },
                if r.exit == 0 { "" } else { "error" },
                if r.exit == 0 { format!("完成 {ok}/{}", r.reports.len()) } else { format!("退出码 {}，完成 {ok}/{}", r.exit, r.reports.len()) },
            );
        }
        out.push_str("</table>\n");
    }
    foot(&mut out);
    out
}

/// Write the page of `run_date` (when a run of that date made reports) and the
/// list of runs, under the run lock.
pub fn write_pages(lock: &RunLock, run_date: Option<NaiveDate>, department: &str) -> anyhow::Result<()> {
    let out_dir = lock.out_dir();
    let runs = read_runs(out_dir)?;
    if let Some(d) = run_date {
        let date = d.format("%Y-%m-%d").to_string();
        if let (Some(run), n) = runs_of(&runs.runs, &date) {
            let log = DeliveryLog::read(out_dir)?;
            let sent: Vec<&DeliveryRecord> = log.of_run_date(&date).collect();
            let page = run_page(out_dir, department, run, n, &sent);
            let path = out_dir.join(&date).join(PAGE);
            crate::output::remove_leftover_temps(&path)?;
            crate::output::write_file(&path, page.as_bytes())?;
        }
    }
    let path = out_dir.join(PAGE);
    crate::output::remove_leftover_temps(&path)?;
    crate::output::write_file(&path, index_page(out_dir, department, &runs.runs).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_links_are_percent_encoded() {
        assert_eq!(
            escape("<script>\"a\" & 'b'</script>"),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;"
        );
        assert_eq!(escape("a\u{1b}[2Jb"), "a\u{fffd}[2Jb");
        assert_eq!(
            href("manual/制度手册.pdf"),
            "manual/%E5%88%B6%E5%BA%A6%E6%89%8B%E5%86%8C.pdf"
        );
        assert_eq!(href("2026-11/deductions.xlsx"), "2026-11/deductions.xlsx");
        assert_eq!(href("a b\"c"), "a%20b%22c");
        assert_eq!(beijing("2026-12-01T06:30:04Z"), "2026-12-01 14:30:04");
    }
}
