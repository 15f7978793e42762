//! Ingest: spreadsheet and CSV exports → typed records that remember their source.
