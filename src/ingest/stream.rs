//! Workbooks read cell by cell (xlsx, xlsm, xlsb): one thread parses a sheet
//! while another builds its rows, and no sheet is ever held whole in memory.
//! Rows and columns beyond Excel's grid stop the sheet.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use calamine::{open_workbook, Cell, DataRef, Reader, Xlsb, Xlsx};

use super::limits::{group, MAX_COLUMNS, MAX_ROWS};
use super::read::{reread, select_sheets, settle, FileJob, FileOutcome};
use super::sheet::{hard_failure, rows_left, RowCollector, RowSink, SheetRun};
use super::text::OrderChoice;
use crate::i18n::Text;
use crate::model::source::column_letters;

/// A workbook whose sheets calamine reads cell by cell.
pub trait Streamed: Sized + Send {
    /// Open the file.
    fn open(path: &Path) -> Result<Self, Text>;
    /// Whether it counts dates from 1904.
    fn is_1904(&self) -> bool;
    /// Its sheets, in order.
    fn names(&self) -> Vec<String>;
    /// The next cell of one sheet, in file order, each time the function is called.
    fn cells<'a>(
        &'a mut self,
        name: &str,
    ) -> Result<impl FnMut() -> Result<Option<Cell<DataRef<'a>>>, Text> + Send + 'a, Text>;
}

/// The same streaming for .xlsx and .xlsb: calamine reads both cell by cell.
macro_rules! streamed_workbook {
    ($($book:ident),+) => {$(
        impl Streamed for $book<BufReader<File>> {
            fn open(path: &Path) -> Result<Self, Text> {
                open_workbook(path).map_err(|e| cannot_open(&e))
            }

            fn is_1904(&self) -> bool {
                self.has_1904_epoch()
            }

            fn names(&self) -> Vec<String> {
                self.sheet_names()
            }

            fn cells<'a>(
                &'a mut self,
                name: &str,
            ) -> Result<impl FnMut() -> Result<Option<Cell<DataRef<'a>>>, Text> + Send + 'a, Text> {
                let mut reader = self
                    .worksheet_cells_reader(name)
                    .map_err(|e| Text::raw(said(&e)))?;
                Ok(move || reader.next_cell().map_err(|e| Text::raw(said(&e))))
            }
        }
    )+};
}

streamed_workbook!(Xlsx, Xlsb);

/// What a reader's error says, on one line, escaped and cut (it may quote the file).
pub fn said(e: &dyn std::fmt::Display) -> String {
    super::header::one_line(&e.to_string())
}

/// The refusal of a workbook its reader cannot open, with the reader's words.
pub fn cannot_open(e: &dyn std::fmt::Display) -> Text {
    crate::msg!("stream.cannot_open", error = said(e))
}

/// Read the selected sheets of a workbook streamed cell by cell.
pub fn read_streamed<W: Streamed>(path: &Path, job: &FileJob<'_>) -> FileOutcome {
    let mut wb = match W::open(path) {
        Ok(wb) => wb,
        Err(e) => return FileOutcome::fail(e),
    };
    let is_1904 = wb.is_1904();
    let names = wb.names();
    let selected = match select_sheets(job, &names) {
        Ok(s) => s,
        Err(m) => return FileOutcome::fail(m),
    };
    let mut outcomes = Vec::new();
    for name in &selected {
        let left = rows_left(&outcomes);
        let read = |orders: Option<OrderChoice>| {
            let mut ctx = job.ctx(name, is_1904, false);
            ctx.rows_left = left;
            if let Some(o) = orders {
                ctx.orders = o;
            }
            let mut run = SheetRun::new(ctx);
            stream_sheet(&mut wb, name, &mut run)?;
            Ok::<_, Text>(run.finish())
        };
        match reread(read) {
            Ok(outcome) => {
                if let Some(why) = hard_failure(&outcome).filter(|_| selected.len() > 1) {
                    return FileOutcome::fail(why);
                }
                outcomes.push(outcome)
            }
            Err(e) => {
                return FileOutcome::fail(crate::msg!(
                    "stream.cannot_read_sheet",
                    sheet = super::header::one_line(name),
                    error = e
                ))
            }
        }
    }
    settle(outcomes, selected.len() > 1)
}

/// Cells handed from the XML-parsing thread to the row-building thread at a time.
const CELL_BATCH: usize = 4096;
/// Batches in flight between the two threads (bounds the memory used).
const BATCHES_IN_FLIGHT: usize = 4;

/// What the parsing thread sends: a batch of whole rows' cells, or why the sheet stopped.
enum Batch<'a> {
    Cells(Vec<Cell<DataRef<'a>>>),
    Failed(Text),
}

/// A cell's value as the row builders see it, borrowing the batch it came in
/// (inline text is read exactly like shared text).
fn view_ref<'b>(c: &'b DataRef<'_>) -> DataRef<'b> {
    match c {
        DataRef::String(s) => DataRef::SharedString(s.as_str()),
        DataRef::SharedString(s) => DataRef::SharedString(s),
        DataRef::Int(i) => DataRef::Int(*i),
        DataRef::Float(x) => DataRef::Float(*x),
        DataRef::Bool(b) => DataRef::Bool(*b),
        DataRef::DateTime(d) => DataRef::DateTime(*d),
        DataRef::DateTimeIso(s) => DataRef::DateTimeIso(s.clone()),
        DataRef::DurationIso(s) => DataRef::DurationIso(s.clone()),
        DataRef::Error(e) => DataRef::Error(e.clone()),
        DataRef::Empty => DataRef::Empty,
    }
}

/// A cell beyond Excel's grid: the sheet is damaged or built to exhaust memory.
pub fn beyond_grid(row: u32, col: u32) -> Option<Text> {
    if row >= MAX_ROWS {
        Some(crate::msg!(
            "stream.beyond_last_row",
            row = group(row as usize + 1),
            last = group(MAX_ROWS as usize)
        ))
    } else if col >= MAX_COLUMNS {
        Some(crate::msg!(
            "stream.beyond_last_column",
            row = row + 1,
            columns = group(MAX_COLUMNS as usize),
            column = column_letters(col)
        ))
    } else {
        None
    }
}

/// The parsing side of [`stream_sheet`]: cells in batches that never split a row.
fn send_cells<'a>(
    mut next: impl FnMut() -> Result<Option<Cell<DataRef<'a>>>, Text>,
    tx: &std::sync::mpsc::SyncSender<Batch<'a>>,
    back_rx: &std::sync::mpsc::Receiver<Vec<Cell<DataRef<'a>>>>,
) {
    let fresh = || Vec::with_capacity(CELL_BATCH + 64);
    let mut batch: Vec<Cell<DataRef<'a>>> = fresh();
    loop {
        match next() {
            Ok(Some(cell)) => {
                let new_row = batch
                    .last()
                    .is_some_and(|l| l.get_position().0 != cell.get_position().0);
                if new_row && batch.len() >= CELL_BATCH {
                    // Emptied here, so the text of the cells is freed by the
                    // thread that allocated it (much cheaper than across threads).
                    let next = match back_rx.try_recv() {
                        Ok(mut used) => {
                            used.clear();
                            used
                        }
                        Err(_) => fresh(),
                    };
                    if tx
                        .send(Batch::Cells(std::mem::replace(&mut batch, next)))
                        .is_err()
                    {
                        return;
                    }
                }
                let (r, c) = cell.get_position();
                if let Some(why) = beyond_grid(r, c) {
                    let _ = tx.send(Batch::Failed(why));
                    return;
                }
                batch.push(cell);
            }
            Ok(None) => break,
            Err(e) => {
                let _ = tx.send(Batch::Failed(e));
                return;
            }
        }
    }
    if !batch.is_empty() {
        let _ = tx.send(Batch::Cells(batch));
    }
}

/// Stream one sheet: one thread parses the sheet into cells while this thread
/// assembles rows and builds records, so the two overlap. Cells arrive in file
/// order through a bounded channel, in batches that never split a row, so the
/// rows (and every record and problem) come out exactly as a single-threaded
/// pass would give them.
fn stream_sheet<W: Streamed>(wb: &mut W, name: &str, run: &mut dyn RowSink) -> Result<(), Text> {
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Batch<'_>>(BATCHES_IN_FLIGHT);
        let (back_tx, back_rx) = std::sync::mpsc::channel::<Vec<Cell<DataRef<'_>>>>();
        scope.spawn(move || match wb.cells(name) {
            Ok(next) => send_cells(next, &tx, &back_rx),
            Err(e) => {
                let _ = tx.send(Batch::Failed(e));
            }
        });
        for batch in rx {
            let cells = match batch {
                Batch::Cells(cells) => cells,
                Batch::Failed(e) => return Err(e),
            };
            let mut row: Vec<DataRef<'_>> = Vec::with_capacity(32);
            let mut current: Option<u32> = None;
            for cell in &cells {
                let (r, c) = cell.get_position();
                if current != Some(r) {
                    if let Some(prev) = current {
                        run.row(prev + 1, &row);
                    }
                    row.clear();
                    current = Some(r);
                }
                let c = c as usize;
                if c >= row.len() {
                    row.resize(c + 1, DataRef::Empty);
                }
                row[c] = view_ref(cell.get_value());
            }
            if let Some(prev) = current {
                run.row(prev + 1, &row);
            }
            drop(row);
            // The parsing thread may have finished: then the batch is freed here.
            let _ = back_tx.send(cells);
        }
        Ok(())
    })
}

/// The rows of the first sheet of a workbook streamed cell by cell, held whole
/// (within [`super::sheet::MAX_COLLECTED_CELLS`]), with the sheet's name.
pub fn collect_first_sheet<W: Streamed>(path: &Path) -> Result<(String, RowCollector), Text> {
    let mut wb = W::open(path)?;
    let name = wb.names().into_iter().next().unwrap_or_default();
    let mut rows = RowCollector::default();
    stream_sheet(&mut wb, &name, &mut rows)?;
    Ok((name, rows))
}
