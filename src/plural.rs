//! CLDR plural categories of cardinal numbers: which form of a counted phrase a language uses
//! for a number. English has two (one, other); Welsh six (zero 0, one 1, two 2, few 3, many 6,
//! other), because numerals mutate the noun after them ("2 ddiwrnod", "3 chwestiwn").
//!
//! The widget counts only whole numbers, so only the rules for integers are here (CLDR's
//! `i = n`, `v = 0`).

use crate::words::Lang;

/// A CLDR plural category, in CLDR's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    /// Welsh 0.
    Zero,
    /// English and Welsh 1.
    One,
    /// Welsh 2.
    Two,
    /// Welsh 3.
    Few,
    /// Welsh 6.
    Many,
    /// Everything else.
    Other,
}

/// The categories `lang` has, in the order its counted messages give their forms.
pub fn categories(lang: Lang) -> &'static [Category] {
    use Category::*;
    match lang {
        Lang::EnGb => &[One, Other],
        Lang::Cy => &[Zero, One, Two, Few, Many, Other],
    }
}

/// The category of the whole number `n` in `lang`.
pub fn category(lang: Lang, n: u64) -> Category {
    match (lang, n) {
        (Lang::Cy, 0) => Category::Zero,
        (_, 1) => Category::One,
        (Lang::Cy, 2) => Category::Two,
        (Lang::Cy, 3) => Category::Few,
        (Lang::Cy, 6) => Category::Many,
        _ => Category::Other,
    }
}

/// Which of `lang`'s forms (an index into [`categories`]) the number `n` takes.
pub fn form(lang: Lang, n: u64) -> usize {
    let category = category(lang, n);
    categories(lang)
        .iter()
        .position(|&c| c == category)
        .unwrap_or(0)
}
