//! Filtering the corpus by a query and pinned entities: which articles, entities and quotes
//! match, ranked, with what matched for highlighting. Knows nothing of the terminal.
//!
//! Words match words: a query word matches a word of a field exactly, as a prefix while it is
//! being typed, or within a typo budget that grows with its length ([`typo`]). Matching goes
//! through word indexes built once at load ([`Index`]): an `fst` term dictionary walked by
//! Levenshtein automata, and posting lists combined as bit sets, so a keystroke never reads
//! article text (only phrases are checked on the text of the articles holding their words).
//! Adding a letter or a word only narrows the results, except where the typo budget grows.

mod csr;
mod docset;
mod eval;
mod finder;
#[doc(hidden)]
pub mod fixture;
mod highlight;
mod index;
pub mod lexicon;
mod postings;
pub mod query;
mod search;
pub mod text;
pub mod typo;

pub use docset::DocSet;
pub use eval::Marks;
pub use highlight::{Field, Fuzzy, Highlighter};
pub use index::{Index, PartSink};
pub use query::{DateRange, Facet, Group, Query, Term};
pub use search::{EntityHit, QuoteHit, Relation, Request, Results, complete_quotes, search};

#[cfg(test)]
mod tests;
