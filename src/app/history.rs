//! Where the explorer was: what was open (article, quote, pins, filter), what was selected and
//! how far each list and the text were scrolled. Opening something records where it was
//! opened from, so Esc, Backspace or `C-o` go back there and `C-i`/`L` forward again.

use std::ops::Range;

use crate::geometry::Pane;
use crate::model::EntityId;

/// A selected item by identity, with its row on screen (so the list scrolls as it did).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Selected<T> {
    pub id: T,
    pub row: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub focus: Pane,
    pub query: String,
    pub chips: Vec<EntityId>,
    pub article: Option<Selected<u32>>,
    pub entity: Option<Selected<EntityId>>,
    pub quote: Option<Selected<u32>>,
    /// The Quotes pane listed speakers.
    pub speakers: bool,
    pub speaker: Option<Selected<EntityId>>,
    /// The article in the text pane, the body byte at the top of its screen and the range
    /// marked there.
    pub text: Option<TextPlace>,
    /// A quote's detail was open over the panes.
    pub detail: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextPlace {
    pub article: usize,
    pub top: Option<usize>,
    /// The first line shown when it was above the body (title, meta).
    pub scroll: usize,
    pub current: Option<Range<usize>>,
}

/// Places to go back and forward to.
#[derive(Debug, Clone, Default)]
pub struct History {
    back: Vec<Location>,
    forward: Vec<Location>,
}

/// Older places are dropped beyond this.
const DEPTH: usize = 200;

impl History {
    /// Note the place being left for something new: forward history ends here.
    pub fn visit(&mut self, from: Location) {
        if self.back.last() != Some(&from) {
            self.back.push(from);
            if self.back.len() > DEPTH {
                self.back.remove(0);
            }
        }
        self.forward.clear();
    }

    /// The place before `current`, which becomes the one to go forward to.
    pub fn back(&mut self, current: Location) -> Option<Location> {
        let to = self.back.pop()?;
        self.forward.push(current);
        Some(to)
    }

    pub fn forward(&mut self, current: Location) -> Option<Location> {
        let to = self.forward.pop()?;
        self.back.push(current);
        Some(to)
    }

    pub fn can_go_back(&self) -> bool {
        !self.back.is_empty()
    }

    pub fn can_go_forward(&self) -> bool {
        !self.forward.is_empty()
    }

    /// Every place, for updating ids when the corpus is replaced.
    pub fn places_mut(&mut self) -> impl Iterator<Item = &mut Location> {
        self.back.iter_mut().chain(self.forward.iter_mut())
    }

    pub fn depth(&self) -> (usize, usize) {
        (self.back.len(), self.forward.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(query: &str) -> Location {
        Location {
            focus: Pane::Articles,
            query: query.into(),
            chips: Vec::new(),
            article: None,
            entity: None,
            quote: None,
            speakers: false,
            speaker: None,
            text: None,
            detail: None,
        }
    }

    #[test]
    fn back_and_forward_walk_the_places_visited() {
        let mut h = History::default();
        h.visit(at("a"));
        h.visit(at("b"));
        assert_eq!(h.back(at("c")), Some(at("b")));
        assert_eq!(h.back(at("b")), Some(at("a")));
        assert_eq!(h.back(at("a")), None);
        assert_eq!(h.forward(at("a")), Some(at("b")));
        assert_eq!(h.forward(at("b")), Some(at("c")));
        assert_eq!(h.forward(at("c")), None);
        // Somewhere new: no more forward.
        h.back(at("c"));
        h.visit(at("b"));
        assert!(!h.can_go_forward());
    }

    #[test]
    fn the_same_place_twice_is_one_step() {
        let mut h = History::default();
        h.visit(at("a"));
        h.visit(at("a"));
        assert_eq!(h.depth(), (1, 0));
    }
}
