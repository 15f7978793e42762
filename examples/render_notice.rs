//! Render one notice from the benchmark template to `target/fixture/notice.pdf` for inspection.

use std::path::Path;

fn main() -> anyhow::Result<()> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/templates");
    let r = zhidu::render::Renderer::from_dir(&dir, None)?;
    let ctx = serde_json::json!({
        "name": "张三", "id": "K0001", "period": "2026年11月", "date": "2026-11-30",
        "company": "示例服务有限公司", "post": "话务员",
        "lines": [
            {"date": "2026-11-03", "what": "迟到 12 分钟", "clause": "第五章第三条", "fen": 2000},
            {"date": "2026-11-09", "what": "未按规定填写工单，客户投诉一次", "clause": "第五章第四条", "fen": 2500}
        ]
    });
    let doc = r.document("notice.xml", &ctx)?;
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fixture");
    std::fs::create_dir_all(&out)?;
    std::fs::write(out.join("notice.pdf"), r.pdf(&doc)?)?;
    std::fs::write(out.join("notice.xlsx"), r.xlsx(&doc)?)?;
    Ok(())
}
