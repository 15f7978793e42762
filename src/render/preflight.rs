//! What `zhidu check` verifies of the renderer before a run needs it: every
//! template compiles (each one with an error is named, not only the first), and
//! the font `render.font` names can be read and has Chinese, digits and ¥. The
//! same loading as [`super::Renderer::new`], with the errors collected as problems.

use std::collections::BTreeSet;

use crate::config::Project;
use crate::error::Problem;

/// The renderer's problems, and the names of the templates that compile.
#[derive(Debug, Clone, Default)]
pub struct Preflight {
    /// Templates that do not compile, a font that cannot be used.
    pub problems: Vec<Problem>,
    /// Every template that compiles (built in or the project's), by name.
    pub templates: BTreeSet<String>,
    /// Every template there is, compiling or not.
    pub names: BTreeSet<String>,
}

/// Load every template and the font as a run would, and report what fails.
pub fn preflight(project: &Project) -> Preflight {
    let mut problems = Vec::new();
    let overrides = match super::read_template_dir(&project.root.join("templates")) {
        Ok(o) => o,
        Err(e) => {
            problems.push(Problem::file_error("templates", crate::error::error_text(&e)));
            Vec::new()
        }
    };
    let own: BTreeSet<String> = overrides.iter().map(|(n, _)| n.clone()).collect();
    let all = super::all_templates(overrides);
    let names = all.keys().cloned().collect();
    let mut tera = tera::Tera::new();
    tera.autoescape_on([".xml"]);
    let mut templates = BTreeSet::new();
    let mut failed = Vec::new();
    for (name, text) in &all {
        match tera.add_raw_template(name, text) {
            Ok(()) => {
                templates.insert(name.clone());
            }
            Err(_) => failed.push(name),
        }
    }
    // Again once all the others are in: a template extending one added after it.
    for name in failed {
        match tera.add_raw_template(name, &all[name]) {
            Ok(()) => {
                templates.insert(name.clone());
            }
            Err(e) => {
                let file = if own.contains(name) {
                    format!("templates/{name}")
                } else {
                    crate::msg!("render.builtin_template", name = name).to_string()
                };
                problems.push(Problem::file_error(
                    file,
                    crate::msg!("render.template_error", error = super::tera_message(&e)),
                ));
            }
        }
    }
    if let Err(e) = super::font_of(project) {
        problems.push(Problem::file_error("zhidu.toml", e));
    }
    Preflight {
        problems,
        templates,
        names,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(dir: &std::path::Path, font: Option<&str>) -> Project {
        let mut config = crate::config::Config::default();
        config.render.font = font.map(str::to_string);
        Project {
            root: dir.to_path_buf(),
            config,
            config_text: String::new(),
        }
    }

    #[test]
    fn every_broken_template_and_a_bad_font_are_named() {
        let dir = tempfile::tempdir().expect("dir");
        std::fs::create_dir(dir.path().join("templates")).expect("templates");
        std::fs::write(dir.path().join("templates/notice.xml"), "{% for x in y %}").expect("notice");
        std::fs::write(dir.path().join("templates/fund.xml"), "{{ a + }}").expect("fund");
        std::fs::write(dir.path().join("templates/extra.xml"), "<document/>").expect("extra");
        std::fs::write(dir.path().join("font.otf"), "not a font").expect("font");
        let p = preflight(&project(dir.path(), Some("font.otf")));
        let files: Vec<&str> = p.problems.iter().map(|p| p.file.as_str()).collect();
        assert_eq!(
            files,
            ["templates/fund.xml", "templates/notice.xml", "zhidu.toml"]
        );
        assert!(p.problems[2].message.contains("render.font"), "{}", p.problems[2]);
        assert!(p.templates.contains("extra.xml") && p.templates.contains("weekly.xml"));
        assert!(!p.templates.contains("notice.xml"));
        let clean = preflight(&project(dir.path(), None));
        assert_eq!(clean.problems.len(), 2);
    }
}
