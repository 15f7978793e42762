//! `zhidu send` against a real SMTP server on 127.0.0.1 (`support::smtp`): each
//! employee receives exactly their own notice, encrypted with AES-256 under
//! their own password; the report's readers get its files under Chinese names;
//! nothing is sent twice; a refused recipient fails alone; a corrected notice
//! goes again marked 「更正」; without `--yes` nothing leaves.

use std::collections::BTreeSet;

use mail_parser::MimeHeaders;

use crate::support::pdf::Pdf;
use crate::support::smtp::{Received, SmtpServer};
use crate::support::{run, zhidu_command, Run, TestProject};

const USER: &str = "kefu@example.com";
const PASSWORD: &str = "smtp-secret";
const DEDUCTIONS: &[&str] = &["run", "--report", "deductions", "--period", "2026-11"];
const SEND: &[&str] = &["send", "--date", "2026-11-30"];
const SEND_YES: &[&str] = &["send", "--date", "2026-11-30", "--yes"];
/// The employees docked in November 2026 (one notice each), with their 身份证后六位.
const NOTICES: [(&str, &str); 7] = [
    ("K002", "111785"),
    ("K003", "183154"),
    ("K004", "254520"),
    ("K005", "045898"),
    ("K006", "117264"),
    ("K008", "250009"),
    ("K010", "112743"),
];

/// The default settings with `[mail]` pointing at the test server.
fn config(port: u16, notices: &str) -> String {
    let base = zhidu::config::DEFAULT_CONFIG_TOML;
    let cut = base.find("\n[mail]\n").expect("the default config has [mail]");
    format!(
        "{}\n[mail]\nsmtp_host = \"127.0.0.1\"\nsmtp_port = {port}\nsecurity = \"none\"\n\
         username = \"{USER}\"\nfrom = \"客服部 <{USER}>\"\ntimeout_seconds = 20\n\n\
         [mail.reports]\ndeductions = [\"hr@example.com\"]\n\n[mail.notices]\n{notices}",
        &base[..cut]
    )
}

const NOTICES_ON: &str = "send = true\npassword_column = \"身份证后六位\"\ncontact = \"人事专员 王老师\"\n";

fn project(name: &str, server: &SmtpServer, notices: &str) -> TestProject {
    let p = TestProject::with_config(name, &config(server.port(), notices));
    zhidu::samples::write_all(&p.path("inputs")).expect("sample inputs");
    p
}

/// `zhidu --project … ARGS` with the SMTP password in its environment.
fn zhidu(p: &TestProject, args: &[&str]) -> Run {
    let mut cmd = zhidu_command(p.root(), args);
    cmd.env("ZHIDU_SMTP_PASSWORD", PASSWORD);
    run(cmd)
}

fn to<'a>(got: &'a [Received], address: &str) -> Vec<&'a Received> {
    got.iter().filter(|m| m.to.iter().any(|t| t == address)).collect()
}

/// `(file name, bytes)` of every attachment, names decoded.
fn attachments(m: &Received) -> Vec<(String, Vec<u8>)> {
    let parsed = m.parsed();
    parsed
        .attachments()
        .map(|a| {
            (
                a.attachment_name().unwrap_or_default().to_string(),
                a.contents().to_vec(),
            )
        })
        .collect()
}

fn subject(m: &Received) -> String {
    m.parsed().subject().unwrap_or_default().to_string()
}

fn body(m: &Received) -> String {
    m.parsed()
        .body_text(0)
        .map(|b| b.into_owned())
        .unwrap_or_default()
}

fn delivery_lines(p: &TestProject) -> Vec<serde_json::Value> {
    std::fs::read_to_string(p.path("outputs/deliveries.jsonl"))
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

/// `qpdf` opens the file with the password (giving the original's text) and
/// refuses the other one, and says it is AES-256 (AESv3, revision 6). Skipped with a line when qpdf is not installed,
/// unless `ZHIDU_REQUIRE_QPDF=1` (CI installs it).
fn qpdf_agrees(pdf: &[u8], original: &[u8], password: &str, wrong: &str) {
    let probe = std::process::Command::new("qpdf").arg("--version").output();
    if probe.is_err() {
        assert!(
            std::env::var("ZHIDU_REQUIRE_QPDF").as_deref() != Ok("1"),
            "ZHIDU_REQUIRE_QPDF=1 but qpdf is not on PATH"
        );
        eprintln!("skipped: qpdf is not installed (apt-get install qpdf); lopdf's own check ran");
        return;
    }
    let dir = crate::support::TestDir::new("qpdf");
    let sealed = dir.path().join("notice.pdf");
    std::fs::write(&sealed, pdf).expect("write");
    let qpdf = |args: &[&str]| {
        std::process::Command::new("qpdf")
            .args(args)
            .output()
            .expect("qpdf runs")
    };
    let out = dir.path().join("open.pdf");
    let ok = qpdf(&[
        &format!("--password={password}"),
        "--decrypt",
        sealed.to_str().expect("utf-8"),
        out.to_str().expect("utf-8"),
    ]);
    assert!(
        ok.status.success(),
        "qpdf with the right password: {}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let opened = std::fs::read(&out).expect("qpdf's output");
    assert_eq!(Pdf::parse(&opened).text(), Pdf::parse(original).text());
    let bad = qpdf(&[
        &format!("--password={wrong}"),
        "--decrypt",
        sealed.to_str().expect("utf-8"),
        out.to_str().expect("utf-8"),
    ]);
    assert!(
        !bad.status.success(),
        "qpdf opened it with another employee's password"
    );
    let show = qpdf(&[
        &format!("--password={password}"),
        "--show-encryption",
        sealed.to_str().expect("utf-8"),
    ]);
    let text = String::from_utf8_lossy(&show.stdout);
    assert!(text.contains("R = 6") && text.contains("AESv3"), "{text}");
}

/// The mailed notice is encrypted, opens with `password` (lopdf) and not with
/// `wrong`, and once opened has exactly the pages of the notice in `outputs/`.
fn opens_only_with(sealed: &[u8], original: &[u8], password: &str, wrong: &str) {
    let doc = lopdf::Document::load_mem(sealed).expect("the attachment is a PDF");
    assert!(doc.is_encrypted(), "the mailed notice is encrypted");
    assert!(
        doc.authenticate_user_password(password).is_ok(),
        "opens with its own password"
    );
    assert!(
        doc.authenticate_user_password(wrong).is_err(),
        "not with another's"
    );
    assert!(
        lopdf::Document::load_mem_with_options(sealed, lopdf::LoadOptions::with_password(wrong)).is_err()
    );
    let opened = lopdf::Document::load_mem_with_options(sealed, lopdf::LoadOptions::with_password(password))
        .expect("decrypts");
    let plain = lopdf::Document::load_mem(original).expect("the original");
    let pages = |d: &lopdf::Document| -> Vec<Vec<u8>> {
        d.get_pages().values().map(|id| d.get_page_content(*id)).collect()
    };
    assert_eq!(pages(&opened), pages(&plain));
    qpdf_agrees(sealed, original, password, wrong);
}

#[test]
fn each_employee_gets_only_their_own_notice_encrypted_and_readers_get_the_reports() {
    let server = SmtpServer::start(USER, PASSWORD);
    let p = project("deliver-notices", &server, NOTICES_ON);
    let r = p.zhidu(DEDUCTIONS);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let notices_before = crate::support::all_paths(&p.path("outputs/2026-11/notices"));

    // Without --yes: the plan, and nothing leaves.
    let dry = zhidu(&p, SEND);
    assert_eq!(dry.code, 0, "{}{}", dry.stdout, dry.stderr);
    assert!(dry.stdout.contains("would send 8 message(s)"), "{}", dry.stdout);
    assert!(
        dry.stdout.contains(
            "→ k002@example.com (K002 李明轩, notice, encrypted): 客服部扣款通知单_2026年11月_K002.pdf"
        ),
        "{}",
        dry.stdout
    );
    assert!(
        dry.stdout
            .contains("→ hr@example.com: 客服部月度扣款表_2026年11月.xlsx"),
        "{}",
        dry.stdout
    );
    assert!(
        dry.stdout
            .contains("dry run: nothing was sent; add --yes to send"),
        "{}",
        dry.stdout
    );
    assert!(server.received().is_empty() && server.logins().is_empty());
    assert!(delivery_lines(&p).is_empty());

    let sent = zhidu(&p, SEND_YES);
    assert_eq!(sent.code, 0, "{}{}", sent.stdout, sent.stderr);
    assert!(sent.stdout.contains("sent 8 of 8 message(s)"), "{}", sent.stdout);
    let got = server.received();
    assert_eq!(got.len(), 8);
    assert!(
        got.iter().all(|m| m.from == USER),
        "the envelope sender is mail.from"
    );
    assert!(server
        .logins()
        .iter()
        .all(|l| *l == (USER.to_string(), PASSWORD.to_string())));

    // Each employee: one message, to them alone, carrying their own notice only.
    for (i, (id, password)) in NOTICES.iter().enumerate() {
        let address = format!("{}@example.com", id.to_lowercase());
        let mine = to(&got, &address);
        assert_eq!(mine.len(), 1, "{address}");
        assert_eq!(mine[0].to, vec![address.clone()]);
        let files = attachments(mine[0]);
        assert_eq!(files.len(), 1, "{address}");
        assert_eq!(files[0].0, format!("客服部扣款通知单_2026年11月_{id}.pdf"));
        let original = notices_before
            .iter()
            .find(|n| n.starts_with(&format!("{id}-")))
            .map(|n| std::fs::read(p.path(&format!("outputs/2026-11/notices/{n}"))).expect("notice"))
            .expect("the notice in outputs/");
        let wrong = NOTICES[(i + 1) % NOTICES.len()].1;
        if *id == "K002" {
            opens_only_with(&files[0].1, &original, password, wrong);
        } else {
            let doc = lopdf::Document::load_mem(&files[0].1).expect("PDF");
            assert!(doc.authenticate_user_password(password).is_ok(), "{id}");
            assert!(doc.authenticate_user_password(wrong).is_err(), "{id}");
        }
    }
    let k002 = to(&got, "k002@example.com")[0];
    assert_eq!(subject(k002), "客服部扣款通知单（2026年11月）");
    let text = body(k002);
    assert!(
        text.contains("李明轩，您好") && text.contains("本期扣款合计 ¥1,100.00"),
        "{text}"
    );
    assert!(
        text.contains("「身份证后六位」") && text.contains("人事专员 王老师"),
        "{text}"
    );
    // The raw message is 7-bit: the Chinese file name travels RFC 2231-encoded.
    assert!(k002.data.is_ascii());
    assert!(String::from_utf8_lossy(&k002.data).contains("filename*"));

    // The readers: one message with the sheet and the fund ledger, Chinese names, same bytes.
    let hr = to(&got, "hr@example.com");
    assert_eq!(hr.len(), 1);
    assert_eq!(subject(hr[0]), "客服部月度扣款表（2026年11月）");
    let files = attachments(hr[0]);
    let names: BTreeSet<&str> = files.iter().map(|f| f.0.as_str()).collect();
    assert_eq!(
        names,
        BTreeSet::from([
            "客服部月度扣款表_2026年11月.pdf",
            "客服部月度扣款表_2026年11月.xlsx",
            "客服部部门活动经费台账_2026年11月.pdf",
            "客服部部门活动经费台账_2026年11月.xlsx",
        ])
    );
    let sheet = files
        .iter()
        .find(|f| f.0.ends_with("扣款表_2026年11月.pdf"))
        .expect("sheet");
    assert_eq!(
        sheet.1,
        std::fs::read(p.path("outputs/2026-11/deductions.pdf")).expect("pdf")
    );

    // The originals are untouched; every message is in the log with the file's hash.
    assert_eq!(
        crate::support::all_paths(&p.path("outputs/2026-11/notices")),
        notices_before
    );
    let lines = delivery_lines(&p);
    assert_eq!(lines.len(), 8);
    for l in &lines {
        assert_eq!(l["delivered"], true, "{l}");
        assert!(l["answer"].as_str().unwrap_or("").starts_with("250"), "{l}");
        for f in l["files"].as_array().expect("files") {
            let bytes = std::fs::read(p.path(&format!("outputs/{}", f["path"].as_str().expect("path"))))
                .expect("file");
            assert_eq!(
                f["sha256"].as_str(),
                Some(zhidu::output::sha256_hex(&bytes).as_str())
            );
        }
    }

    // A second send sends nothing, and the log keeps its lines as they were.
    let log_before = std::fs::read(p.path("outputs/deliveries.jsonl")).expect("log");
    let again = zhidu(&p, SEND_YES);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(
        again
            .stdout
            .contains("sent 0 of 0 message(s) (11 file(s) already delivered were not sent again)"),
        "{}",
        again.stdout
    );
    assert_eq!(server.received().len(), 8);
    assert_eq!(
        std::fs::read(p.path("outputs/deliveries.jsonl")).expect("log"),
        log_before
    );

    // The run's page says what went, counting the notices and naming no employee.
    let page = std::fs::read_to_string(p.path("outputs/2026-11-30/index.html")).expect("page");
    assert!(page.contains("扣款通知单：已发送 7 份"), "{page}");
    assert!(page.contains("hr@example.com"));
    assert!(!page.contains("k002@example.com") && !page.contains("notices/"));
}

#[test]
fn a_refused_recipient_fails_alone_names_itself_and_is_sent_on_the_next_try() {
    let server = SmtpServer::start(USER, PASSWORD);
    let p = project("deliver-refused", &server, NOTICES_ON);
    assert_eq!(p.zhidu(DEDUCTIONS).code, 0);
    server.refuse("k003@example.com");
    let r = zhidu(&p, SEND_YES);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("sent 7 of 8 message(s)"), "{}", r.stdout);
    assert!(r.stderr.contains("1 message(s) failed:"), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("k003@example.com (K003 张雨桐, notice, encrypted)"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("550"), "{}", r.stderr);
    let got = server.received();
    assert_eq!(got.len(), 7);
    assert!(to(&got, "k003@example.com").is_empty());
    assert_eq!(
        to(&got, "k004@example.com").len(),
        1,
        "the one after K003 still went"
    );
    let lines = delivery_lines(&p);
    let failed: Vec<_> = lines.iter().filter(|l| l["delivered"] == false).collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0]["recipient"], "k003@example.com");

    // The server takes K003 again: the retry sends K003's notice and nothing else.
    server.accept_all();
    let r = zhidu(&p, SEND_YES);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("sent 1 of 1 message(s)"), "{}", r.stdout);
    let got = server.received();
    assert_eq!(got.len(), 8);
    assert_eq!(got[7].to, vec!["k003@example.com".to_string()]);
    assert!(!subject(&got[7]).contains("更正"), "a retry is not a correction");
}

#[test]
fn a_corrected_notice_goes_again_marked_as_a_correction() {
    let server = SmtpServer::start(USER, PASSWORD);
    let p = project("deliver-correction", &server, NOTICES_ON);
    assert_eq!(p.zhidu(DEDUCTIONS).code, 0);
    assert_eq!(zhidu(&p, SEND_YES).code, 0);
    assert_eq!(server.received().len(), 8);
    // The late rate was wrong: 6% instead of 5%. Every notice with a late
    // arrival at the high rate changes, and the sheet with them.
    let text = std::fs::read_to_string(p.path("zhidu.toml")).expect("config");
    p.write(
        "zhidu.toml",
        text.replace("late_rate_high = 5 ", "late_rate_high = 6 "),
    );
    assert_eq!(p.zhidu(DEDUCTIONS).code, 0);
    let r = zhidu(&p, SEND_YES);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let got = server.received();
    let again: Vec<&Received> = got[8..].iter().collect();
    let k002 = to(&got[8..], "k002@example.com");
    assert_eq!(k002.len(), 1, "K002's notice changed: sent again");
    assert_eq!(subject(k002[0]), "【更正】客服部扣款通知单（2026年11月）");
    assert!(body(k002[0]).contains("本通知更正此前发送的同期扣款通知单"));
    let hr = to(&got[8..], "hr@example.com");
    assert_eq!(hr.len(), 1);
    assert!(subject(hr[0]).starts_with("【更正】"));
    // Notices that did not change are not sent again.
    assert!(again.len() < 8, "{} messages", again.len());
}

#[test]
fn run_with_send_sends_and_problems_are_named_before_anything_leaves() {
    let server = SmtpServer::start(USER, PASSWORD);
    // A password column the roster does not have: no notice can be encrypted, each is listed.
    let p = project(
        "deliver-run-send",
        &server,
        "send = true\npassword_column = \"工资卡密码\"\n",
    );
    let mut args = DEDUCTIONS.to_vec();
    args.extend(["--send", "--yes"]);
    let r = zhidu(&p, &args);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("sent 1 of 1 message(s)"), "{}", r.stdout);
    assert!(
        r.stderr.contains("not sent: K002 李明轩: no password in the roster's column 工资卡密码 (mail.notices.password_column)"),
        "{}",
        r.stderr
    );
    assert_eq!(server.received().len(), 1);
    assert_eq!(server.received()[0].to, vec!["hr@example.com".to_string()]);

    // The password only ever comes from the environment.
    let missing = p.zhidu(&["send", "--report", "deductions", "--period", "2026-11", "--yes"]);
    assert_eq!(missing.code, 1, "{}", missing.stderr);
    assert!(
        missing.stderr.contains("ZHIDU_SMTP_PASSWORD"),
        "{}",
        missing.stderr
    );

    // Unencrypted mail leaves this machine for nobody.
    let text = std::fs::read_to_string(p.path("zhidu.toml")).expect("config");
    p.write(
        "zhidu.toml",
        text.replace("smtp_host = \"127.0.0.1\"", "smtp_host = \"smtp.example.com\""),
    );
    let refused = zhidu(&p, SEND);
    assert_eq!(refused.code, 1, "{}", refused.stderr);
    assert!(
        refused.stderr.contains("mail.security = \"none\""),
        "{}",
        refused.stderr
    );
    assert_eq!(server.received().len(), 1);
}
