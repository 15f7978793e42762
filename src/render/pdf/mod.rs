//! The PDF backend, in two stages: layout (`layout` driving the
//! block layouts over a `layouter` state) produces positioned page content
//! (`page`); serialisation (`serialize`) writes it as PDF objects, with the
//! text and subset font (`text`) and the outline (`outline`).

mod chart;
mod form;
mod layout;
mod layouter;
mod outline;
mod page;
mod paginate;
mod prose;
mod serialize;
mod table;
mod text;

use crate::render::font::Font;
use crate::render::model::Document;

pub use chart::{cell_at, chart_data, ChartData};
pub use page::TextRun;

/// Lay out and serialise a document.
pub fn render(font: &Font, doc: &Document) -> anyhow::Result<Vec<u8>> {
    let laid = layout::lay_out(font, doc)?;
    serialize::write(font, doc, laid)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Renderer;

    /// A document whose every single-line text is too long and whose table row and
    /// field are taller than a page.
    const LONG: &str = r#"<document title="{{ name }}" paper="A5">
  <header>{{ name }}</header>
  <footer>第 {page} 页 共 {pages} 页</footer>
  <sheet name="a">
    <h1>扣款通知单 {{ name }}</h1>
    <table caption="{{ name }}">
      <tr header="true"><th>工号</th><th>姓名</th><th>内容</th></tr>
      <tr><td>K001</td><td>{{ name }}</td><td>{{ text }}</td></tr>
      <tr><td>K002</td><td>李四</td><td>短</td></tr>
    </table>
    <fields columns="1"><field label="工作要求">{{ text }}</field></fields>
    <signatures><sign label="员工" name="{{ name }}"/></signatures>
  </sheet>
</document>"#;

    #[test]
    fn long_text_stays_on_the_page_and_tall_rows_are_split_above_the_footer() {
        let r = Renderer::from_templates(&[("long.xml", LONG)]).expect("renderer");
        let name = "阿依古丽买买提".repeat(30);
        let text = "投诉内容很长。".repeat(700);
        let doc = r
            .document("long.xml", &serde_json::json!({"name": name, "text": text}))
            .expect("document");
        let laid = layout::lay_out(r.font(), &doc).expect("layout");
        let mm = 72.0 / 25.4;
        let [_, right, bottom, left] = doc.margins_mm.map(|m| m * mm);
        assert!(
            laid.pages.len() > 3,
            "the long cell and field run over several pages"
        );
        let mut shown = String::new();
        for (i, page) in laid.pages.iter().enumerate() {
            for t in &page.texts {
                let w = r.font().width(&t.text, t.size);
                assert!(
                    t.x >= left - 0.5,
                    "page {i}: {:?} starts left of the margin",
                    t.text
                );
                assert!(
                    t.x + w <= laid.width - right + 0.5,
                    "page {i}: {:?} runs off the page",
                    t.text
                );
                let footer = t.text.starts_with("第 ");
                let header = t.y > laid.height - doc.margins_mm[0] * mm;
                if !footer && !header {
                    assert!(t.y >= bottom, "page {i}: {:?} is in the footer's space", t.text);
                    shown.push_str(&t.text);
                }
            }
        }
        // Every character of the long cell and field is printed: split, not lost.
        assert_eq!(shown.matches('投').count(), 2 * 700);
        // The header and the signer's name were cut to fit, with the mark.
        assert!(laid.pages[0].texts.iter().any(|t| t.text.ends_with('…')));
    }

    #[test]
    fn margins_that_leave_no_room_are_refused_by_name() {
        let tpl =
            r#"<document title="t" paper="A5" margins="70mm"><sheet name="a"><p>x</p></sheet></document>"#;
        let r = Renderer::from_templates(&[("tight.xml", tpl)]).expect("renderer");
        let doc = r.document("tight.xml", &serde_json::json!({})).expect("document");
        let err = render(r.font(), &doc).expect_err("no room");
        assert!(
            format!("{err:#}").contains("the margins leave no room on the page"),
            "{err:#}"
        );
    }
}
