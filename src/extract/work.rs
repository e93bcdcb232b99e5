//! A count of the work extraction and merging do (comparisons, edit-distance cells, tokens
//! visited), per thread: the scaling tests check that it grows linearly with the input.

use std::cell::Cell;

thread_local! {
    static WORK: Cell<u64> = const { Cell::new(0) };
}

/// Count `n` units of work on this thread.
pub fn add(n: u64) {
    WORK.with(|w| w.set(w.get().wrapping_add(n)));
}

/// The work counted on this thread since the last call, and reset it.
pub fn take() -> u64 {
    WORK.with(|w| w.replace(0))
}
