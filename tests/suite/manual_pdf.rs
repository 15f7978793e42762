//! The typeset manual: contents page numbers match where the headings land, the PDF
//! text carries the configured figures, clauses are numbered continuously, and the
//! bookmarks follow the headings in order.

use zhidu::config::{Config, Project, DEFAULT_CONFIG_TOML};
use zhidu::model::Dataset;
use zhidu::output::OutputFile;
use zhidu::render::Renderer;
use zhidu::reports::manual;
use zhidu::reports::RunContext;

use crate::support::pdf::Pdf;
use crate::support::xlsx;
use crate::support::TestDir;

fn render_manual(config_text: &str) -> Vec<OutputFile> {
    let config = Config::parse(config_text, "zhidu.toml").expect("config");
    // A project folder without its own templates: the built-in chapters are used.
    let folder = TestDir::new("manual-pdf");
    let project = Project {
        root: folder.path().to_path_buf(),
        config,
        config_text: config_text.to_string(),
    };
    let renderer = Renderer::from_templates(&[]).expect("renderer");
    let data = Dataset::default();
    let ctx = RunContext {
        project: &project,
        data: &data,
        failed_inputs: &[],
        set_aside: &[],
        renderer: &renderer,
        evaluated: None,
    };
    let mut files = Vec::new();
    manual::render(&ctx, None, &mut files).expect("the manual renders");
    files
}

/// The contents page(s): (entry title, page number printed for it), in order.
fn toc_entries(pdf: &Pdf) -> Vec<(String, usize)> {
    let toc: Vec<&String> = pdf
        .pages
        .iter()
        .filter(|t| t.lines().any(|l| l.trim() == "目录"))
        .collect();
    assert!(!toc.is_empty(), "no contents page");
    let mut titles = Vec::new();
    let mut numbers = Vec::new();
    for text in toc {
        for line in text.lines().map(str::trim) {
            if !line.is_empty() && line.chars().all(|c| c.is_ascii_digit()) {
                numbers.push(line.parse::<usize>().expect("page number"));
            } else if !(line.is_empty()
                || line == "目录"
                || line.contains('·') // dotted leaders and the running header
                || line.starts_with("第 "))
            // the footer
            {
                titles.push(line.to_string());
            }
        }
    }
    assert_eq!(titles.len(), numbers.len(), "{titles:?} {numbers:?}");
    titles.into_iter().zip(numbers).collect()
}

fn edited(late_rate_high: &str, minor_fine: &str) -> String {
    let text = DEFAULT_CONFIG_TOML
        .replace(
            "late_rate_high = 5 ",
            &format!("late_rate_high = {late_rate_high} "),
        )
        .replace("minor = 10 ", &format!("minor = {minor_fine} "));
    assert_ne!(text, DEFAULT_CONFIG_TOML);
    text
}

#[test]
fn outputs_are_the_pdf_and_the_index() {
    let files = render_manual(DEFAULT_CONFIG_TOML);
    let paths: Vec<String> = files.iter().map(|f| f.path.display().to_string()).collect();
    assert_eq!(paths, ["manual/制度手册.pdf", "manual/制度条款索引.xlsx"]);
    assert!(files[0].bytes.starts_with(b"%PDF-"));
    assert!(files[1].bytes.starts_with(b"PK"));
    // Same settings, same bytes.
    assert_eq!(render_manual(DEFAULT_CONFIG_TOML), files);
}

#[test]
fn contents_page_numbers_match_where_the_headings_land() {
    let pdf = Pdf::parse(&render_manual(DEFAULT_CONFIG_TOML)[0].bytes);
    let entries = toc_entries(&pdf);
    // 7 chapters and their sections.
    assert_eq!(entries.iter().filter(|(t, _)| t.contains("章　")).count(), 7);
    assert_eq!(entries[0].0, "第一章　总则");
    assert_eq!(entries.last().map(|e| e.0.as_str()), Some("员工签收"));
    // Headings are searched after the contents pages (which list them too).
    let last_toc = pdf
        .pages
        .iter()
        .rposition(|t| t.lines().any(|l| l.trim() == "目录"))
        .expect("contents page");
    let mut from = last_toc + 1;
    for (title, printed) in &entries {
        // The heading is a line of its own on exactly the page the contents print
        // (the running header carries the chapter title only after “ · ”).
        let found = (from..pdf.pages.len())
            .find(|&p| pdf.pages[p].lines().any(|l| l.trim() == title))
            .unwrap_or_else(|| panic!("heading {title} not found after page {}", from + 1));
        assert_eq!(
            found + 1,
            *printed,
            "{title}: contents say page {printed}, it is on page {}",
            found + 1
        );
        from = found;
    }
    // The chapters start on the pages after the cover (1) and the contents (2).
    assert_eq!(entries[0].1, 3);
}

#[test]
fn bookmarks_follow_the_headings_in_order() {
    let pdf = Pdf::parse(&render_manual(DEFAULT_CONFIG_TOML)[0].bytes);
    let entries = toc_entries(&pdf);
    let bookmarks = pdf.bookmarks();
    let marks: Vec<(String, usize)> = bookmarks
        .iter()
        .map(|b| (b.title.clone(), b.page.expect("bookmark destination page")))
        .collect();
    assert_eq!(marks, entries, "one bookmark per contents entry, same page");
    assert!(marks.windows(2).all(|w| w[0].1 <= w[1].1));
    // Chapters (and the sign-off page) at the top level, their sections nested under them.
    for b in &bookmarks {
        let want = usize::from(b.title.contains("节　"));
        assert_eq!(b.depth, want, "{}", b.title);
    }
}

#[test]
fn configured_figures_are_printed() {
    let pdf = Pdf::parse(&render_manual(&edited("6", "15"))[0].bytes);
    let all = pdf.pages.join("\n");
    // ATT-2: from the 3rd late arrival every one at the edited 6%; below it 2%.
    assert!(all.contains("当月每次迟到均按 6%"), "{all}");
    assert!(all.contains("2%"), "{all}");
    assert!(!all.contains("5%"), "the default 5% must be gone");
    // PAY-2: 一般 complaints at the edited 15 元.
    assert!(all.contains("15 元"), "{all}");
    let default = Pdf::parse(&render_manual(DEFAULT_CONFIG_TOML)[0].bytes)
        .pages
        .join("\n");
    assert!(default.contains("当月每次迟到均按 5%"));
}

#[test]
fn clauses_are_numbered_continuously() {
    let pdf = Pdf::parse(&render_manual(DEFAULT_CONFIG_TOML)[0].bytes);
    let all = pdf.pages.join("\n");
    let label = |n: u32| format!("第{}条　", manual::chinese_numeral(n));
    let mut last = 0;
    let mut n = 1;
    while let Some(pos) = all.find(&label(n)) {
        assert!(pos > last || n == 1, "{} is out of order", label(n));
        last = pos;
        n += 1;
    }
    let count = n - 1;
    let (m, _) = manual::parse_manual(&Config::default(), &manual::default_chapter_sources());
    assert_eq!(count as usize, m.clauses().count());
    assert!(count >= 40, "{count} clauses");
    // Each clause implementing a rule shows its ID after its title (a bold run and a
    // plain run, extracted as two lines).
    let joined = all.replace('\n', "");
    assert!(joined.contains("第二十五条　迟到扣款〔ATT-2〕"), "{all}");
    assert!(joined.contains("分类与审批〔SLIP-1〕"), "{all}");
}

#[test]
fn every_chapter_page_carries_its_chapter_title_and_page_x_of_y() {
    let pdf = Pdf::parse(&render_manual(DEFAULT_CONFIG_TOML)[0].bytes);
    let total = pdf.pages.len();
    // The cover carries neither header nor footer.
    assert!(!pdf.pages[0].contains("第 1 页"));
    let mut chapter = String::new();
    for (i, text) in pdf.pages.iter().enumerate().skip(2) {
        if let Some(h1) = text
            .lines()
            .map(str::trim)
            .find(|l| l.starts_with('第') && l.contains("章　") && !l.contains(" · "))
        {
            chapter = h1.to_string();
        }
        if text.lines().any(|l| l.trim() == "员工签收") {
            chapter = "员工签收".into(); // the sign-off page after the last chapter
        }
        assert!(
            text.contains(&format!(" · {chapter}")),
            "page {}: header lacks {chapter}\n{text}",
            i + 1
        );
        assert!(
            text.contains(&format!("第 {} 页 共 {total} 页", i + 1)),
            "page {}",
            i + 1
        );
    }
}

#[test]
fn clause_index_lists_settings_with_current_values() {
    let files = render_manual(&edited("6", "15"));
    assert_eq!(xlsx::sheet_names(&files[1].bytes), ["条款索引"]);
    let rows = xlsx::text_rows(&files[1].bytes, "条款索引");
    let header = rows
        .iter()
        .position(|r| r.first().map(String::as_str) == Some("序号"))
        .expect("header row");
    assert_eq!(
        rows[header],
        [
            "序号",
            "条款",
            "章",
            "规则编号",
            "条款标题",
            "配置项（zhidu.toml）",
            "当前值",
            "使用该配置的报表"
        ]
    );
    let late = rows
        .iter()
        .find(|r| r.get(5).map(String::as_str) == Some("rules.attendance.late_rate_high"))
        .expect("late_rate_high row");
    assert_eq!(late[1], "第二十五条");
    assert_eq!(late[3], "ATT-2");
    assert_eq!(late[4], "迟到扣款");
    assert_eq!(late[6], "6");
    assert!(late[7].contains("月度扣款表（deductions）"), "{late:?}");
    let minor = rows
        .iter()
        .find(|r| r.get(5).map(String::as_str) == Some("rules.pay.complaint_fines.minor"))
        .expect("minor fine row");
    assert_eq!((minor[3].as_str(), minor[6].as_str()), ("PAY-2", "15"));
    // Every clause appears: the 序号 column runs 1…N without gaps.
    let mut numbers: Vec<u32> = rows[header + 1..]
        .iter()
        .filter_map(|r| r.first().and_then(|n| n.parse().ok()))
        .collect();
    numbers.dedup();
    let n = numbers.len() as u32;
    assert_eq!(numbers, (1..=n).collect::<Vec<_>>());
}
