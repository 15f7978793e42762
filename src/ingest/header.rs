//! Column aliases per input kind, and finding the header row among the first
//! rows of a sheet (title and period rows skipped, two-row headers understood).

use std::collections::BTreeMap;

use calamine::{Data, DataRef};

use super::cell;
use super::limits::{group, QUOTE_CHARS};
use super::text::normalize_header;
use crate::i18n::Text;
use crate::model::source::column_letters;

/// One canonical column of an input kind and the headers that mean it.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The canonical name (the header of the sample exports), also the name in [`crate::model::SourceSheet`].
    pub key: &'static str,
    /// Other headers accepted for it (Chinese and English).
    pub aliases: &'static [&'static str],
}

const fn f(key: &'static str, aliases: &'static [&'static str]) -> Field {
    Field { key, aliases }
}

/// 员工花名册.
pub const ROSTER: &[Field] = &[
    f(
        "工号",
        &[
            "员工编号",
            "员工工号",
            "人员编号",
            "职工号",
            "employee id", // not a message
            "emp id",      // not a message
            "staff id",    // not a message
            "id",
        ],
    ),
    f("姓名", &["员工姓名", "name", "employee name"]), // not a message
    f("部门", &["所属部门", "department", "dept"]),
    f(
        "基本工资",
        &["底薪", "基本薪资", "基本工资(元)", "base pay", "base salary"], // not a message
    ),
    f("岗位", &["职位", "职务", "position", "title"]),
    f("班次", &["默认班次", "shift"]),
    f("入职日期", &["入职时间", "hire date", "start date"]), // not a message
    f("状态", &["在职状态", "员工状态", "status"]),
    f(
        "离职日期",
        &["离职时间", "最后工作日", "leave date", "last working day"], // not a message
    ),
    f("邮箱", &["电子邮箱", "邮件地址", "email", "e-mail"]),
    // Read from the column `mail.notices.password_column` names (an alias the config adds).
    f(crate::config::NOTICE_PASSWORD_FIELD, &[]),
];

/// 排班表, long layout.
pub const SCHEDULE: &[Field] = &[
    f("工号", &["员工编号", "员工工号", "考勤号码", "employee id", "id"]), // not a message
    f("姓名", &["员工姓名", "name"]),
    f("日期", &["排班日期", "date"]),
    f("班次", &["班别", "班次名称", "shift"]),
];

/// 打卡记录. A time clock's 签到时间 and 签退时间 (one row per person-day) are
/// two punches; 刷卡日期 + 刷卡时间 are a date and a time.
pub const PUNCHES: &[Field] = &[
    f(
        "工号",
        &[
            "员工编号",
            "员工工号",
            "考勤号码",
            "人员编号",
            "employee id", // not a message
            "id",
        ],
    ),
    f("姓名", &["员工姓名", "name"]),
    f(
        "打卡时间",
        &["实际打卡时间", "日期时间", "punch time", "datetime"], // not a message
    ),
    f("日期", &["考勤日期", "打卡日期", "刷卡日期", "date"]),
    f("时间", &["打卡时刻", "刷卡时间", "time"]),
    f("设备", &["打卡设备", "机器号", "考勤机", "设备编号", "device"]),
    f("打卡结果", &["打卡状态", "记录状态", "result", "status"]),
    f("备注", &["打卡备注", "remark"]),
    f("签到时间", &["上班签到时间", "check in", "clock in"]), // not a message
    f("签退时间", &["下班签退时间", "check out", "clock out"]), // not a message
];

/// 通话记录.
pub const CALLS: &[Field] = &[
    f(
        "通话ID",
        &[
            "通话编号",
            "呼叫ID",
            "通话id",
            "call id", // not a message
            "callid",
            "uuid",
            "linkedid",
        ],
    ),
    f(
        "坐席工号",
        &["坐席", "坐席号", "客服工号", "工号", "agent", "agent id"], // not a message
    ),
    f("坐席姓名", &["客服姓名", "姓名", "agent name"]), // not a message
    f(
        "开始时间",
        &["呼叫时间", "通话开始时间", "来电时间", "start time", "start"], // not a message
    ),
    f("日期", &["通话日期", "date"]),
    f("时间", &["time"]),
    f("结束时间", &["挂机时间", "通话结束时间", "end time", "end"]), // not a message
    f(
        "通话时长(秒)",
        &[
            "通话时长",
            "通话秒数",
            "talk time",    // not a message
            "talk seconds", // not a message
            "billsec",
            "avgtalkduration",
        ],
    ),
    f(
        "等待时长(秒)",
        &[
            "等待时长",
            "振铃时长",
            "排队时长",
            "wait seconds",               // not a message
            "speed of answer in seconds", // not a message
        ],
    ),
    f("呼叫方向", &["方向", "呼叫类型", "呼入呼出", "direction"]),
    f(
        "接通状态",
        &[
            "通话状态",
            "呼叫结果",
            "是否接通",
            "status",
            "answered (y/n)",
            "answered(y/n)",
        ],
    ),
    f("通话类型", &["类型", "call type"]),               // not a message
    f("主叫号码", &["主叫", "caller", "caller number"]), // not a message
    f("被叫号码", &["被叫", "callee", "callee number"]), // not a message
];

/// 满意度调查.
pub const SURVEYS: &[Field] = &[
    f(
        "日期",
        &["评价日期", "评价时间", "提交时间", "提交答卷时间", "date"],
    ),
    f("坐席工号", &["坐席", "工号", "客服工号", "agent", "agent id"]), // not a message
    f("坐席姓名", &["客服姓名", "姓名", "agent name"]),                // not a message
    f(
        "评分",
        &["满意度", "分数", "评价", "score", "rating", "satisfaction rating"], // not a message
    ),
    f("客户", &["客户名称", "customer"]),
    f("渠道", &["来源", "channel"]),
    f("意见", &["评价内容", "留言", "comment"]),
];

/// 投诉登记.
pub const COMPLAINTS: &[Field] = &[
    f("日期", &["投诉日期", "登记日期", "date"]),
    f("工号", &["被投诉人工号", "员工工号", "employee id"]), // not a message
    f("姓名", &["被投诉人", "员工姓名", "name"]),
    f("严重程度", &["投诉等级", "等级", "severity"]),
    f("来源", &["投诉来源", "origin"]),
    f("是否本公司责任", &["本公司责任", "是否公司责任", "company fault"]), // not a message
    f("内容", &["投诉内容", "content"]),
];

/// 违规记录.
pub const VIOLATIONS: &[Field] = &[
    f("日期", &["违规日期", "date"]),
    f("工号", &["员工工号", "employee id"]), // not a message
    f("姓名", &["员工姓名", "name"]),
    f("违规类型", &["类型", "违规事项", "type"]),
    f("说明", &["备注", "note"]),
];

/// 请假记录.
pub const LEAVES: &[Field] = &[
    f("工号", &["员工工号", "employee id"]), // not a message
    f("姓名", &["员工姓名", "name"]),
    f("开始日期", &["开始时间", "起始日期", "请假开始", "start date"]), // not a message
    f("结束日期", &["结束时间", "截止日期", "请假结束", "end date"]),   // not a message
    f("类型", &["请假类型", "假别", "type"]),
    f("审批人", &["approver"]),
];

/// 服务请求.
pub const SERVICE_REQUESTS: &[Field] = &[
    f("受理时间", &["创建时间", "accepted at"]),        // not a message
    f("首次响应时间", &["响应时间", "first response"]), // not a message
    f("负责人工号", &["工号", "owner id"]),             // not a message
    f("负责人", &["负责人姓名", "owner"]),
    f("客户", &["客户名称", "customer"]),
    f("类别", &["类型", "category"]),
    f("到场时间", &["上门时间", "onsite at"]), // not a message
];

/// 工作联系单登记.
pub const SLIPS: &[Field] = &[
    f("编号", &["联系单编号", "number"]),
    f("类别", &["class"]),
    f("性质", &["nature"]),
    f("发单部门", &["发出部门", "from"]),
    f("收单部门", &["接收部门", "to"]),
    f("主题", &["subject"]),
    f("工作要求", &["requirement"]),
    f("发单日期", &["发出日期", "issue date"]), // not a message
    f("要求完成日期", &["要求完成时间", "due date"]), // not a message
    f("签收日期", &["signed date"]),            // not a message
    f("回复日期", &["reply date"]),             // not a message
    f("完成日期", &["completed date"]),         // not a message
    f("完成评价", &["evaluation"]),
    f("替代编号", &["原编号", "replaces"]),
    f("起草人", &["drafter"]),
    f("部门经理", &["dept manager"]),          // not a message
    f("分管领导", &["division leader"]),       // not a message
    f("主管领导", &["chief leader"]),          // not a message
    f("审计负责人", &["audit head"]),          // not a message
    f("未沟通延误天数", &["no inquiry days"]), // not a message
    f("发单方推诿", &["issuer shirked"]),      // not a message
];

/// The fields of an input kind (`schedule` means its long layout).
pub fn fields_of(kind: &str) -> &'static [Field] {
    match kind {
        "roster" => ROSTER,
        "schedule" => SCHEDULE,
        "punches" => PUNCHES,
        "calls" => CALLS,
        "surveys" => SURVEYS,
        "complaints" => COMPLAINTS,
        "violations" => VIOLATIONS,
        "leaves" => LEAVES,
        "service_requests" => SERVICE_REQUESTS,
        "corrections" => super::kinds::corrections::CORRECTIONS,
        "client_records" => super::kinds::client_records::CLIENT_RECORDS,
        "fund_expenses" => super::kinds::fund_expenses::FUND_EXPENSES,
        _ => SLIPS,
    }
}

/// Aliases in effect for one kind: the built-in ones plus the config's.
#[derive(Debug, Clone)]
pub struct AliasTable {
    /// Per field (same order as the kind's fields): every normalized header that means it.
    pub names: Vec<Vec<String>>,
    /// The fields.
    pub fields: &'static [Field],
}

impl AliasTable {
    /// Built-in aliases plus `[inputs.<kind>.aliases]`.
    pub fn new(fields: &'static [Field], extra: &BTreeMap<String, Vec<String>>) -> AliasTable {
        let names = fields
            .iter()
            .map(|fd| {
                let mut v = vec![normalize_header(fd.key)];
                v.extend(fd.aliases.iter().map(|a| normalize_header(a)));
                if let Some(more) = extra.get(fd.key) {
                    v.extend(more.iter().map(|a| normalize_header(a)));
                }
                v
            })
            .collect();
        AliasTable { names, fields }
    }

    /// The field a header means, if any.
    pub fn field_of(&self, header: &str) -> Option<usize> {
        let n = normalize_header(header);
        if n.is_empty() {
            return None;
        }
        self.names.iter().position(|aliases| aliases.contains(&n))
    }

    /// Index of a field by its canonical key.
    pub fn index(&self, key: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.key == key)
    }
}

/// A buffered row: its 1-based number and its cells from column A.
pub type HeadRow = (u32, Vec<Data>);

/// The header row found in a sheet.
#[derive(Debug, Clone)]
pub struct Header {
    /// 1-based row of the header (the upper row of a two-row header).
    pub row: u32,
    /// 1 or 2.
    pub height: u32,
    /// Field index → 0-based column.
    pub cols: Vec<Option<u32>>,
    /// Every non-empty header label with its column.
    pub labels: Vec<(u32, String)>,
}

/// A header or value on one line, as messages show it: line breaks become a
/// space, other control characters (C0, C1, ESC) and the bidi controls that
/// reorder a terminal's text (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F,
/// U+061C) are escaped (`\u{7}`, `\u{202e}`), and a long value is cut at
/// 200 characters as shown (escapes counted) with its length given.
pub fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len().min(1024));
    let mut shown = 0usize;
    let mut cut = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let piece: String = match c {
            '\r' if chars.peek() == Some(&'\n') => continue,
            '\r' | '\n' | '\t' | '\u{2028}' | '\u{2029}' => " ".into(),
            c if needs_escape(c) => c.escape_unicode().to_string(),
            c => c.to_string(),
        };
        let width = piece.chars().count();
        if shown + width > QUOTE_CHARS {
            cut = true;
            break;
        }
        shown += width;
        out.push_str(&piece);
    }
    let mut out = out.trim().to_string();
    if cut {
        out.push_str(&format!("…({} characters)", group(s.chars().count())));
    }
    out
}

/// Characters a message never shows as they are: controls (C0, DEL, C1) and
/// the bidi controls that reorder what a terminal shows.
pub fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

/// A value quoted for a message: in double quotes, with quotes, line breaks,
/// control and bidi characters escaped (`"08:59\n00:03"`), so it stays on one
/// line and cannot reorder or repaint a terminal; a value longer than 200
/// characters as shown (escapes counted) is cut, with its length given
/// (`"aaa…" (5,000 characters)`).
pub fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    let mut shown = 0usize;
    let mut cut = false;
    for c in s.chars() {
        // Debug escaping covers quotes, controls and the bidi controls (Unicode
        // format characters); `needs_escape` makes sure of the latter.
        let piece: String = if c == '\'' {
            "'".to_string()
        } else if needs_escape(c) && !c.is_ascii() {
            c.escape_unicode().to_string()
        } else {
            c.escape_debug().to_string()
        };
        let width = piece.chars().count();
        if shown + width > QUOTE_CHARS {
            cut = true;
            break;
        }
        shown += width;
        out.push_str(&piece);
    }
    if cut {
        out.push_str(&format!("…\" ({} characters)", group(s.chars().count())));
    } else {
        out.push('"');
    }
    out
}

/// The text of a buffered cell, `""` when missing.
pub fn label(c: &Data) -> String {
    let r: DataRef<'_> = match c {
        Data::String(s) => DataRef::SharedString(s.as_str()),
        Data::Float(x) => DataRef::Float(*x),
        Data::Int(i) => DataRef::Int(*i),
        Data::Bool(b) => DataRef::Bool(*b),
        Data::DateTime(d) => DataRef::DateTime(*d),
        Data::DateTimeIso(s) => DataRef::SharedString(s.as_str()),
        _ => DataRef::Empty,
    };
    cell::text_of(&r).unwrap_or_default()
}

fn map_labels(table: &AliasTable, labels: &[(u32, String)]) -> Vec<Option<u32>> {
    let mut cols = vec![None; table.fields.len()];
    for (col, l) in labels {
        if let Some(fi) = table.field_of(l) {
            if cols[fi].is_none() {
                cols[fi] = Some(*col);
            }
        }
    }
    cols
}

/// Two columns of the header that mean the same field (`工号` and `员工编号`, or
/// `日期` twice): the error naming both cells, as zhidu cannot tell which one to
/// read. A two-row header names each column in the row its label is in.
pub fn duplicate_columns(table: &AliasTable, kind: &str, h: &Header, rows: &[HeadRow]) -> Option<Text> {
    let lower = rows.iter().find(|(n, _)| h.height == 2 && *n == h.row + 1);
    let row_of = |col: u32| match lower {
        Some((n, cells)) if cells.get(col as usize).is_some_and(|c| !label(c).is_empty()) => *n,
        _ => h.row,
    };
    let mut first: Vec<Option<(u32, &str)>> = vec![None; table.fields.len()];
    for (col, l) in &h.labels {
        let Some(fi) = table.field_of(l) else { continue };
        match first[fi] {
            None => first[fi] = Some((*col, l)),
            Some((c0, l0)) => {
                return Some(crate::msg!(
                    "header.duplicate_columns",
                    field = table.fields[fi].key,
                    first = format!("{}{}", column_letters(c0), row_of(c0)),
                    first_label = quote(&one_line(l0)),
                    second = format!("{}{}", column_letters(*col), row_of(*col)),
                    second_label = quote(&one_line(l)),
                    kind = kind
                ))
            }
        }
    }
    None
}

/// Find the header among the buffered rows: the row (or pair of rows, the lower
/// naming the columns under a merged group header) matching the most fields, at
/// least `min_fields` of them. The earliest row wins a tie.
pub fn find(table: &AliasTable, rows: &[HeadRow], min_fields: usize) -> Option<Header> {
    let mut best: Option<(usize, Header)> = None;
    for (i, (rno, cells)) in rows.iter().enumerate() {
        let single: Vec<(u32, String)> = cells
            .iter()
            .enumerate()
            .map(|(c, v)| (c as u32, label(v)))
            .filter(|(_, l)| !l.is_empty())
            .collect();
        let upper_matches = single.iter().any(|(_, l)| table.field_of(l).is_some());
        let mut candidates = vec![(1u32, single)];
        if let Some((next_no, next)) = rows.get(i + 1) {
            // A two-row header: the upper row names some columns itself (merged
            // down) and groups the others, which the lower row names.
            if *next_no == rno + 1 && upper_matches {
                let width = cells.len().max(next.len());
                let combined: Vec<(u32, String)> = (0..width)
                    .map(|c| {
                        let lower = next.get(c).map(label).unwrap_or_default();
                        let upper = cells.get(c).map(label).unwrap_or_default();
                        (c as u32, if lower.is_empty() { upper } else { lower })
                    })
                    .filter(|(_, l)| !l.is_empty())
                    .collect();
                candidates.push((2, combined));
            }
        }
        for (height, labels) in candidates {
            let cols = map_labels(table, &labels);
            let score = cols.iter().filter(|c| c.is_some()).count();
            if score >= min_fields && best.as_ref().is_none_or(|(s, _)| score > *s) {
                best = Some((
                    score,
                    Header {
                        row: *rno,
                        height,
                        cols,
                        labels,
                    },
                ));
            }
        }
    }
    best.map(|(_, h)| h)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Whether a header found really resembles an accepted name: one slip (an edit)
/// in a short name, one in four characters in a longer one; or one contains the
/// other and is at least half as long. `Context` is not like `坐席`, nor `Date`
/// like `呼叫方向`, nor `工作时数` like `打卡时间`.
pub fn resembles(found: &str, accepted: &str) -> bool {
    let (f, a) = (normalize_header(found), normalize_header(accepted));
    let (lf, la) = (f.chars().count(), a.chars().count());
    let shorter = lf.min(la);
    if shorter == 0 {
        return false;
    }
    let d = edit_distance(&f, &a);
    let close = d < shorter && d <= (shorter / 4).max(1);
    let contains = shorter >= 2 && shorter * 2 >= lf.max(la) && (f.contains(&a) || a.contains(&f));
    close || contains
}

/// Columns named in a message listing the columns found; the rest are counted.
const LISTED_COLUMNS: usize = 40;

/// The message for a missing required column: the accepted headers, the columns
/// found (each on one line), and — only when one really resembles an accepted
/// name and means no other column — the found column to rename.
pub fn missing_message(table: &AliasTable, kind: &str, field: usize, header: &Header) -> Text {
    let fd = table.fields[field];
    let mut accepted = vec![fd.key.to_string()];
    accepted.extend(fd.aliases.iter().map(|a| a.to_string()));
    let listed: Vec<String> = header
        .labels
        .iter()
        .take(LISTED_COLUMNS)
        .map(|(_, l)| one_line(l))
        .collect();
    let found = if header.labels.len() > LISTED_COLUMNS {
        crate::msg!(
            "header.more_columns",
            listed = listed.join(", "),
            count = group(header.labels.len())
        )
    } else {
        Text::raw(listed.join(", "))
    };
    let mut closest: Option<(usize, &str, u32, &str)> = None;
    for (col, l) in &header.labels {
        if table.field_of(l).is_some() {
            continue;
        }
        let nl = normalize_header(l);
        for a in &accepted {
            if !resembles(l, a) {
                continue;
            }
            let d = edit_distance(&nl, &normalize_header(a));
            if closest.is_none_or(|(bd, ..)| d < bd) {
                closest = Some((d, l.as_str(), *col, a.as_str()));
            }
        }
    }
    let missing = crate::msg!(
        "header.missing_column",
        field = fd.key,
        accepted = accepted.join(", "),
        row = header.row + header.height - 1,
        found = found
    );
    match closest {
        Some((_, l, col, a)) => crate::msg!(
            "header.missing_column_closest",
            missing = missing,
            found = quote(&one_line(l)),
            column = column_letters(col),
            accepted = a,
            kind = kind
        ),
        None => missing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &str) -> Data {
        if x.is_empty() {
            Data::Empty
        } else {
            Data::String(x.into())
        }
    }

    #[test]
    fn header_below_title_and_period_rows_in_any_order() {
        let t = AliasTable::new(CALLS, &BTreeMap::new());
        let rows = vec![
            (1, vec![s("通话记录"), s(""), s("")]),
            (2, vec![s("统计时间：2026-11-01 至 2026-11-30")]),
            (
                3,
                vec![s("呼叫方向"), s("开始时间"), s("坐席工号"), s("通话时长（秒）")],
            ),
        ];
        let h = find(&t, &rows, 2).expect("header");
        assert_eq!(h.row, 3);
        assert_eq!(h.height, 1);
        assert_eq!(h.cols[t.index("坐席工号").expect("f")], Some(2));
        assert_eq!(h.cols[t.index("开始时间").expect("f")], Some(1));
        assert_eq!(h.cols[t.index("通话时长(秒)").expect("f")], Some(3));
        assert_eq!(h.cols[t.index("呼叫方向").expect("f")], Some(0));
    }

    #[test]
    fn two_row_merged_header() {
        let t = AliasTable::new(ROSTER, &BTreeMap::new());
        let rows = vec![
            (1, vec![s("姓名"), s("基础信息"), s(""), s(""), s("薪资")]),
            (2, vec![s(""), s("部门"), s("职务"), s("工号"), s("基本工资")]),
        ];
        let h = find(&t, &rows, 2).expect("header");
        assert_eq!((h.row, h.height), (1, 2));
        assert_eq!(h.cols[0], Some(3));
        assert_eq!(h.cols[1], Some(0));
        assert_eq!(h.cols[3], Some(4));
    }

    #[test]
    fn config_aliases_extend_the_table() {
        let mut extra = BTreeMap::new();
        extra.insert("工号".to_string(), vec!["人员代码".to_string()]);
        let t = AliasTable::new(ROSTER, &extra);
        assert_eq!(t.field_of("人员代码"), Some(0));
        assert_eq!(t.field_of("Employee ID"), Some(0));
        assert_eq!(t.field_of("不存在"), None);
    }

    #[test]
    fn no_header_when_too_few_fields_match() {
        let t = AliasTable::new(ROSTER, &BTreeMap::new());
        let rows = vec![(1, vec![s("E001"), s("张三"), s("4500")])];
        assert!(find(&t, &rows, 2).is_none());
    }

    #[test]
    fn missing_column_names_found_columns_and_closest_alias() {
        let t = AliasTable::new(LEAVES, &BTreeMap::new());
        let rows = vec![(1, vec![s("工号"), s("开始日期"), s("结速日期")])];
        let h = find(&t, &rows, 2).expect("header");
        let msg = missing_message(&t, "leaves", 3, &h);
        assert!(
            msg.starts_with("missing column 结束日期 (accepted headers: 结束日期, 结束时间,"),
            "{msg}"
        );
        assert!(
            msg.contains("columns found in row 1: 工号, 开始日期, 结速日期"),
            "{msg}"
        );
        assert!(
            msg.contains("; closest: \"结速日期\" (C) is like \"结束日期\" — rename it"),
            "{msg}"
        );
    }

    #[test]
    fn a_column_is_suggested_only_when_it_really_resembles() {
        for (found, accepted) in [
            ("Context", "坐席"),
            ("Date", "呼叫方向"),
            ("性别", "坐席"),
            ("AcctId", "坐席工号"),
            ("AcctId", "agent id"),
            ("src", "通话时长"),
            ("src", "billsec"),
            ("工作时数", "打卡时间"),
        ] {
            assert!(!resembles(found, accepted), "{found} ~ {accepted}");
        }
        for (found, accepted) in [
            ("结速日期", "结束日期"),
            ("Employe ID", "employee id"),
            ("通话时长合计", "通话时长"),
            ("呼叫方向1", "呼叫方向"),
        ] {
            assert!(resembles(found, accepted), "{found} ~ {accepted}");
        }
    }

    #[test]
    fn headers_with_line_breaks_are_shown_on_one_line() {
        let t = AliasTable::new(LEAVES, &BTreeMap::new());
        let rows = vec![(1, vec![s("工号"), s("开始\n日期"), s("备注\u{7}")])];
        let h = find(&t, &rows, 1).expect("header");
        let msg = missing_message(&t, "leaves", 2, &h);
        assert!(
            msg.contains("columns found in row 1: 工号, 开始 日期, 备注\\u{7}"),
            "{msg}"
        );
    }

    #[test]
    fn controls_and_bidi_are_escaped_and_long_values_cut() {
        for c in [
            '\u{1b}', '\u{85}', '\u{9b}', '\u{202a}', '\u{202e}', '\u{2066}', '\u{2069}', '\u{200f}',
        ] {
            let text = format!("a{c}b");
            let escaped = format!("a{}b", c.escape_unicode());
            assert_eq!(one_line(&text), escaped, "{c:?}");
            assert_eq!(quote(&text), format!("\"{escaped}\""), "{c:?}");
        }
        let long = "长".repeat(500);
        let q = quote(&long);
        assert_eq!(q, format!("\"{}…\" (500 characters)", "长".repeat(200)));
        let l = one_line(&long);
        assert_eq!(l, format!("{}…(500 characters)", "长".repeat(200)));
        assert_eq!(one_line("a\r\nb"), "a b");
        assert_eq!(quote("it's \"x\"\n"), "\"it's \\\"x\\\"\\n\"");
        // Escapes count towards the 200 characters shown.
        let controls = "\u{1b}".repeat(500);
        assert!(
            one_line(&controls).chars().count() < 230,
            "{}",
            one_line(&controls)
        );
        assert!(quote(&controls).chars().count() < 230, "{}", quote(&controls));
    }
}
