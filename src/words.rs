//! How counts and lists are said in messages, reports and the window, in one
//! place so that every part of Polyphony says them alike: `1 code`, `2 codes`,
//! and `a, b and 3 more`; and names typed with stray spaces are tidied alike.

/// `n` with the word for one or for many: `1 code`, `2 codes`.
#[must_use]
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", plural(n, one, many))
}

/// The word for `n` things: `one` when `n` is 1, else `many`.
#[must_use]
pub fn plural<'w>(n: usize, one: &'w str, many: &'w str) -> &'w str {
    if n == 1 { one } else { many }
}

/// The first `shown` items joined by commas, then how many more there are.
#[must_use]
pub fn list_some(items: &[String], shown: usize) -> String {
    if items.len() <= shown {
        items.join(", ")
    } else {
        format!(
            "{} and {} more",
            items[..shown].join(", "),
            items.len() - shown
        )
    }
}

/// Takes the white space off both ends of `text` where it is, without a copy.
pub fn trim_in_place(text: &mut String) {
    text.truncate(text.trim_end().len());
    let leading = text.len() - text.trim_start().len();
    text.drain(..leading);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(count(1, "code", "codes"), "1 code");
        assert_eq!(count(0, "code", "codes"), "0 codes");
        assert_eq!(count(2, "person", "people"), "2 people");
    }

    #[test]
    fn a_long_list_is_cut_short_with_how_many_are_left() {
        let items: Vec<String> = ["a", "b", "c", "d"].map(str::to_owned).to_vec();
        assert_eq!(list_some(&items, 4), "a, b, c, d");
        assert_eq!(list_some(&items, 2), "a, b and 2 more");
        assert_eq!(list_some(&[], 2), "");
    }

    #[test]
    fn trimming_in_place_takes_both_ends() {
        let mut name = "  Being heard \n".to_owned();
        trim_in_place(&mut name);
        assert_eq!(name, "Being heard");
        let mut blank = " \t ".to_owned();
        trim_in_place(&mut blank);
        assert_eq!(blank, "");
    }
}
