//! Sorting for the whole core through one instance of the standard library's sort.
//!
//! Each `slice::sort_by` call is compiled anew for its element type and comparison, and the
//! standard sorts are large (ARCHITECTURE.md, "Where the bytes go", has the figures). Here
//! one standard sort runs, on indices, with the comparison behind a `dyn`; what is left per
//! call site is moving the items into their places. The lists are short (a learner's attempts, a
//! catalog, a question's picks), so the extra indirection costs nothing that shows.

use std::cmp::Ordering;

/// The positions of `len` items in the order `compare` (on positions) puts them, stable.
fn order(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    // Ties broken by position: as stable as a stable sort, with the smaller unstable one.
    #[allow(
        clippy::disallowed_methods,
        reason = "the one standard sort the widget links"
    )]
    order.sort_unstable_by(|&a, &b| compare(a, b).then(a.cmp(&b)));
    order
}

/// Sorts `items` by `compare`, keeping equal items in the order they were (a stable sort).
pub fn sort_by<T>(items: &mut Vec<T>, compare: impl Fn(&T, &T) -> Ordering) {
    let order = order(items.len(), &|a, b| compare(&items[a], &items[b]));
    let mut slots: Vec<Option<T>> = std::mem::take(items).into_iter().map(Some).collect();
    items.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

/// Sorts `items` and removes repeats.
pub fn sort_dedup<T: Ord>(items: &mut Vec<T>) {
    sort_by(items, T::cmp);
    items.dedup();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably_and_dedups() {
        let mut pairs = vec![(2, 'a'), (1, 'b'), (2, 'c'), (0, 'd'), (1, 'e')];
        sort_by(&mut pairs, |a, b| a.0.cmp(&b.0));
        assert_eq!(pairs, [(0, 'd'), (1, 'b'), (1, 'e'), (2, 'a'), (2, 'c')]);
        let mut numbers = vec![3, 1, 3, 2, 1];
        sort_dedup(&mut numbers);
        assert_eq!(numbers, [1, 2, 3]);
        let mut empty: Vec<u8> = Vec::new();
        sort_dedup(&mut empty);
        assert!(empty.is_empty());
    }
}
