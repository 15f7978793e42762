//! The page of a run (`outputs/<run-date>/index.html`) and the list of runs
//! (`outputs/index.html`): every link resolves to a file that exists, notices
//! are counted and never linked, nothing outside the page is loaded; and in
//! headless Chromium (when installed; `ZHIDU_REQUIRE_BROWSER=1` makes it
//! required) both render from the file system and from a static web server on
//! 127.0.0.1 without a console message, and a screenshot is taken.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{TestDir, TestProject};

/// A sample project with two run dates: 2026-11-25 (weekly, monthly, csat) and
/// 2026-12-01 (deductions with its notices, slips).
fn two_runs(name: &str) -> TestProject {
    let p = TestProject::sample(name);
    for date in ["2026-11-25", "2026-12-01"] {
        let r = p.zhidu(&["run", "--date", date]);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    p
}

/// Every `href="…"` and `src="…"` of a page, as written.
fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let end = rest.find('"').expect("a closing quote");
            out.push(rest[..end].to_string());
            rest = &rest[end..];
        }
    }
    out
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).expect("hex");
            out.push(u8::from_str_radix(hex, 16).expect("a %XX escape"));
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("UTF-8 path")
}

/// Each link of the page at `page` resolved against its folder; `data:` URIs
/// (the empty icon) are the only other kind allowed.
fn link_targets(page: &Path, html: &str) -> Vec<PathBuf> {
    let dir = page.parent().expect("folder");
    links(html)
        .into_iter()
        .filter(|l| !l.starts_with("data:"))
        .map(|l| {
            assert!(
                !l.contains("://") && !l.starts_with('/'),
                "{}: a link that leaves the output folder: {l}",
                page.display()
            );
            dir.join(percent_decode(&l))
        })
        .collect()
}

#[test]
fn every_link_resolves_notices_are_counted_not_linked_and_runs_are_newest_first() {
    let p = two_runs("page-links");
    let out = p.path("outputs");
    for page in [
        out.join("2026-11-25/index.html"),
        out.join("2026-12-01/index.html"),
        out.join("index.html"),
    ] {
        let html = std::fs::read_to_string(&page).expect("the page exists");
        assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<html lang=\"zh-CN\">"));
        assert!(
            !html.contains("<script") && !html.contains("stylesheet"),
            "self-contained"
        );
        let targets = link_targets(&page, &html);
        assert!(!targets.is_empty());
        for t in targets {
            assert!(
                t.is_file(),
                "{}: the link to {} resolves to nothing",
                page.display(),
                t.display()
            );
        }
    }
    let day = std::fs::read_to_string(out.join("2026-12-01/index.html")).expect("page");
    for text in [
        "月度扣款表",
        "2026年11月",
        "已生成",
        "扣款合计",
        "¥2,388.52",
        "扣款通知单 7 份",
        "未完成联系单",
        "输入问题",
        "发送情况",
        "zhidu run --date 2026-12-01",
    ] {
        assert!(day.contains(text), "{text}\n{day}");
    }
    assert!(
        !day.contains("notices/") && !day.contains("李明轩"),
        "no notice, no employee is named"
    );
    assert!(
        day.contains("href=\"../2026-11/deductions.xlsx\"")
            && day.contains("href=\"../2026-11/deductions.pdf\"")
    );
    let week = std::fs::read_to_string(out.join("2026-11-25/index.html")).expect("page");
    for text in ["周报表", "接通率", "服务水平", "满意度", "客户满意度月度报表"] {
        assert!(week.contains(text), "{text}");
    }
    let index = std::fs::read_to_string(out.join("index.html")).expect("index");
    let (newer, older) = (
        index.find("2026-12-01/index.html"),
        index.find("2026-11-25/index.html"),
    );
    assert!(
        newer.is_some() && older.is_some() && newer < older,
        "newest first\n{index}"
    );
}

/// Chromium, if it is on PATH; otherwise a skip line (or a failure when
/// `ZHIDU_REQUIRE_BROWSER=1`).
fn chromium() -> Option<String> {
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        if Command::new(name)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok()
        {
            return Some(name.to_string());
        }
    }
    assert!(
        std::env::var("ZHIDU_REQUIRE_BROWSER").as_deref() != Ok("1"),
        "ZHIDU_REQUIRE_BROWSER=1 but no chromium on PATH (apt-get install chromium)"
    );
    eprintln!(
        "skipped: chromium is not installed (apt-get install chromium); the links were checked without it"
    );
    None
}

/// Run headless Chromium on `url` with `mode` (`--dump-dom` or
/// `--screenshot=…`), at most 90 s; returns (stdout, stderr).
fn headless(browser: &str, profile: &Path, mode: &str, url: &str) -> (String, String) {
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
            "--window-size=1000,1400",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(mode)
        .arg(url)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("chromium starts");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut stderr = child.stderr.take().expect("stderr");
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stdout.read_to_string(&mut s);
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            let (o, e) = (out.join().expect("stdout"), err.join().expect("stderr"));
            assert!(status.success(), "chromium failed on {url}: {e}");
            return (o, e);
        }
        if start.elapsed() > Duration::from_secs(90) {
            let _ = child.kill();
            panic!("chromium did not finish {url} within 90 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Console messages in Chromium's log (`…:CONSOLE(…)] "…"`): a page without
/// script that loads everything it names has none.
fn console_messages(log: &str) -> Vec<&str> {
    log.lines().filter(|l| l.contains(":CONSOLE")).collect()
}

/// A static web server for `root` on 127.0.0.1 (GET only, 404 for what is not a
/// file), as any web server would serve the output folder.
fn serve(root: PathBuf) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let port = listener.local_addr().expect("address").port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            std::thread::spawn(move || answer(stream, &root));
        }
    });
    port
}

fn answer(mut stream: TcpStream, root: &Path) {
    let mut line = String::new();
    if BufReader::new(&stream).read_line(&mut line).is_err() {
        return;
    }
    let path = line.split_whitespace().nth(1).unwrap_or("/");
    let rel = percent_decode(path.split('?').next().unwrap_or("/").trim_start_matches('/'));
    let file = root.join(if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel
    });
    let (status, body) = match std::fs::read(&file) {
        Ok(b) if !file.components().any(|c| c.as_os_str() == "..") => ("200 OK", b),
        _ => ("404 Not Found", b"not found".to_vec()),
    };
    let kind = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("pdf") => "application/pdf",
        _ => "application/octet-stream",
    };
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(&body);
}

/// The status line of `GET path` from the server on `port`.
fn get(port: u16, path: &str) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .expect("request");
    let mut status = String::new();
    BufReader::new(s).read_line(&mut status).expect("status");
    status.trim().to_string()
}

#[test]
fn chromium_renders_the_pages_from_files_and_a_web_server_without_console_messages() {
    let Some(browser) = chromium() else {
        return;
    };
    let p = two_runs("page-chromium");
    let out = p.path("outputs");
    let scratch = TestDir::new("chromium");
    let port = serve(out.clone());
    for (n, rel) in ["2026-12-01/index.html", "2026-11-25/index.html", "index.html"]
        .iter()
        .enumerate()
    {
        let profile = scratch.path().join(format!("profile-{n}"));
        // From the file system: the browser's own DOM, and its links.
        let url = format!("file://{}", out.join(rel).display());
        let (dom, log) = headless(&browser, &profile, "--dump-dom", &url);
        assert!(
            console_messages(&log).is_empty(),
            "{rel}: {:?}",
            console_messages(&log)
        );
        assert!(dom.contains("</main>"), "{rel}: rendered\n{dom}");
        for t in link_targets(&out.join(rel), &dom) {
            assert!(t.is_file(), "{rel}: {} does not exist", t.display());
        }
        // From a web server: every link answers 200.
        let (dom, log) = headless(
            &browser,
            &profile,
            "--dump-dom",
            &format!("http://127.0.0.1:{port}/{rel}"),
        );
        assert!(
            console_messages(&log).is_empty(),
            "{rel} over http: {:?}",
            console_messages(&log)
        );
        let base = Path::new("/").join(rel);
        for l in links(&dom).into_iter().filter(|l| !l.starts_with("data:")) {
            // Resolved as a browser resolves it: `..` climbs a folder.
            let mut parts: Vec<String> = Vec::new();
            for c in base.parent().expect("folder").join(&l).components() {
                match c {
                    std::path::Component::ParentDir => {
                        parts.pop();
                    }
                    std::path::Component::Normal(x) => parts.push(x.to_string_lossy().into_owned()),
                    _ => {}
                }
            }
            let status = get(port, &format!("/{}", parts.join("/")));
            assert!(status.ends_with("200 OK"), "{rel}: {l} → {status}");
        }
        // A screenshot of the page, as a person would see it.
        let png = scratch.path().join(format!("page-{n}.png"));
        headless(
            &browser,
            &profile,
            &format!("--screenshot={}", png.display()),
            &url,
        );
        let bytes = std::fs::read(&png).expect("a screenshot");
        assert!(
            bytes.starts_with(b"\x89PNG") && bytes.len() > 10_000,
            "{rel}: {} bytes",
            bytes.len()
        );
    }
}
