//! Searching off the UI thread: the browser submits each keystroke's query
//! and polls for outcomes; a newer submission supersedes older ones, whose
//! results are never shown.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};

use crate::filter::{self, Facets, Hit};
use crate::query::{self, Query};
use crate::store::Store;
use crate::vocabulary::Vocabulary;

/// What to search for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Request {
    /// The query line as typed.
    pub text: String,
    /// The facets chosen in the pickers.
    pub facets: Facets,
}

/// The answer to one request.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub generation: u64,
    pub query: Query,
    /// Best first.
    pub hits: Vec<Hit>,
    /// False while more results may follow for this generation.
    pub complete: bool,
}

/// Runs one request on the calling thread with the same engine the worker
/// uses (for the CLI, tests and small libraries).
#[must_use]
pub fn run(store: &Store, req: &Request) -> Outcome {
    let query = query::parse(&req.text, Vocabulary::get());
    let hits = filter::search(store, &query, &req.facets);
    Outcome {
        generation: 0,
        query,
        hits,
        complete: true,
    }
}

/// A worker thread that answers requests, newest first.
pub struct Searcher {
    tx: Sender<(u64, Request)>,
    rx: Receiver<Outcome>,
    latest: Arc<AtomicU64>,
}

impl Searcher {
    /// Starts the worker over a store.
    #[must_use]
    pub fn spawn(store: Arc<Store>) -> Searcher {
        let (tx, jobs) = mpsc::channel::<(u64, Request)>();
        let (results, rx) = mpsc::channel();
        let latest = Arc::new(AtomicU64::new(0));
        let seen = Arc::clone(&latest);
        std::thread::Builder::new()
            .name("vitascope-search".into())
            .spawn(move || {
                while let Ok(mut job) = jobs.recv() {
                    // skip to the newest queued request: older ones are stale
                    while let Ok(newer) = jobs.try_recv() {
                        job = newer;
                    }
                    let (generation, req) = job;
                    if generation < seen.load(Ordering::Acquire) {
                        continue;
                    }
                    let mut outcome = run(&store, &req);
                    outcome.generation = generation;
                    if results.send(outcome).is_err() {
                        break;
                    }
                }
            })
            .expect("spawning the search thread");
        Searcher { tx, rx, latest }
    }

    /// Queues a request; returns its generation. Older requests are
    /// cancelled.
    pub fn submit(&mut self, req: Request) -> u64 {
        let generation = self.latest.fetch_add(1, Ordering::AcqRel) + 1;
        // a send fails only when the worker is gone; polling then yields nothing
        let _ = self.tx.send((generation, req));
        generation
    }

    /// The newest outcome ready for the latest request, if any; never blocks.
    #[must_use]
    pub fn poll(&self) -> Option<Outcome> {
        let mut newest = None;
        while let Ok(o) = self.rx.try_recv() {
            if o.generation == self.latest.load(Ordering::Acquire) {
                newest = Some(o);
            }
        }
        newest
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::study::Study;

    #[test]
    fn worker_answers_the_latest_request() {
        let store = Arc::new(Store::new(vec![
            Study {
                title: "Vitamin D and falls".into(),
                ..Study::default()
            },
            Study {
                title: "Fish oil and lipids".into(),
                ..Study::default()
            },
        ]));
        let mut s = Searcher::spawn(store);
        s.submit(Request {
            text: "falls".into(),
            ..Request::default()
        });
        let last = s.submit(Request {
            text: "lipids".into(),
            ..Request::default()
        });
        let outcome = (0..500)
            .find_map(|_| {
                std::thread::sleep(std::time::Duration::from_millis(2));
                s.poll()
            })
            .expect("an outcome within a second");
        assert_eq!(outcome.generation, last);
        assert_eq!(
            outcome.hits.iter().map(|h| h.index).collect::<Vec<_>>(),
            [1]
        );
    }
}
