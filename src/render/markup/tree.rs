//! The markup tree: rendered markup (XML) → elements with their attributes, text
//! and line numbers; [`MarkupError`], and the attribute checks every element uses.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::i18n::Text;
use crate::render::model::{cut_text, Align, MAX_TEXT_UNITS};

/// A markup error: template, markup line, element and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkupError {
    /// The template name.
    pub template: String,
    /// 1-based line of the rendered markup.
    pub line: usize,
    /// The element (`td`, `table`…), empty when the XML itself is broken.
    pub element: String,
    /// What is wrong.
    pub message: Text,
}

impl MarkupError {
    /// The error as a message: `template T: markup line N: <el>: what is wrong`.
    pub fn text(&self) -> Text {
        if self.element.is_empty() {
            crate::msg!(
                "render.markup_error",
                template = &self.template,
                line = self.line,
                message = &self.message
            )
        } else {
            crate::msg!(
                "render.markup_error_at",
                template = &self.template,
                line = self.line,
                element = &self.element,
                message = &self.message
            )
        }
    }
}

impl std::fmt::Display for MarkupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.text().fmt(f)
    }
}

impl std::error::Error for MarkupError {}

/// A child of an element: an element or a piece of text.
#[derive(Debug)]
pub(super) enum Node {
    /// Boxed: a node is the size of a text's `String`, so a long table's
    /// children lists stay small.
    El(Box<El>),
    Text(String),
}

/// An element: name, attributes in order, children, and the line it starts on.
#[derive(Debug)]
pub(super) struct El {
    pub(super) name: String,
    pub(super) attrs: Vec<(String, String)>,
    pub(super) children: Vec<Node>,
    pub(super) line: usize,
}

/// What every element check needs: the template name for the errors.
pub(super) struct Ctx<'a> {
    pub(super) template: &'a str,
}

impl Ctx<'_> {
    /// An error about `el`.
    pub(super) fn err(&self, el: &El, message: impl Into<Text>) -> MarkupError {
        MarkupError {
            template: self.template.to_string(),
            line: el.line,
            element: el.name.clone(),
            message: message.into(),
        }
    }

    /// Check that `el` only carries attributes from `allowed`.
    pub(super) fn check_attrs(&self, el: &El, allowed: &[&str]) -> Result<(), MarkupError> {
        for (k, _) in &el.attrs {
            if !allowed.contains(&k.as_str()) {
                let list = if allowed.is_empty() {
                    crate::msg!("render.no_attributes").to_string()
                } else {
                    allowed.join(", ")
                };
                return Err(self.err(
                    el,
                    crate::msg!("render.unknown_attribute", attribute = k, list = list),
                ));
            }
        }
        Ok(())
    }

    /// A true/false attribute (also 1/0, yes/no).
    pub(super) fn bool_attr(&self, el: &El, key: &str, default: bool) -> Result<bool, MarkupError> {
        match el.attr(key) {
            None => Ok(default),
            Some("true" | "1" | "yes") => Ok(true),
            Some("false" | "0" | "no") => Ok(false),
            Some(v) => Err(self.err(el, crate::msg!("render.not_bool", key = key, value = v))),
        }
    }

    /// A whole-number attribute of at least `min`.
    pub(super) fn uint_attr(&self, el: &El, key: &str, default: u32, min: u32) -> Result<u32, MarkupError> {
        match el.attr(key) {
            None => Ok(default),
            Some(v) => match v.trim().parse::<u32>() {
                Ok(n) if n >= min => Ok(n),
                _ => Err(self.err(
                    el,
                    crate::msg!("render.not_whole_number", key = key, value = v, min = min),
                )),
            },
        }
    }

    /// Check that `el` holds neither elements nor text.
    pub(super) fn no_children(&self, el: &El) -> Result<(), MarkupError> {
        for c in &el.children {
            match c {
                Node::El(e) => {
                    return Err(self.err(e, crate::msg!("render.not_allowed_inside", parent = &el.name)))
                }
                Node::Text(t) if !t.trim().is_empty() => {
                    return Err(self.err(
                        el,
                        crate::msg!("render.takes_no_text", found = format!("{:?}", t.trim())),
                    ))
                }
                Node::Text(_) => {}
            }
        }
        Ok(())
    }

    /// The `align` attribute (auto when absent).
    pub(super) fn align(&self, el: &El) -> Result<Align, MarkupError> {
        match el.attr("align") {
            None => Ok(Align::Auto),
            Some("left") => Ok(Align::Left),
            Some("center") => Ok(Align::Center),
            Some("right") => Ok(Align::Right),
            Some(v) => Err(self.err(el, crate::msg!("render.not_align", value = v))),
        }
    }
}

impl El {
    /// An element with no attributes or children.
    fn empty(name: String, line: usize) -> El {
        El {
            name,
            attrs: vec![],
            children: vec![],
            line,
        }
    }

    /// The value of attribute `key`.
    pub(super) fn attr(&self, key: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// All text inside (elements not allowed), whitespace collapsed.
    pub(super) fn text(&self) -> String {
        let mut s = String::new();
        for c in &self.children {
            if let Node::Text(t) = c {
                s.push_str(t);
            }
        }
        collapse(&s)
    }

    /// The child elements.
    pub(super) fn elements(&self) -> impl Iterator<Item = &El> {
        self.children.iter().filter_map(|c| match c {
            Node::El(e) => Some(&**e),
            Node::Text(_) => None,
        })
    }
}

/// Collapse runs of XML whitespace to one space and trim; text past the
/// document's limit ([`MAX_TEXT_UNITS`]) is cut with "…".
pub(super) fn collapse(s: &str) -> String {
    let out = collapse_whitespace(s);
    match cut_text(&out, MAX_TEXT_UNITS) {
        std::borrow::Cow::Borrowed(_) => out,
        std::borrow::Cow::Owned(cut) => cut,
    }
}

fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for ch in s.chars() {
        if matches!(ch, ' ' | '\t' | '\n' | '\r') {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(ch);
        }
    }
    out
}

/// Lines of the rendered markup, for the positions in errors.
struct Lines<'a> {
    template: &'a str,
    /// Byte offset of every `\n`, found once per parse, so a long table's thousands
    /// of elements cost a binary search each.
    newlines: Vec<usize>,
}

impl Lines<'_> {
    /// The 1-based line of a byte offset.
    fn at(&self, pos: usize) -> usize {
        self.newlines.partition_point(|&nl| nl < pos) + 1
    }

    /// A broken-XML error at byte offset `pos`.
    fn xml_err(&self, pos: u64, msg: Text) -> MarkupError {
        MarkupError {
            template: self.template.to_string(),
            line: self.at(pos as usize),
            element: String::new(),
            message: crate::msg!("render.not_xml", error = msg),
        }
    }
}

/// Parse rendered markup into a tree; its one top-level element is returned.
pub(super) fn parse_tree(template: &str, src: &str) -> Result<El, MarkupError> {
    let lines = Lines {
        template,
        newlines: src
            .bytes()
            .enumerate()
            .filter(|(_, b)| *b == b'\n')
            .map(|(i, _)| i)
            .collect(),
    };
    let root = read_elements(&lines, src)?;
    top_element(template, root)
}

/// Read every XML event into a tree under a nameless root.
fn read_elements(lines: &Lines, src: &str) -> Result<El, MarkupError> {
    let mut reader = Reader::from_str(src);
    let mut stack: Vec<El> = vec![El::empty(String::new(), 1)];
    loop {
        let start = reader.buffer_position();
        let ev = reader
            .read_event()
            .map_err(|e| lines.xml_err(reader.error_position(), Text::raw(e.to_string())))?;
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let line = lines.at(start as usize + leading_ws(&src[start as usize..]));
                let el = open_element(lines, e, start, line)?;
                if matches!(ev, Event::Empty(_)) {
                    if let Some(top) = stack.last_mut() {
                        top.children.push(Node::El(Box::new(el)));
                    }
                } else {
                    stack.push(el);
                }
            }
            Event::End(_) if stack.len() > 1 => {
                if let Some(mut el) = stack.pop() {
                    fit(&mut el.children);
                    if let Some(top) = stack.last_mut() {
                        top.children.push(Node::El(Box::new(el)));
                    }
                }
            }
            Event::Text(t) => {
                let s = t.xml10_content().into_owned();
                push_text(&mut stack, &s);
            }
            Event::CData(t) => {
                let s = t.as_ref().to_string();
                push_text(&mut stack, &s);
            }
            Event::GeneralRef(r) => {
                let s = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => {
                        let name = r.xml10_content().into_owned();
                        match quick_xml::escape::resolve_predefined_entity(&name) {
                            Some(v) => v.to_string(),
                            None => {
                                return Err(
                                    lines.xml_err(start, crate::msg!("render.unknown_entity", name = &name))
                                )
                            }
                        }
                    }
                };
                push_text(&mut stack, &s);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if stack.len() > 1 {
        let el = &stack[stack.len() - 1];
        return Err(MarkupError {
            template: lines.template.to_string(),
            line: el.line,
            element: el.name.clone(),
            message: crate::msg!("render.never_closed"),
        });
    }
    Ok(stack.pop().unwrap_or(El::empty(String::new(), 1)))
}

/// A new element from its start tag at byte offset `start`, with its attributes.
fn open_element(lines: &Lines, e: &BytesStart, start: u64, line: usize) -> Result<El, MarkupError> {
    let mut el = El::empty(e.name().as_ref().to_string(), line);
    // Sized to the tag's attributes: a long table's tree holds every cell's.
    el.attrs.reserve_exact(e.attributes().count());
    for a in e.attributes() {
        let a = a.map_err(|er| lines.xml_err(start, Text::raw(er.to_string())))?;
        let key = a.key.as_ref().to_string();
        let val = a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|er| lines.xml_err(start, Text::raw(er.to_string())))?
            .into_owned();
        el.attrs.push((key, val));
    }
    Ok(el)
}

/// The one element at the top of the markup (only whitespace may surround it).
fn top_element(template: &str, mut root: El) -> Result<El, MarkupError> {
    let mut docs: Vec<El> = Vec::new();
    for c in root.children.drain(..) {
        match c {
            Node::El(e) => docs.push(*e),
            Node::Text(t) if t.trim().is_empty() => {}
            Node::Text(t) => {
                return Err(MarkupError {
                    template: template.to_string(),
                    line: 1,
                    element: String::new(),
                    message: crate::msg!("render.text_outside_document", found = format!("{:?}", t.trim())),
                })
            }
        }
    }
    match docs.len() {
        1 => Ok(docs.remove(0)),
        0 => Err(MarkupError {
            template: template.to_string(),
            line: 1,
            element: String::new(),
            message: crate::msg!("render.no_document"),
        }),
        _ => Err(MarkupError {
            template: template.to_string(),
            line: docs[1].line,
            element: docs[1].name.clone(),
            message: crate::msg!("render.one_document"),
        }),
    }
}

/// The children moved into a list of exactly their number. Not
/// `Vec::shrink_to_fit`: an allocator may keep a block in place when it shrinks
/// by less than half (mimalloc does), and a long table's tree holds every row's.
fn fit(children: &mut Vec<Node>) {
    if children.capacity() > children.len() {
        let mut exact = Vec::with_capacity(children.len());
        exact.append(children);
        *children = exact;
    }
}

fn leading_ws(s: &str) -> usize {
    s.len() - s.trim_start().len()
}

fn push_text(stack: &mut [El], s: &str) {
    if let Some(top) = stack.last_mut() {
        // Between a table's rows and a row's cells only whitespace may stand, and
        // it means nothing there: not kept (a long table has thousands).
        if matches!(top.name.as_str(), "table" | "tr") && s.trim().is_empty() {
            return;
        }
        if let Some(Node::Text(prev)) = top.children.last_mut() {
            prev.push_str(s);
        } else {
            top.children.push(Node::Text(s.to_string()));
        }
    }
}
