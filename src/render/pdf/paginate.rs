//! Where a table breaks across pages: rows are never cut, a table never starts
//! with fewer than [`MIN_ROWS`] rows at a page foot (orphans) nor leaves fewer than
//! [`MIN_ROWS`] rows alone on its last page (widows), and what must follow the
//! table on the same page (signatures) takes its last rows along.
//!
//! Pure arithmetic over row heights, so the rules are tested without a font.

/// The fewest rows of a table (after its header) on either side of a page break.
pub(super) const MIN_ROWS: usize = 3;

/// Room for a table's rows, in points.
#[derive(Debug, Clone, Copy)]
pub(super) struct Room {
    /// Left on the current page below the caption and header.
    pub(super) here: f32,
    /// On a fresh page below the caption and header (the table's first page when it moves).
    pub(super) fresh: f32,
    /// On a continuation page below the repeated header.
    pub(super) next: f32,
    /// Whether the table may move to a fresh page (the current page holds something already).
    pub(super) can_move: bool,
}

/// The plan: start on a fresh page or not, and before which rows a new page begins.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(super) struct RowPlan {
    /// The table (caption, header and first rows) starts on a new page.
    pub(super) new_page: bool,
    /// Indexes (into the rows given) before which a new page starts, ascending.
    pub(super) breaks: Vec<usize>,
}

/// How many leading rows of `rows` fit in `room`.
fn fitting(rows: &[f32], room: f32) -> usize {
    let mut used = 0.0;
    rows.iter()
        .take_while(|h| {
            used += **h;
            used <= room + 0.01
        })
        .count()
}

/// Greedy breaks of `rows` from a first page with `first` room, then pages of `next`.
fn greedy(rows: &[f32], first: f32, next: f32) -> Vec<usize> {
    let mut breaks = Vec::new();
    let mut start = 0usize;
    let mut room = first;
    loop {
        let n = fitting(&rows[start..], room);
        if start + n >= rows.len() {
            return breaks;
        }
        // Nothing fits on the first page: the rows start on the next one; a row
        // taller than a page (never planned here) would take a page of its own.
        let end = if n > 0 || (start == 0 && breaks.is_empty()) {
            start + n
        } else {
            start + 1
        };
        breaks.push(end);
        start = end;
        room = next;
    }
}

/// Plan the body rows (heights in points, header excluded) of a table; the last
/// row's height includes whatever must follow the table on its page.
pub(super) fn plan_rows(rows: &[f32], room: Room) -> RowPlan {
    let m = rows.len();
    let total: f32 = rows.iter().sum();
    if m == 0 || total <= room.here + 0.01 {
        return RowPlan::default();
    }
    let here = fitting(rows, room.here);
    // Too few rows would sit at the foot of this page, or the table is too short to
    // leave MIN_ROWS on both sides: it starts on a fresh page.
    let new_page = room.can_move && (here < MIN_ROWS.min(m) || (m < 2 * MIN_ROWS && here < m));
    let first = if new_page { room.fresh } else { room.here };
    let mut breaks = greedy(rows, first, room.next);
    fix_widows(rows, &mut breaks, room.next);
    RowPlan { new_page, breaks }
}

/// Move rows forward over the last break so the last page holds at least
/// [`MIN_ROWS`] rows, when the page before keeps at least as many.
fn fix_widows(rows: &[f32], breaks: &mut [usize], next: f32) {
    let m = rows.len();
    let Some(last) = breaks.last().copied() else {
        return;
    };
    let tail = m - last;
    if tail >= MIN_ROWS {
        return;
    }
    let prev_start = breaks.len().checked_sub(2).map_or(0, |i| breaks[i]);
    let want = MIN_ROWS - tail;
    let keep = last - prev_start;
    if keep < want + MIN_ROWS {
        return;
    }
    let moved = last - want;
    if rows[moved..].iter().sum::<f32>() <= next + 0.01 {
        if let Some(b) = breaks.last_mut() {
            *b = moved;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn room(here: f32) -> Room {
        Room {
            here,
            fresh: 100.0,
            next: 100.0,
            can_move: true,
        }
    }

    #[test]
    fn a_table_that_fits_has_no_break() {
        assert_eq!(plan_rows(&[10.0; 5], room(50.0)), RowPlan::default());
    }

    #[test]
    fn fewer_than_three_rows_at_a_page_foot_move_the_table() {
        // 2 rows fit here: the table starts on the next page.
        let p = plan_rows(&[10.0; 20], room(25.0));
        assert!(p.new_page);
        assert_eq!(p.breaks, vec![10]);
        // On an empty page nothing moves.
        let mut r = room(25.0);
        r.can_move = false;
        assert!(!plan_rows(&[10.0; 20], r).new_page);
    }

    #[test]
    fn the_last_page_keeps_three_rows() {
        // 10 rows of 10 on pages of 100 (here 80): greedy 8 + 2 → 7 + 3.
        let p = plan_rows(&[10.0; 10], room(80.0));
        assert!(!p.new_page);
        assert_eq!(p.breaks, vec![7]);
        // 12 rows: 8 here, then 4 — already three on the last page.
        assert_eq!(plan_rows(&[10.0; 12], room(80.0)).breaks, vec![8]);
        // 23 rows: 8 + 10 + 5: fine; 19 rows: 8 + 10 + 1 → 8 + 8 + 3.
        assert_eq!(plan_rows(&[10.0; 23], room(80.0)).breaks, vec![8, 18]);
        assert_eq!(plan_rows(&[10.0; 19], room(80.0)).breaks, vec![8, 16]);
    }

    #[test]
    fn a_short_table_that_cannot_split_three_and_three_moves_whole() {
        // 5 rows, 4 fit: 4 + 1 would leave a widow and 2 + 3 an orphan.
        let p = plan_rows(&[10.0; 5], room(40.0));
        assert!(p.new_page);
        assert!(p.breaks.is_empty());
    }

    #[test]
    fn what_follows_the_table_takes_the_last_rows_along() {
        // 10 rows fit exactly, but the last row carries 30 points of signatures:
        // greedy puts 9 here and 1 on the next page, widow control makes it 7 + 3.
        let mut rows = vec![10.0; 10];
        rows[9] += 30.0;
        assert_eq!(plan_rows(&rows, room(100.0)).breaks, vec![7]);
    }

    #[test]
    fn every_row_is_placed_once_in_order() {
        for m in 1..40 {
            for here in [0.0, 15.0, 35.0, 75.0, 100.0] {
                let rows = vec![10.0; m];
                let p = plan_rows(&rows, room(here));
                let mut prev = 0;
                let mut first = if p.new_page { 100.0 } else { here };
                for b in p.breaks.iter().copied().chain(std::iter::once(m)) {
                    assert!(b >= prev, "m={m} here={here}: {p:?}");
                    let h: f32 = rows[prev..b].iter().sum();
                    assert!(h <= first + 0.01 || b == prev + 1, "m={m} here={here}: {p:?}");
                    prev = b;
                    first = 100.0;
                }
            }
        }
    }
}
