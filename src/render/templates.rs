//! The default templates, embedded in the binary from `templates/` by `build.rs`;
//! a project's own `templates/` overrides them file by file.

include!(concat!(env!("OUT_DIR"), "/default_templates.rs"));
