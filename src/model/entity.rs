//! Entities (people, countries, organisations), their mentions, and quotes.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct EntityId(pub u32);

/// One place an entity is named: a byte span of one article's body. Offsets are `u32` (bodies
/// are under 4 GiB) so that millions of mentions stay small; `range()` gives `usize`s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Mention {
    pub article: u32,
    pub start: u32,
    pub end: u32,
}

/// The articles of `mentions` (sorted by article), each once, in order.
pub fn articles_of(mentions: &[Mention]) -> impl Iterator<Item = u32> + '_ {
    let mut last = None;
    mentions.iter().filter_map(move |m| {
        let first = last != Some(m.article);
        last = Some(m.article);
        first.then_some(m.article)
    })
}

impl Mention {
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// How sure extraction is that this is an entity of this kind: the mean of its mentions'
    /// probabilities under the entity model, 0..1.
    pub confidence: f32,
}

impl Entity {
    /// The articles that mention it, each once, in order.
    pub fn articles(&self) -> impl Iterator<Item = u32> + '_ {
        articles_of(&self.mentions)
    }
}

/// How a quotation reports speech: the speaker's own words alone (“...,” she said), a few of
/// them inside the writer's sentence (she called it a “good start”), or reported without
/// quotation marks (she said the talks went well).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    Direct,
    Mixed,
    Indirect,
}

impl QuoteKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Direct => "direct",
            Self::Mixed => "mixed",
            Self::Indirect => "indirect",
        }
    }

    /// What a quote is shown between: quotation marks, or for reported speech (the writer's
    /// words, not the speaker's) a word saying so and no marks.
    pub fn marks(self) -> (&'static str, &'static str) {
        match self {
            Self::Indirect => ("reported: ", ""),
            Self::Direct | Self::Mixed => ("“", "”"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    pub article: u32,
    /// Byte span of the quoted text inside the body, without the quotation marks (`u32`, as
    /// for mentions; `range()` gives `usize`s).
    pub start: u32,
    pub end: u32,
    pub speaker: Option<EntityId>,
    /// When no entity spoke: the words for the unnamed speaker ("the Vermont senator",
    /// "police"), as a byte span of the body.
    pub source: Option<(u32, u32)>,
    /// Unattributed one- or two-word quotes such as “terrorists”: kept, but the TUI can hide
    /// them. A short quote with a speaker is that speaker's quote, not a scare quote.
    pub scare: bool,
    pub kind: QuoteKind,
    /// The reporting verb ("said", "told") as a byte span, for reported speech.
    pub cue: Option<(u32, u32)>,
    /// How sure the speaker ranker is of the speaker (or that there is none), 0..1.
    pub confidence: f32,
}

impl Quote {
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}
