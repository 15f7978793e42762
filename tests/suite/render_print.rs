//! Printing and reading the documents as their recipients do: the XLSX's print
//! settings, number formats, formulas, font and charts read back from the package,
//! and the PDF's pages (keep-with-next, widows and orphans, signatures, sheets
//! sharing pages).

use std::io::Read;

use zhidu::render::Renderer;

use crate::support::pdf::Pdf;
use crate::support::xlsx;

fn render(tpl: &str) -> (Vec<u8>, Vec<u8>) {
    let r = Renderer::from_templates(&[("t.xml", tpl)]).expect("renderer");
    let doc = r.document("t.xml", &serde_json::json!({})).expect("document");
    (r.xlsx(&doc).expect("xlsx"), r.pdf(&doc).expect("pdf"))
}

/// One part of the XLSX package as text.
fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut s = String::new();
    zip.by_name(name)
        .unwrap_or_else(|_| panic!("no {name}"))
        .read_to_string(&mut s)
        .expect("utf-8");
    s
}

fn rows(n: usize, first: usize) -> String {
    (first..first + n)
        .map(|i| format!("<tr><td>R{i:03}</td><td type=\"number\">{i}</td></tr>\n"))
        .collect()
}

#[test]
fn changes_are_signed_numbers_and_row_formulas_keep_their_values() {
    let (x, _) = render(
        r#"<document><sheet name="s"><table>
<tr header="true"><th>基本工资</th><th>扣款合计</th><th>应发</th><th>变化</th><th>百分点</th></tr>
<tr><td type="money">400000</td><td type="money">18000</td><td type="money" formula="{1}-{2}">382000</td><td type="delta">+26</td><td type="delta">-1.27个百分点</td></tr>
</table></sheet></document>"#,
    );
    let cells = xlsx::rows(&x, "s");
    assert_eq!(xlsx::number(&cells[1][2]), 3820.0, "the cached value");
    assert_eq!(xlsx::number(&cells[1][3]), 26.0, "a change is a number, not text");
    assert_eq!(xlsx::number(&cells[1][4]), -1.27);
    let golden = xlsx::golden_text(&x);
    assert!(golden.contains("formula R2C3: A2-B2"), "{golden}");
    let styles = part(&x, "xl/styles.xml");
    assert!(styles.contains(r#"formatCode="+#,##0;-#,##0;#,##0""#), "{styles}");
    assert!(
        styles.contains("formatCode=\"+#,##0.00&quot;个百分点&quot;;-#,##0.00&quot;个百分点&quot;"),
        "{styles}"
    );
    // The workbook's font is a CJK font, not Calibri.
    assert!(styles.contains(r#"<name val="等线"/>"#), "{styles}");
    assert!(!styles.contains("Calibri"), "{styles}");
}

#[test]
fn print_titles_only_on_a_sheet_with_one_table_and_wide_enough_date_columns() {
    let body = rows(5, 1);
    let (x, _) = render(&format!(
        r#"<document><sheet name="one"><table widths="8,16"><tr header="true"><th>号</th><th>时间</th></tr>
<tr><td>K1</td><td type="datetime">2026-10-16 16:20:00</td></tr></table></sheet>
<sheet name="two"><table><tr header="true"><th>A</th><th>B</th></tr>{body}</table>
<table><tr header="true"><th>C</th><th>D</th></tr>{body}</table></sheet></document>"#
    ));
    let wb = part(&x, "xl/workbook.xml");
    assert!(wb.contains("'one'!$1:$1") || wb.contains("one!$1:$1"), "{wb}");
    assert!(
        !wb.contains("two!$"),
        "a sheet of two tables repeats no header: {wb}"
    );
    let sheet = part(&x, "xl/worksheets/sheet1.xml");
    // the date-time column is at least 21 characters wide though the template says 16
    let width: f64 = sheet
        .split("<col min=\"2\" max=\"2\" width=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .and_then(|s| s.parse().ok())
        .expect("column B width");
    assert!(width >= 21.0, "{sheet}");
}

#[test]
fn long_notes_are_merged_across_the_table_and_wrapped() {
    let note = "说明：".to_string() + &"违规次数按计数期累计至本期末，".repeat(12);
    let (x, _) = render(&format!(
        r#"<document><sheet name="s"><p>{note}</p><table><tr header="true"><th>A</th><th>B</th><th>C</th></tr>
<tr><td>1</td><td>2</td><td>3</td></tr></table></sheet></document>"#
    ));
    let sheet = part(&x, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains(r#"<mergeCell ref="A1:C1"/>"#), "{sheet}");
    assert!(
        sheet.contains(r#"<row r="1" spans="1:3" ht=""#) || sheet.contains(r#"customHeight="1""#),
        "{sheet}"
    );
}

#[test]
fn charts_share_the_pdf_axis_and_never_straddle_a_page_break() {
    let body = rows(44, 1000);
    let (x, p) = render(&format!(
        r#"<document><sheet name="s"><table id="t"><tr header="true"><th>号</th><th>数</th></tr>{body}</table>
<chart type="bar" table="t" category="1" series="2" title="数"/></sheet></document>"#
    ));
    let chart = part(&x, "xl/charts/chart1.xml");
    // values 1,000–1,043: the axis starts at 0 and ends at 1,500 in steps of 500, grouped
    assert!(
        chart.contains(r#"<c:max val="1500"/><c:min val="0"/>"#),
        "{chart}"
    );
    assert!(chart.contains(r#"<c:majorUnit val="500"/>"#), "{chart}");
    assert!(
        chart.contains(r##"<c:numFmt formatCode="#,##0" sourceLinked="0"/>"##),
        "{chart}"
    );
    let pdf = Pdf::parse(&p);
    assert!(pdf.text().contains("1,500"), "the PDF labels the same axis");
    // The chart would cross the first printed page's foot: a manual break puts it on the next.
    let drawing = part(&x, "xl/drawings/drawing1.xml");
    let from_row: u32 = drawing
        .split("<xdr:row>")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .and_then(|s| s.parse().ok())
        .expect("chart anchor row");
    let sheet = part(&x, "xl/worksheets/sheet1.xml");
    assert!(
        sheet.contains(&format!(r#"<brk id="{from_row}""#)),
        "a break before row {from_row}: {sheet}"
    );
}

#[test]
fn rates_are_plotted_on_a_percent_axis_in_both_formats() {
    let (x, p) = render(
        r#"<document><sheet name="s"><table id="t"><tr header="true"><th>周</th><th>率</th></tr>
<tr><td>a</td><td type="percent">8200</td></tr><tr><td>b</td><td type="percent">8943</td></tr></table>
<chart type="line" table="t" category="1" series="2"/></sheet></document>"#,
    );
    let chart = part(&x, "xl/charts/chart1.xml");
    assert!(chart.contains(r#"<c:max val="1"/><c:min val="0"/>"#), "{chart}");
    assert!(chart.contains(r#"formatCode="0%""#), "{chart}");
    let text = Pdf::parse(&p).text();
    for label in ["0%", "20%", "100%"] {
        assert!(text.contains(label), "{label} in {text}");
    }
}

/// The page (0-based) each needle first appears on.
fn page_of(pdf: &Pdf, needle: &str) -> usize {
    pdf.pages
        .iter()
        .position(|t| t.contains(needle))
        .unwrap_or_else(|| panic!("{needle} not printed"))
}

#[test]
fn a_heading_and_a_caption_stay_with_the_first_rows_and_tables_keep_three_rows_a_side() {
    // A paragraph fills part of the first page (more each time), then a heading
    // over a table of n rows: wherever the page ends, the heading, the caption and at
    // least three rows share a page, and every page of the table has 3 rows or more.
    let mut split = 0;
    for fill in (40..=640).step_by(40) {
        let filler = "填充文字。".repeat(fill);
        for n in [4, 7, 28, 29, 30, 31, 56] {
            let body = rows(n, 1);
            let (_, p) = render(&format!(
                r#"<document><sheet name="s"><p>{filler}</p><h2>二、明细HEAD</h2>
<table caption="表 1 CAPTION"><tr header="true"><th>行号ROWHEAD</th><th>数</th></tr>{body}</table></sheet></document>"#
            ));
            let pdf = Pdf::parse(&p);
            let h = page_of(&pdf, "明细HEAD");
            assert_eq!(page_of(&pdf, "CAPTION"), h, "fill={fill} n={n}");
            assert_eq!(
                page_of(&pdf, "R001"),
                h,
                "fill={fill} n={n}: the heading keeps the first rows"
            );
            assert!(
                pdf.pages[h].contains(&format!("R{:03}", n.min(3))),
                "fill={fill} n={n}: three rows under the heading"
            );
            let last = page_of(&pdf, &format!("R{n:03}"));
            split += usize::from(last > h);
            for (i, t) in pdf.pages.iter().enumerate().take(last + 1).skip(h) {
                let count = t.matches('R').count() - t.matches("ROWHEAD").count();
                assert!(
                    count >= n.min(3),
                    "fill={fill} n={n}: page {} holds {count} rows",
                    i + 1
                );
                assert_eq!(
                    t.matches("ROWHEAD").count(),
                    1,
                    "fill={fill} n={n}: page {} header",
                    i + 1
                );
            }
        }
    }
    assert!(split > 10, "the cases split tables across pages ({split})");
}

#[test]
fn signatures_never_stand_alone_and_small_sheets_share_a_page() {
    let filler = "通知正文。".repeat(700);
    let (_, p) = render(&format!(
        r#"<document><sheet name="s"><p>{filler}</p><p>如对上述扣款有异议LASTPARA</p>
<signatures><sign label="员工SIGN" date="true"/><sign label="部门经理" date="true"/></signatures></sheet></document>"#
    ));
    let pdf = Pdf::parse(&p);
    let s = page_of(&pdf, "SIGN");
    assert_eq!(
        page_of(&pdf, "LASTPARA"),
        s,
        "the signatures keep the text before them"
    );
    // Small sheets flow on one page; a sheet asking for a new page (or with its own
    // running header) starts one.
    let small = |attrs: &str| {
        let (_, p) = render(&format!(
            r#"<document><header>H</header><sheet name="a"><table><tr><td>A1</td></tr></table></sheet>
<sheet name="b"{attrs}><table><tr><td>B1</td></tr></table></sheet></document>"#
        ));
        Pdf::parse(&p).pages.len()
    };
    assert_eq!(small(""), 1);
    assert_eq!(small(r#" new-page="true""#), 2);
    assert_eq!(small(r#" header="第二章""#), 2);
}
