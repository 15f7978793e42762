//! Render the all-elements fixture to `target/fixture/all_elements.{xlsx,pdf}` for inspection.

use std::path::Path;

fn main() -> anyhow::Result<()> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let r = zhidu::render::Renderer::from_dir(&dir.join("templates"), None)?;
    let ctx: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("all_elements.json"))?)?;
    let doc = r.document("all_elements.xml", &ctx)?;
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fixture");
    std::fs::create_dir_all(&out)?;
    std::fs::write(out.join("all_elements.xlsx"), r.xlsx(&doc)?)?;
    std::fs::write(out.join("all_elements.pdf"), r.pdf(&doc)?)?;
    println!("{}", out.display());
    Ok(())
}
