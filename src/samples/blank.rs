//! The header-only workbooks `zhidu init` puts in a new project's `inputs/`: one
//! per input kind, named and laid out as `zhidu.toml` expects (`inputs/<kind>.xlsx`,
//! one sheet named after the kind), with the canonical column names in Chinese.
//! The required columns come first, filled and noted 必填; then the optional ones
//! the sample exports have. Read as they are, each is a header row and no record.

use crate::model::InputKind;

use super::workbook;

/// The note on a required column's header.
pub const REQUIRED_NOTE: &str = "必填列：每一行都要有值。";

/// The columns of one kind's blank workbook.
#[derive(Debug, Clone, Copy)]
pub struct BlankColumns {
    /// The input kind.
    pub kind: InputKind,
    /// The columns a file of this kind must have (of columns that stand in for
    /// each other, such as 工号 and 姓名, the first).
    pub required: &'static [&'static str],
    /// The other columns zhidu reads.
    pub optional: &'static [&'static str],
}

const fn cols(
    kind: InputKind,
    required: &'static [&'static str],
    optional: &'static [&'static str],
) -> BlankColumns {
    BlankColumns {
        kind,
        required,
        optional,
    }
}

/// Every kind's columns, in input-kind order.
pub const COLUMNS: [BlankColumns; 13] = [
    cols(
        InputKind::Roster,
        &["工号", "姓名", "部门", "基本工资"],
        &["岗位", "班次", "入职日期", "状态", "离职日期"],
    ),
    cols(InputKind::Schedule, &["工号", "日期", "班次"], &["姓名"]),
    cols(
        InputKind::Punches,
        &["工号", "打卡时间"],
        &["姓名", "设备", "打卡结果"],
    ),
    cols(
        InputKind::Calls,
        &["坐席工号", "开始时间", "通话时长(秒)", "呼叫方向"],
        &[
            "通话ID",
            "坐席姓名",
            "主叫号码",
            "被叫号码",
            "等待时长(秒)",
            "接通状态",
            "通话类型",
        ],
    ),
    cols(
        InputKind::Surveys,
        &["日期", "坐席工号", "评分"],
        &["坐席姓名", "客户", "渠道", "意见"],
    ),
    cols(
        InputKind::Complaints,
        &["日期", "工号", "严重程度"],
        &["姓名", "来源", "是否本公司责任", "内容"],
    ),
    cols(
        InputKind::Violations,
        &["日期", "工号", "违规类型"],
        &["姓名", "说明"],
    ),
    cols(
        InputKind::Leaves,
        &["工号", "开始日期", "结束日期"],
        &["姓名", "类型", "审批人"],
    ),
    cols(
        InputKind::ServiceRequests,
        &["受理时间", "首次响应时间", "负责人工号"],
        &["负责人", "客户", "类别", "到场时间"],
    ),
    cols(
        InputKind::Slips,
        &[
            "编号",
            "类别",
            "发单部门",
            "收单部门",
            "主题",
            "发单日期",
            "要求完成日期",
        ],
        &[
            "性质",
            "工作要求",
            "签收日期",
            "回复日期",
            "完成日期",
            "完成评价",
            "替代编号",
            "起草人",
            "部门经理",
            "分管领导",
            "主管领导",
            "审计负责人",
            "未沟通延误天数",
            "发单方推诿",
        ],
    ),
    cols(
        InputKind::Corrections,
        &["工号", "补卡时间"],
        &["姓名", "原因", "审批人"],
    ),
    cols(
        InputKind::ClientRecords,
        &["客户", "受理日期", "销售提交日期", "建档日期"],
        &["销售人员", "建档人工号"],
    ),
    cols(
        InputKind::FundExpenses,
        &["日期", "金额", "用途"],
        &["经手人", "审批人"],
    ),
];

impl BlankColumns {
    /// The file name under `inputs/`, as the default `zhidu.toml` names it.
    pub fn file_name(&self) -> String {
        format!("{}.xlsx", self.kind.id())
    }

    /// Every column, the required ones first.
    pub fn all(&self) -> Vec<&'static str> {
        self.required.iter().chain(self.optional).copied().collect()
    }

    /// The workbook: one sheet named after the kind, holding the header row.
    pub fn to_xlsx(&self) -> anyhow::Result<Vec<u8>> {
        workbook(self.kind.name(), &self.all(), self.required.len(), &[])
    }
}

/// `(file name, bytes)` of every blank input, in input-kind order.
pub fn blank_files() -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    COLUMNS
        .iter()
        .map(|c| Ok((c.file_name(), c.to_xlsx()?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::config::{Config, Project};
    use crate::ingest::{self, Loaded};

    /// Read one kind's workbook with these headers, as the default zhidu.toml names it.
    fn read(kind: InputKind, headers: &[&str], required: usize) -> Loaded {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let bytes = workbook(kind.name(), headers, required, &[]).expect("the workbook");
        let path = dir.path().join("inputs").join(format!("{}.xlsx", kind.id()));
        crate::output::write_file(&path, &bytes).expect("written");
        let project = Project {
            root: Path::new(dir.path()).to_path_buf(),
            config: Config::default(),
            config_text: String::new(),
        };
        ingest::load_only(&project, &[kind])
    }

    #[test]
    fn each_blank_workbook_reads_as_a_header_row_and_no_records() {
        for c in COLUMNS {
            let bytes = c.to_xlsx().expect("the workbook");
            assert!(!bytes.is_empty());
            let read = read(c.kind, &c.all(), c.required.len());
            assert!(read.failed_inputs.is_empty(), "{:?}", read.failed_inputs);
            assert!(read.problems.is_empty(), "{}: {:?}", c.kind, read.problems);
            assert_eq!(read.inputs.len(), 1, "{}", c.kind);
            assert_eq!(read.inputs[0].header_row, Some(1), "{}", c.kind);
            assert_eq!(read.inputs[0].records, 0, "{}", c.kind);
            assert_eq!(read.inputs[0].sheet.as_deref(), Some(c.kind.name()));
        }
        let kinds: Vec<InputKind> = COLUMNS.iter().map(|c| c.kind).collect();
        assert_eq!(kinds, InputKind::ALL);
    }

    #[test]
    fn the_required_columns_are_enough_and_each_is_needed() {
        for c in COLUMNS {
            let alone = read(c.kind, c.required, c.required.len());
            assert!(
                alone.failed_inputs.is_empty() && alone.problems.is_empty(),
                "{}: the required columns alone: {:?} {:?}",
                c.kind,
                alone.failed_inputs,
                alone.problems
            );
            for missing in c.required {
                let rest: Vec<&str> = c.required.iter().copied().filter(|h| h != missing).collect();
                let without = read(c.kind, &rest, rest.len());
                assert!(
                    !without.failed_inputs.is_empty() || without.has_errors(),
                    "{}: read without {missing}",
                    c.kind
                );
            }
        }
    }

    #[test]
    fn the_columns_are_the_canonical_names() {
        for c in COLUMNS {
            let fields = crate::ingest::header::fields_of(c.kind.id());
            for h in c.all() {
                assert!(fields.iter().any(|f| f.key == h), "{}: {h}", c.kind);
            }
        }
    }
}
