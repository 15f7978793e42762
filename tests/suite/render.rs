//! The documents layer end to end: the all-elements fixture rendered to XLSX and PDF,
//! read back and compared with goldens (`ZHIDU_BLESS=1 cargo test --test suite render`
//! rewrites them), determinism, header repetition, and error messages.

use std::sync::OnceLock;

use zhidu::render::{Document, Renderer};

use crate::support::golden::golden;
use crate::support::pdf::Pdf;
use crate::support::xlsx;
use crate::support::{repo_root, TestDir};

fn renderer() -> &'static Renderer {
    static R: OnceLock<Renderer> = OnceLock::new();
    R.get_or_init(|| {
        Renderer::from_dir(&repo_root().join("tests/fixtures/templates"), None).expect("renderer")
    })
}

fn context() -> serde_json::Value {
    let text =
        std::fs::read_to_string(repo_root().join("tests/fixtures/all_elements.json")).expect("context");
    serde_json::from_str(&text).expect("json")
}

fn fixture() -> Document {
    renderer()
        .document("all_elements.xml", &context())
        .expect("fixture renders")
}

fn normalise(s: &str) -> String {
    s.lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn fixture_xlsx_matches_golden() {
    let bytes = renderer().xlsx(&fixture()).expect("xlsx");
    let text = xlsx::golden_text(&bytes);
    // hand-checked facts, independent of the golden:
    // late fees 0+25+…+225 yuan = 2500 fen × (0+1+…+9) = 112500 fen = 1125 yuan
    assert!(text.contains("1125"), "{text}");
    // rows 1–8: h1, h2, p, blank, p, blank, h2, caption (the toc is PDF-only);
    // header on row 9, ten employees on rows 10–19, totals on row 20
    assert!(text.contains("formula R20C6: SUM(F10:F19)"), "{text}");
    assert!(text.contains(" 20: 合计\t\t13\t\t\t1125\t1575"), "{text}");
    // 95.23% is stored as the fraction 0.9597 etc.; K002's rate is 9097 bp = 0.9097
    assert!(text.contains("0.9097"), "{text}");
    golden("all_elements.xlsx.txt", &text);
}

#[test]
fn fixture_pdf_matches_golden() {
    let bytes = renderer().pdf(&fixture()).expect("pdf");
    let pdf = Pdf::parse(&bytes);
    assert!(pdf.has_embedded_font(), "the font is embedded");
    let fonts = pdf.fonts();
    assert_eq!(fonts.len(), 1, "{fonts:?}");
    let tag = &fonts[0];
    let (prefix, rest) = tag.split_once('+').expect("subset tag");
    assert!(
        prefix.len() == 6 && prefix.chars().all(|c| c.is_ascii_uppercase()),
        "{tag}"
    );
    assert!(rest.starts_with("NotoSansSC"), "{tag}");
    // a subset: far smaller than the 8 MB font
    assert!(bytes.len() < 400_000, "{} bytes", bytes.len());
    let all = pdf.pages.join("\n");
    for needle in [
        "客服部月度扣款表",
        "¥1,125.00",
        "第 1 页 共",
        "部门经理",
        "2026年11月03日",
        "<A&B>",
    ] {
        assert!(all.contains(needle), "missing {needle:?} in\n{all}");
    }
    let mut out = format!("pages: {}\n", pdf.pages.len());
    for (i, t) in pdf.pages.iter().enumerate() {
        out.push_str(&format!("=== page {}\n{}\n", i + 1, normalise(t)));
    }
    golden("all_elements.pdf.txt", &out);
}

#[test]
fn rendering_is_deterministic() {
    let a = fixture();
    let b = fixture();
    assert_eq!(a, b);
    let other =
        Renderer::from_dir(&repo_root().join("tests/fixtures/templates"), None).expect("second renderer");
    assert_eq!(renderer().pdf(&a).expect("pdf"), other.pdf(&b).expect("pdf"));
    assert_eq!(renderer().xlsx(&a).expect("xlsx"), other.xlsx(&b).expect("xlsx"));
}

#[test]
fn long_table_repeats_its_header_and_never_splits_rows() {
    let mut rows = String::new();
    for i in 1..=150 {
        rows.push_str(&format!(
            "<tr><td>R{i:03}</td><td type=\"money\">{}</td></tr>\n",
            i * 100
        ));
    }
    let tpl = format!(
        "<document title=\"长表\"><footer>第 {{page}} 页 共 {{pages}} 页</footer><sheet name=\"s\">\
         <table><tr header=\"true\"><th>行号ROWHEAD</th><th>金额</th></tr>\n{rows}</table></sheet></document>"
    );
    let r = Renderer::from_templates(&[("long.xml", &tpl)]).expect("renderer");
    let doc = r.document("long.xml", &serde_json::json!({})).expect("doc");
    let pdf = Pdf::parse(&r.pdf(&doc).expect("pdf"));
    let pages = pdf.pages.len();
    assert!(pages >= 3, "150 rows span several pages, got {pages}");
    for (i, t) in pdf.pages.iter().enumerate() {
        assert_eq!(
            t.matches("ROWHEAD").count(),
            1,
            "page {} repeats the header once",
            i + 1
        );
        assert!(
            t.contains(&format!("第 {} 页 共 {} 页", i + 1, pages)),
            "page {} footer",
            i + 1
        );
    }
    let all = pdf.pages.join("\n");
    for i in 1..=150 {
        // every row appears exactly once, label and amount on the same page
        let label = format!("R{i:03}");
        assert_eq!(all.matches(&label).count(), 1, "{label}");
        let page = pdf.pages.iter().position(|t| t.contains(&label)).expect("page");
        let amount = format!("¥{}.00", i); // i × 100 fen = i yuan
        assert!(
            pdf.pages[page].contains(&amount),
            "{label} and {amount} share a page"
        );
    }
}

fn render_err(tpl: &str) -> String {
    let r = match Renderer::from_templates(&[("bad.xml", tpl)]) {
        Ok(r) => r,
        Err(e) => return format!("{e:#}"),
    };
    match r.document("bad.xml", &serde_json::json!({"x": "12.5元"})) {
        Ok(_) => panic!("expected an error"),
        Err(e) => format!("{e:#}"),
    }
}

#[test]
fn template_syntax_error_names_template_and_line() {
    let e = render_err("<document>\n<sheet>\n<p>{{ x + }}</p>\n</sheet></document>");
    assert!(e.contains("bad.xml:3:"), "{e}");
}

#[test]
fn missing_variable_names_template_and_line() {
    let e = render_err("<document>\n<sheet>\n<p>{{ nothing.here }}</p>\n</sheet></document>");
    assert!(e.contains("bad.xml:3:"), "{e}");
}

#[test]
fn unknown_element_names_template_line_and_element() {
    let e = render_err("<document>\n<sheet>\n<p>a</p>\n<marquee>x</marquee>\n</sheet></document>");
    assert!(
        e.contains("template bad.xml: markup line 4: <marquee>: unknown element"),
        "{e}"
    );
}

#[test]
fn bad_typed_value_names_template_line_and_element() {
    let e = render_err(
        "<document>\n<sheet>\n<table>\n<tr><td type=\"money\">{{ x }}</td></tr>\n</table>\n</sheet></document>",
    );
    assert!(
        e.contains("template bad.xml: markup line 4: <td>: \"12.5元\" is not money"),
        "{e}"
    );
}

#[test]
fn project_templates_override_defaults_file_by_file() {
    let dir = TestDir::new("templates");
    std::fs::write(
        dir.path().join("mine.xml"),
        "<document title=\"{{ t }}\"><sheet><p>{{ t }}</p></sheet></document>",
    )
    .expect("write");
    let r = Renderer::from_dir(dir.path(), None).expect("renderer");
    let doc = r
        .document("mine.xml", &serde_json::json!({"t": "覆盖 <ok>"}))
        .expect("doc");
    assert_eq!(doc.title, "覆盖 <ok>");
}

#[test]
fn bookmarks_follow_the_headings_in_order_and_nesting() {
    let bytes = renderer().pdf(&fixture()).expect("pdf");
    let titles: Vec<String> = Pdf::parse(&bytes)
        .bookmarks()
        .into_iter()
        .map(|b| {
            assert!(b.page.is_some(), "{} has a destination", b.title);
            format!("{}{}", "  ".repeat(b.depth), b.title)
        })
        .collect();
    assert_eq!(
        titles,
        vec![
            "客服部月度扣款表（2026年11月）",
            "  一、说明",
            "  二、汇总",
            "  三、明细",
            "  四、工作联系单",
            "    基本信息",
        ]
    );
}

#[test]
fn bundled_font_covers_every_character_of_the_fixture() {
    // no tofu: every character the fixture prints has a glyph in Noto Sans SC
    let markup = renderer().markup("all_elements.xml", &context()).expect("markup");
    let font = renderer().font();
    let missing: Vec<char> = markup
        .chars()
        .filter(|c| !c.is_control() && *c != ' ' && !font.covers(*c))
        .collect();
    assert!(missing.is_empty(), "no glyph for {missing:?}");
}

#[test]
fn one_page_notice_is_small_and_has_one_page() {
    let ctx = serde_json::json!({
        "name": "张三", "id": "K0001", "period": "2026年11月", "date": "2026-11-30",
        "company": "示例服务有限公司", "post": "话务员",
        "lines": [{"date": "2026-11-03", "what": "迟到 12 分钟", "clause": "第五章第三条", "fen": 2000}]
    });
    let doc = renderer().document("notice.xml", &ctx).expect("notice");
    let bytes = renderer().pdf(&doc).expect("pdf");
    let pdf = Pdf::parse(&bytes);
    assert_eq!(pdf.pages.len(), 1);
    // subset font: tens of KB, not the 8 MB font file
    assert!(bytes.len() < 60_000, "{} bytes", bytes.len());
    // 2000 fen = ¥20.00, and the total of the single line is the same
    assert_eq!(pdf.pages[0].matches("¥20.00").count(), 2, "{}", pdf.pages[0]);
}
