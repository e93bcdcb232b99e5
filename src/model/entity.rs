//! Entities (people, countries, organisations), their mentions, and quotes.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Person,
    Country,
    Organisation,
}

impl EntityKind {
    pub const ALL: [EntityKind; 3] = [Self::Person, Self::Country, Self::Organisation];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Person => "person",
            Self::Country => "country",
            Self::Organisation => "organisation",
        }
    }

    pub fn plural_title(self) -> &'static str {
        match self {
            Self::Person => "People",
            Self::Country => "Countries",
            Self::Organisation => "Organisations",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntityId(pub u32);

/// One place an entity is named: a byte span of one article's body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Mention {
    pub article: u32,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    pub id: EntityId,
    /// The canonical, fullest name ("Abbas Araghchi").
    pub name: String,
    pub kind: EntityKind,
    /// Other names it goes by in the corpus ("Araghchi", "Argachi").
    pub aliases: Vec<String>,
    /// Sorted by article, then position.
    pub mentions: Vec<Mention>,
    /// How many distinct articles mention it.
    pub article_count: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    pub article: u32,
    /// Byte span of the quoted text inside the body, without the quotation marks.
    pub start: usize,
    pub end: usize,
    pub speaker: Option<EntityId>,
    /// One- or two-word quotes such as “terrorists”: kept, but the TUI can hide them.
    pub scare: bool,
}
