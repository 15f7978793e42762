use super::*;

/// The payload of an entry for the records, if one can hold them.
fn encoded(inputs: &[InputSummary], data: &Dataset) -> Option<Vec<u8>> {
    encodable(inputs, data).then(|| {
        let mut payload = Vec::new();
        encode(inputs, data, &mut payload).expect("written to memory");
        payload
    })
}

fn sheet(name: &str, columns: Vec<(&'static str, u32)>) -> Arc<SourceSheet> {
    Arc::new(SourceSheet {
        file: "inputs/打卡.xlsx".into(),
        sheet: name.into(),
        columns,
    })
}

fn at(d: &str, secs: u32, nanos: u32) -> NaiveDateTime {
    let day = NaiveDate::parse_from_str(d, "%Y-%m-%d").expect("date");
    day.and_time(NaiveTime::from_num_seconds_from_midnight_opt(secs, nanos).expect("time"))
}

/// Records of every cached kind, with shared keys and sheets, and every optional
/// part both present and absent.
fn sample() -> (Vec<InputSummary>, Dataset) {
    let punches = sheet("打卡记录", vec![("工号", 0), ("姓名", 1), ("打卡时间", 2)]);
    let calls = sheet("通话记录", vec![("坐席工号", 3), ("开始时间", 4)]);
    let k1 = Arc::new(EmployeeKey {
        id: Some("K001".into()),
        name: Some("张三".into()),
    });
    let k2 = Arc::new(EmployeeKey::by_name("李四"));
    let k3 = Arc::new(EmployeeKey::default());
    let summary = InputSummary {
        kind: "punches".into(),
        file: "inputs/打卡.xlsx".into(),
        sheet: Some("打卡记录".into()),
        format: Some("table".into()),
        header_row: Some(2),
        records: 3,
        date_range: Some((at("2026-11-02", 0, 0).date(), at("2026-11-30", 0, 0).date())),
        unknown_employee_records: 0,
        error: None,
    };
    let bare = InputSummary {
        sheet: None,
        format: None,
        header_row: None,
        date_range: None,
        ..summary.clone()
    };
    let mut d = Dataset::default();
    d.schedule.push(ScheduleEntry {
        employee: k1.clone(),
        date: at("2026-11-02", 0, 0).date(),
        shift: "早班".into(),
        source: Source {
            sheet: punches.clone(),
            row: 2,
        },
    });
    d.punches.push(Punch {
        employee: k1.clone(),
        at: at("2026-11-02", 8 * 3600 + 59 * 60 + 7, 0),
        device: Some("前台 1 号机".into()),
        result: None,
        remark: Some("外勤".into()),
        source: Source {
            sheet: punches.clone(),
            row: 3,
        },
    });
    d.punches.push(Punch {
        employee: k2.clone(),
        at: at("2026-11-30", 86_399, 999_999_999),
        device: None,
        result: Some("正常".into()),
        remark: None,
        source: Source {
            sheet: punches,
            row: 1_048_576,
        },
    });
    d.calls.push(Call {
        call_id: Some(ShortText::new("1700000000.123456-a-very-long-unique-id")),
        agent: k2,
        start: at("2026-11-03", 36_000, 0),
        talk_seconds: 95,
        wait_seconds: Some(12),
        direction: CallDirection::Outbound,
        status: CallStatus::Answered,
        kind: CallKind::Personal,
        caller: Some(ShortText::new("8001")),
        callee: None,
        source: Source {
            sheet: calls.clone(),
            row: 9,
        },
    });
    d.calls.push(Call {
        call_id: None,
        agent: k3,
        start: at("2026-11-03", 36_001, 0),
        talk_seconds: 0,
        wait_seconds: None,
        direction: CallDirection::Inbound,
        status: CallStatus::Abandoned,
        kind: CallKind::Business,
        caller: None,
        callee: Some(ShortText::new("400-800-1234")),
        source: Source {
            sheet: calls,
            row: 10,
        },
    });
    (vec![summary, bare], d)
}

#[test]
fn records_come_back_as_they_were_with_their_keys_and_sheets_shared() {
    let (inputs, data) = sample();
    let payload = encoded(&inputs, &data).expect("these kinds are kept");
    let back = decode(&payload).expect("sound");
    assert_eq!(format!("{:?}", back.inputs), format!("{inputs:?}"));
    assert_eq!(format!("{:?}", back.data), format!("{data:?}"));
    let d = &back.data;
    // One key per person and one sheet per sheet, as the readers share them.
    assert!(Arc::ptr_eq(&d.schedule[0].employee, &d.punches[0].employee));
    assert!(Arc::ptr_eq(&d.punches[1].employee, &d.calls[0].agent));
    assert!(Arc::ptr_eq(
        &d.punches[0].source.sheet,
        &d.punches[1].source.sheet
    ));
    assert!(!Arc::ptr_eq(&d.punches[0].source.sheet, &d.calls[0].source.sheet));
    // Encoding is deterministic: the same records give the same bytes.
    assert_eq!(encoded(&inputs, &data), Some(payload));
}

#[test]
fn only_the_kept_kinds_and_summaries_without_an_error_are_kept() {
    let (inputs, mut data) = sample();
    let mut failed = inputs.clone();
    failed[0].error = Some(crate::i18n::Text::raw("cannot read"));
    assert!(encoded(&failed, &data).is_none());
    data.leaves.push(crate::model::Leave {
        employee: EmployeeKey::by_id("K001"),
        start: at("2026-11-02", 0, 0).date(),
        end: at("2026-11-02", 0, 0).date(),
        kind: None,
        approver: None,
        source: data.punches[0].source.clone(),
    });
    assert!(encoded(&inputs, &data).is_none());
}

#[test]
fn every_cut_or_changed_payload_is_refused_without_panicking() {
    let (inputs, data) = sample();
    let payload = encoded(&inputs, &data).expect("kept");
    for end in 0..payload.len() {
        assert!(decode(&payload[..end]).is_err(), "cut at {end}");
    }
    let mut longer = payload.clone();
    longer.push(0);
    assert!(decode(&longer).is_err());
    // A field name no reader gives cannot be taken back as a `'static` one.
    let (from, to) = ("坐席工号".as_bytes(), "坐席工码".as_bytes());
    let at = payload
        .windows(from.len())
        .position(|w| w == from)
        .expect("the field's name");
    let mut renamed = payload.clone();
    renamed[at..at + to.len()].copy_from_slice(to);
    assert!(decode(&renamed).is_err());
}

#[test]
fn an_entry_opens_only_with_its_key_and_its_own_digest() {
    let (inputs, data) = sample();
    let dir = tempfile::tempdir().expect("temp dir");
    let cache = InputCache {
        dir: dir.path().join(FOLDER),
        salt: [7; 32],
    };
    let (rel, sha) = ("inputs/打卡.xlsx", "ab".repeat(32));
    cache.put(InputKind::Punches, rel, &sha, &inputs, &data);
    let hit = cache.get(InputKind::Punches, rel, &sha).expect("kept");
    assert_eq!(format!("{:?}", hit.data), format!("{data:?}"));
    // Another file's bytes, path, kind or settings find nothing.
    assert!(cache.get(InputKind::Punches, rel, &"cd".repeat(32)).is_none());
    assert!(cache.get(InputKind::Punches, "inputs/other.xlsx", &sha).is_none());
    assert!(cache.get(InputKind::Calls, rel, &sha).is_none());
    let other = InputCache {
        salt: [8; 32],
        ..cache.clone()
    };
    assert!(other.get(InputKind::Punches, rel, &sha).is_none());

    // One changed byte anywhere, or a cut, and the entry is not used.
    let path = cache.entry(InputKind::Punches, rel, &cache.key(InputKind::Punches, rel, &sha));
    let good = std::fs::read(&path).expect("entry");
    for at in [0, 9, 45, 50, good.len() / 2, good.len() - 1] {
        let mut bad = good.clone();
        bad[at] ^= 0x20;
        std::fs::write(&path, &bad).expect("write");
        assert!(cache.get(InputKind::Punches, rel, &sha).is_none(), "byte {at}");
    }
    std::fs::write(&path, &good[..good.len() - 1]).expect("write");
    assert!(cache.get(InputKind::Punches, rel, &sha).is_none());

    // A new entry for the same file replaces the old one; other files' stay.
    cache.put(InputKind::Punches, rel, &sha, &inputs, &data);
    cache.put(InputKind::Punches, "inputs/other.xlsx", &sha, &inputs, &data);
    cache.put(InputKind::Punches, rel, &"cd".repeat(32), &inputs, &data);
    let names: Vec<String> = std::fs::read_dir(&cache.dir)
        .expect("folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(cache.get(InputKind::Punches, rel, &sha).is_none());
    assert!(cache.get(InputKind::Punches, rel, &"cd".repeat(32)).is_some());
    assert!(cache.get(InputKind::Punches, "inputs/other.xlsx", &sha).is_some());
}

#[test]
fn an_entry_larger_than_the_window_is_written_and_read_a_window_at_a_time() {
    let (inputs, one) = sample();
    let mut data = Dataset::default();
    // Enough punches for several windows, with values crossing their edges.
    for i in 0..60_000u32 {
        let mut p = one.punches[i as usize % 2].clone();
        p.source.row = i + 2;
        p.device = Some(format!("考勤机 {i}"));
        data.punches.push(p);
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let cache = InputCache {
        dir: dir.path().join(FOLDER),
        salt: [1; 32],
    };
    let sha = "ef".repeat(32);
    cache.put(InputKind::Punches, "inputs/p.xlsx", &sha, &inputs, &data);
    let path = cache.entry(
        InputKind::Punches,
        "inputs/p.xlsx",
        &cache.key(InputKind::Punches, "inputs/p.xlsx", &sha),
    );
    let size = std::fs::metadata(&path).expect("entry").len();
    assert!(size > 2 * WINDOW as u64, "{size}");
    let back = cache
        .get(InputKind::Punches, "inputs/p.xlsx", &sha)
        .expect("kept");
    assert_eq!(format!("{:?}", back.data), format!("{data:?}"));
    assert_eq!(encoded(&back.inputs, &back.data), encoded(&inputs, &data));
}
