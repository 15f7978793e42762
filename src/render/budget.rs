//! A budget per document: a template renders at most [`RenderBudget::bytes`] of
//! markup and runs at most [`RenderBudget::time`], so a loop without end in a
//! project's template stops with an error naming the template instead of filling
//! the memory or running for ever. The markup goes to a writer that refuses
//! bytes past the limit; the template runs on a template thread (one per calling
//! thread, kept from document to document) that the caller stops waiting for
//! when the time is up (that thread is then left to end with the process, and
//! the next document gets a new one).

use std::cell::RefCell;
use std::io::Write;
use std::sync::{mpsc, Arc};
use std::time::Duration;

use crate::error::UserError;

/// The limits of one document's template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RenderBudget {
    /// The most markup one document renders to.
    pub bytes: usize,
    /// The longest one document's template may run.
    pub time: Duration,
}

impl Default for RenderBudget {
    /// 64 MiB of markup and 60 s: far beyond any real document (the largest
    /// month's deduction sheet for 1,000 employees is a few MiB and a second).
    fn default() -> RenderBudget {
        RenderBudget {
            bytes: 64 << 20,
            time: Duration::from_secs(60),
        }
    }
}

/// Markup collected up to a limit; a write past it fails and is remembered.
struct Bounded {
    buf: Vec<u8>,
    limit: usize,
    over: bool,
}

impl Write for Bounded {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if self.buf.len().saturating_add(bytes.len()) > self.limit {
            self.over = true;
            return Err(std::io::Error::other(crate::msg!("render.budget_spent")));
        }
        self.buf.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A template rendering, run on a template thread.
type TemplateJob = Box<dyn FnOnce() + Send>;

thread_local! {
    /// The template thread of the calling thread: started with its first
    /// document and kept for the next ones (a thread per document costs more than
    /// a small document), given up when a document overruns its time.
    static TEMPLATE_THREAD: RefCell<Option<mpsc::Sender<TemplateJob>>> = const { RefCell::new(None) };
}

/// Run `job` on the calling thread's template thread, starting one if it has
/// none (or its last one ended).
fn on_template_thread(job: TemplateJob) -> std::io::Result<()> {
    TEMPLATE_THREAD.with(|t| {
        let mut t = t.borrow_mut();
        let job = match t.as_ref() {
            Some(jobs) => match jobs.send(job) {
                Ok(()) => return Ok(()),
                Err(mpsc::SendError(job)) => job,
            },
            None => job,
        };
        let (jobs, queue) = mpsc::channel::<TemplateJob>();
        std::thread::Builder::new()
            .name("templates".into())
            .spawn(move || queue.into_iter().for_each(|job| job()))?;
        jobs.send(job)
            .map_err(|_| std::io::Error::other(crate::msg!("render.template_thread_ended")))?;
        *t = Some(jobs);
        Ok(())
    })
}

/// Render `template` with `context` within `budget`; `message` turns a Tera
/// error into text.
pub(super) fn render(
    tera: &Arc<tera::Tera>,
    template: &str,
    context: tera::Context,
    budget: RenderBudget,
    message: fn(&tera::Error) -> String,
) -> anyhow::Result<String> {
    let (tx, rx) = mpsc::sync_channel(1);
    let tera = Arc::clone(tera);
    let name = template.to_string();
    on_template_thread(Box::new(move || {
        let mut out = Bounded {
            buf: Vec::new(),
            limit: budget.bytes,
            over: false,
        };
        let result = tera.render_to(&name, &context, &mut out);
        let _ = tx.send((result, out));
    }))?;
    let mib = budget.bytes >> 20;
    let received = rx.recv_timeout(budget.time);
    if received.is_err() {
        // Still running (or gone): the next document gets a thread of its own.
        TEMPLATE_THREAD.with(|t| *t.borrow_mut() = None);
    }
    match received {
        // Copied to its length: the buffer doubled as it grew, and a long document's
        // markup is held while its tree is built.
        Ok((Ok(()), out)) => String::from_utf8(out.buf.as_slice().to_vec())
            .map_err(|_| crate::msg!("render.markup_not_utf8", template = template).into()),
        Ok((Err(_), out)) if out.over => Err(UserError::other(crate::msg!(
            "render.markup_too_big",
            template = template,
            mib = mib
        ))
        .into()),
        Ok((Err(e), _)) => Err(UserError::other(crate::msg!(
            "render.template_failed",
            template = template,
            error = message(&e)
        ))
        .into()),
        Err(mpsc::RecvTimeoutError::Timeout) => {
            let ms = budget.time.as_millis();
            let time = if ms.is_multiple_of(1000) {
                format!("{} s", ms / 1000)
            } else {
                format!("{ms} ms")
            };
            Err(UserError::other(crate::msg!(
                "render.markup_too_slow",
                template = template,
                time = time
            ))
            .into())
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            Err(crate::msg!("render.renderer_stopped", template = template).into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Renderer;

    const LOOP: &str = "<document><sheet name=\"a\">{% for i in range(end=100000) %}{% for j in range(end=100000) %}{{ inner }}{% endfor %}{% endfor %}</sheet></document>";

    #[test]
    fn a_loop_without_end_is_stopped_by_the_budget_naming_the_template() {
        let budget = RenderBudget {
            bytes: 1 << 20,
            time: Duration::from_millis(300),
        };
        let r = Renderer::from_templates(&[("endless.xml", LOOP)])
            .expect("renderer")
            .with_budget(budget);
        // Writing: stopped at 1 MiB of markup.
        let ctx = serde_json::json!({"inner": "<p>x</p>"});
        let err = r.markup("endless.xml", &ctx).expect_err("too much markup");
        assert!(
            err.to_string()
                .starts_with("template endless.xml: one document rendered more than 1 MiB"),
            "{err}"
        );
        // Writing nothing: stopped after the time.
        let started = std::time::Instant::now();
        let err = r
            .markup("endless.xml", &serde_json::json!({"inner": ""}))
            .expect_err("too long");
        assert!(started.elapsed() < Duration::from_secs(5));
        assert!(err.to_string().contains("ran for more than 300 ms"), "{err}");
        // A document within the budget renders as before.
        assert_eq!(
            r.markup("notice.xml", &serde_json::json!({})).is_err(),
            Renderer::from_templates(&[])
                .expect("r")
                .markup("notice.xml", &serde_json::json!({}))
                .is_err()
        );
    }
}
