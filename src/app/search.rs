//! A search for the worker thread: run it, then (when it listed only the first page of quotes)
//! complete it, handing each result over as a message.

use std::sync::Arc;

use super::Data;
use super::msg::Msg;
use crate::filter::{self, Request, Results};

#[derive(Debug, Clone)]
pub struct Job {
    pub generation: u64,
    pub data: Data,
    pub request: Request,
}

impl Job {
    /// Run it here. `cancelled` says when a newer job has made it stale.
    pub fn run(&self, cancelled: &(dyn Fn() -> bool + Sync)) -> Option<Msg> {
        let results = filter::search(
            &self.data.corpus,
            &self.data.index,
            &self.request,
            cancelled,
        )?;
        Some(Msg::Filtered {
            generation: self.generation,
            results: Arc::new(results),
        })
    }

    /// After `run`, when it listed only the first page of quotes: every quote.
    pub fn complete(
        &self,
        results: &Results,
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<Msg> {
        if !results.quotes_partial {
            return None;
        }
        let results = filter::complete_quotes(
            &self.data.corpus,
            &self.data.index,
            &self.request,
            results,
            cancelled,
        )?;
        Some(Msg::QuotesCompleted {
            generation: self.generation,
            results: Arc::new(results),
        })
    }

    /// Run it and then complete it, handing each message over as it is ready.
    pub fn run_all(&self, cancelled: &(dyn Fn() -> bool + Sync), mut send: impl FnMut(Msg)) {
        let Some(msg) = self.run(cancelled) else {
            return;
        };
        let partial = match &msg {
            Msg::Filtered { results, .. } if results.quotes_partial => Some(results.clone()),
            _ => None,
        };
        send(msg);
        if let Some(results) = partial
            && let Some(more) = self.complete(&results, cancelled)
        {
            send(more);
        }
    }
}
