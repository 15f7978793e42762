//! The policy manual (制度手册): chapter sources in `templates/manual/*.md`, their
//! figures filled in from `zhidu.toml`, numbered into clauses 第一条, 第二条 … and
//! typeset through the renderer as `manual/制度手册.pdf`, with a clause index
//! `manual/制度条款索引.xlsx` listing every setting each clause is bound to.
//!
//! A chapter source is Tera text in a small line markup (see `templates/manual/README.md`):
//!
//! ```text
//! # 章标题                       one per file, first
//! ## 节标题                      optional sections
//! ### 条款标题 [ATT-2]            a clause, numbered across the manual; rule IDs in brackets
//! 正文……                        paragraph lines (consecutive lines are joined)
//! - 列表项                       list item
//! @table 表题                    a table: the `|` rows that follow, the first one the header
//! | 单元格 | 单元格 |
//! [[PAY-3]] or [[专心工作]]       a reference, replaced by that clause's number (第十八条)
//! ```
//!
//! Each heading and each body between headings is rendered through Tera on its own with
//! the serialised [`Config`] as context, so a placeholder's clause is known exactly and
//! the clause index can list every setting a clause prints.
//!
//! The parts, in the order a manual is made: `source` (the chapter files), `parse`
//! (chapters into a numbered manual) with `filters` (the Tera engine), `placeholders`
//! (the settings a text prints) and `markup` (the line markup), `numbering` (tables,
//! lists, references), `checks` (rule IDs), `index` (the clause index), all over the
//! types of `model`. This file is the report: the paths it writes, `build` and `render`.

use serde::Serialize;

use crate::config::Config;
use crate::error::{Problem, UserError};
use crate::model::Period;
use crate::output::stage::DocumentSink;
use crate::reports::registry::MANUAL;
use crate::reports::RunContext;

mod checks;
mod citations;
mod filters;
mod index;
mod markup;
mod model;
mod numbering;
mod parse;
mod placeholders;
mod source;

pub use checks::{consistency_problems, project_problems};
pub use citations::{Citations, ClauseRef, RuleCitation, APPEAL_KEY};
pub use filters::duration_zh;
pub use index::{index_rows, IndexRow, IndexView};
pub use model::{Binding, Block, Chapter, Clause, Manual, Section};
pub use numbering::chinese_numeral;
pub use parse::parse_manual;
pub use source::{chapter_sources, default_chapter_sources, ChapterSource, CHAPTER_DIR};

use checks::rule_id_problems;
use filters::date_zh;

/// The PDF the manual is written to, relative to the output folder.
pub const PDF_PATH: &str = "manual/制度手册.pdf";

/// The clause index workbook, relative to the output folder.
pub const INDEX_PATH: &str = "manual/制度条款索引.xlsx";

/// What `templates/manual.xml` receives.
#[derive(Debug, Serialize)]
pub struct ManualView<'a> {
    /// 公司名称.
    pub company: &'a str,
    /// 部门名称.
    pub department: &'a str,
    /// Cover title (`[manual] title`).
    pub title: &'a str,
    /// Version label.
    pub version: &'a str,
    /// Effective date in words (2026年12月1日).
    pub effective_date: String,
    /// The chapters.
    pub chapters: &'a [Chapter],
    /// Number of clauses.
    pub clause_count: usize,
}

/// Parse the manual and fail with every error-level problem when it is not consistent.
pub fn build(config: &Config, sources: &[ChapterSource]) -> Result<Manual, UserError> {
    let (manual, mut problems) = parse_manual(config, sources);
    problems.extend(rule_id_problems(&manual));
    let errors: Vec<Problem> = problems
        .into_iter()
        .filter(|p| p.severity == crate::error::ProblemSeverity::Error)
        .collect();
    if errors.is_empty() {
        Ok(manual)
    } else {
        Err(UserError::Inputs(errors))
    }
}

/// The manual's template context.
pub fn manual_view<'a>(config: &'a Config, manual: &'a Manual) -> ManualView<'a> {
    ManualView {
        company: &config.company.name,
        department: &config.company.department,
        title: &config.manual.title,
        version: &config.manual.version,
        effective_date: date_zh(&config.manual.effective_date),
        chapters: &manual.chapters,
        clause_count: manual.clauses().count(),
    }
}

/// Render `manual/制度手册.pdf` and `manual/制度条款索引.xlsx`. The manual covers no
/// period; `period` is accepted so the batch can call every report alike.
pub fn render(
    ctx: &RunContext<'_>,
    _period: Option<&Period>,
    sink: &mut dyn DocumentSink,
) -> anyhow::Result<()> {
    let config = &ctx.project.config;
    let sources = chapter_sources(&ctx.project.root)?;
    let manual = build(config, &sources)?;
    let doc = ctx
        .renderer
        .document(&MANUAL.template_file(config), &manual_view(config, &manual))?;
    let pdf = ctx.renderer.pdf(&doc)?;
    let index = IndexView {
        company: &config.company.name,
        department: &config.company.department,
        title: &config.manual.title,
        version: &config.manual.version,
        rows: index_rows(&manual),
    };
    let index_doc = ctx.renderer.document("manual_index.xml", &index)?;
    let xlsx = ctx.renderer.xlsx(&index_doc)?;
    sink.add(std::path::Path::new(PDF_PATH), &pdf)?;
    sink.add(std::path::Path::new(INDEX_PATH), &xlsx)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Project;
    use crate::model::Dataset;
    use crate::render::Renderer;

    #[test]
    fn the_template_setting_names_the_manual_template() {
        let mut config = Config::default();
        config.reports.manual.template = Some("my-manual".into());
        let project = Project {
            root: std::env::temp_dir(),
            config,
            config_text: String::new(),
        };
        let custom = r#"<document title="{{ title }}"><sheet name="手册"><p>定制手册 {{ clause_count }}</p></sheet></document>"#;
        let renderer = Renderer::from_templates(&[("my-manual.xml", custom)]).expect("renderer");
        let ctx = RunContext {
            project: &project,
            data: &Dataset::default(),
            failed_inputs: &[],
            set_aside: &[],
            renderer: &renderer,
            evaluated: None,
        };
        let mut files: Vec<crate::output::OutputFile> = Vec::new();
        render(&ctx, None, &mut files).expect("renders");
        let doc = lopdf::Document::load_mem(&files[0].bytes).expect("pdf parses");
        let text = doc.extract_text(&[1]).expect("text");
        assert!(text.contains("定制手册"), "{text}");
    }
}

#[cfg(test)]
mod test_support {
    use super::*;

    /// The built-in chapters parsed against the default settings.
    pub(super) fn default_manual() -> (Manual, Vec<Problem>) {
        parse_manual(&Config::default(), &default_chapter_sources())
    }

    /// A project with one chapter, `manual/01-test.md`, of the given text.
    pub(super) fn one_chapter(text: &str) -> Vec<ChapterSource> {
        vec![ChapterSource {
            name: "manual/01-test.md".into(),
            text: text.into(),
        }]
    }
}
