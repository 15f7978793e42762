//! The PDF outline: bookmarks nested by heading level (h1 › h2 › h3), each
//! pointing at its heading on its page.

use lopdf::{Dictionary, Object, ObjectId};

use super::page::HeadingMark;

/// Add the outline of `headings` to `lo` and open the document with it shown.
pub(super) fn add_outlines(lo: &mut lopdf::Document, headings: &[HeadingMark], page_h: f32) {
    if headings.is_empty() {
        return;
    }
    let pages: Vec<ObjectId> = lo.get_pages().values().copied().collect();
    let root_id = lo.new_object_id();
    let ids: Vec<ObjectId> = headings.iter().map(|_| lo.new_object_id()).collect();
    let parent = parents(headings);
    let children =
        |p: Option<usize>| -> Vec<usize> { (0..headings.len()).filter(|&i| parent[i] == p).collect() };
    let mut dicts: Vec<Dictionary> = Vec::with_capacity(headings.len());
    for (i, h) in headings.iter().enumerate() {
        let mut d = Dictionary::new();
        d.set("Title", pdf_text(&h.text));
        d.set(
            "Parent",
            Object::Reference(parent[i].map(|p| ids[p]).unwrap_or(root_id)),
        );
        if let Some(pid) = pages.get(h.page) {
            d.set(
                "Dest",
                Object::Array(vec![
                    Object::Reference(*pid),
                    "XYZ".into(),
                    Object::Null,
                    Object::Real(page_h - h.y + 4.0),
                    Object::Null,
                ]),
            );
        }
        dicts.push(d);
    }
    let link = |kids: &[usize], dicts: &mut Vec<Dictionary>| {
        for (k, &i) in kids.iter().enumerate() {
            if k > 0 {
                dicts[i].set("Prev", Object::Reference(ids[kids[k - 1]]));
            }
            if let Some(&n) = kids.get(k + 1) {
                dicts[i].set("Next", Object::Reference(ids[n]));
            }
        }
    };
    for i in 0..headings.len() {
        let kids = children(Some(i));
        if let (Some(&f), Some(&l)) = (kids.first(), kids.last()) {
            dicts[i].set("First", Object::Reference(ids[f]));
            dicts[i].set("Last", Object::Reference(ids[l]));
            dicts[i].set("Count", Object::Integer(kids.len() as i64));
        }
        link(&kids, &mut dicts);
    }
    let top = children(None);
    link(&top, &mut dicts);
    let mut root = Dictionary::new();
    root.set("Type", "Outlines");
    if let (Some(&f), Some(&l)) = (top.first(), top.last()) {
        root.set("First", Object::Reference(ids[f]));
        root.set("Last", Object::Reference(ids[l]));
    }
    root.set("Count", Object::Integer(top.len() as i64));
    for (id, d) in ids.iter().zip(dicts) {
        lo.objects.insert(*id, Object::Dictionary(d));
    }
    lo.objects.insert(root_id, Object::Dictionary(root));
    if let Ok(cat) = lo.catalog_mut() {
        cat.set("Outlines", Object::Reference(root_id));
        cat.set("PageMode", "UseOutlines");
    }
}

/// The parent of each heading: the nearest earlier heading of a smaller level.
fn parents(headings: &[HeadingMark]) -> Vec<Option<usize>> {
    let mut parent: Vec<Option<usize>> = Vec::with_capacity(headings.len());
    let mut stack: Vec<usize> = Vec::new();
    for (i, h) in headings.iter().enumerate() {
        while stack.last().is_some_and(|&j| headings[j].level >= h.level) {
            stack.pop();
        }
        parent.push(stack.last().copied());
        stack.push(i);
    }
    parent
}

/// PDF text string: UTF-16BE with a byte-order mark.
fn pdf_text(s: &str) -> Object {
    let mut b = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        b.extend_from_slice(&u.to_be_bytes());
    }
    Object::String(b, lopdf::StringFormat::Hexadecimal)
}
