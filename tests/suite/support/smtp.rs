//! A real SMTP server for the delivery tests, inside the test process: a TCP
//! listener on 127.0.0.1 (a free port) whose every connection is served by
//! `mailin`'s SMTP state machine on its own thread. It accepts AUTH PLAIN and
//! LOGIN for one user, refuses the recipients it is told to (550 at RCPT TO),
//! and keeps every message it accepts, as received.

use std::io::{BufRead, BufReader, Write};
use std::net::{IpAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use mailin::{response, AuthMechanism, Handler, Response, SessionBuilder};

/// One message the server accepted.
#[derive(Debug, Clone)]
pub struct Received {
    /// The envelope sender.
    pub from: String,
    /// The envelope recipients, in lower case.
    pub to: Vec<String>,
    /// The message as sent (headers and body, CRLF line ends).
    pub data: Vec<u8>,
}

impl Received {
    /// The message parsed as MIME.
    pub fn parsed(&self) -> mail_parser::Message<'_> {
        mail_parser::MessageParser::default()
            .parse(&self.data)
            .expect("a MIME message")
    }
}

#[derive(Default)]
struct Shared {
    received: Mutex<Vec<Received>>,
    refused: Mutex<Vec<String>>,
    logins: Mutex<Vec<(String, String)>>,
    stop: AtomicBool,
}

/// The server; stopped when dropped.
pub struct SmtpServer {
    port: u16,
    shared: Arc<Shared>,
}

struct Session {
    shared: Arc<Shared>,
    user: String,
    password: String,
    current: Option<Received>,
}

fn bare(address: &str) -> String {
    address
        .trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .to_lowercase()
}

impl Handler for Session {
    fn rcpt(&mut self, to: &str) -> Response {
        let refused = self.shared.refused.lock().expect("lock");
        if refused.contains(&bare(to)) {
            response::NO_MAILBOX
        } else {
            response::OK
        }
    }

    fn data_start(&mut self, _domain: &str, from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.current = Some(Received {
            from: bare(from),
            to: to.iter().map(|t| bare(t)).collect(),
            data: Vec::new(),
        });
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        if let Some(m) = self.current.as_mut() {
            m.data.extend_from_slice(buf);
        }
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        if let Some(m) = self.current.take() {
            self.shared.received.lock().expect("lock").push(m);
        }
        response::OK
    }

    fn auth_plain(&mut self, _authz: &str, user: &str, password: &str) -> Response {
        self.auth_login(user, password)
    }

    fn auth_login(&mut self, user: &str, password: &str) -> Response {
        self.shared
            .logins
            .lock()
            .expect("lock")
            .push((user.to_string(), password.to_string()));
        if user == self.user && password == self.password {
            response::AUTH_OK
        } else {
            response::INVALID_CREDENTIALS
        }
    }
}

fn serve(stream: TcpStream, builder: SessionBuilder, handler: Session) {
    let remote = stream
        .peer_addr()
        .map_or(IpAddr::from([127, 0, 0, 1]), |a| a.ip());
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let Ok(mut writer) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(stream);
    let mut session = builder.build(remote, handler);
    if session.greeting().write_to(&mut writer).is_err() {
        return;
    }
    let mut line = Vec::new();
    loop {
        line.clear();
        match reader.read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let res = session.process(&line);
        let close = matches!(res.action, mailin::Action::Close);
        if matches!(res.action, mailin::Action::Reply | mailin::Action::Close)
            && (res.write_to(&mut writer).is_err() || writer.flush().is_err())
        {
            return;
        }
        if close {
            return;
        }
    }
}

impl SmtpServer {
    /// Start a server on 127.0.0.1 that lets `user` log in with `password`.
    pub fn start(user: &str, password: &str) -> SmtpServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free port on 127.0.0.1");
        let port = listener.local_addr().expect("address").port();
        let shared = Arc::new(Shared::default());
        let mut builder = SessionBuilder::new("smtp.test");
        builder
            .enable_auth(AuthMechanism::Plain)
            .enable_auth(AuthMechanism::Login)
            .insecure_enable_plaintext_auth();
        let (user, password) = (user.to_string(), password.to_string());
        let state = Arc::clone(&shared);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if state.stop.load(Ordering::SeqCst) {
                    return;
                }
                let Ok(stream) = stream else { continue };
                let handler = Session {
                    shared: Arc::clone(&state),
                    user: user.clone(),
                    password: password.clone(),
                    current: None,
                };
                let builder = builder.clone();
                std::thread::spawn(move || serve(stream, builder, handler));
            }
        });
        SmtpServer { port, shared }
    }

    /// Its port on 127.0.0.1.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Refuse `address` at RCPT TO from now on (550).
    pub fn refuse(&self, address: &str) {
        self.shared.refused.lock().expect("lock").push(bare(address));
    }

    /// Accept every recipient again.
    pub fn accept_all(&self) {
        self.shared.refused.lock().expect("lock").clear();
    }

    /// Every message accepted so far, in order.
    pub fn received(&self) -> Vec<Received> {
        self.shared.received.lock().expect("lock").clone()
    }

    /// Every login tried: (user, password).
    pub fn logins(&self) -> Vec<(String, String)> {
        self.shared.logins.lock().expect("lock").clone()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        // Wake the accepting thread so it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}
