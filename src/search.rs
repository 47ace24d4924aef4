//! Searching off the UI thread: the browser submits each keystroke's query
//! and the worker delivers each outcome into the browser's one event
//! channel the moment it exists (the bench and tests poll the worker's own
//! channel instead); a newer submission supersedes older ones, whose results
//! are never shown.
//!
//! The worker owns the word [`Index`] (built on the worker at start, or
//! handed over by the thread that loaded the library, so the UI never
//! waits for it). Every request carries a generation; the engine
//! polls "is my generation still the latest?" while it works, so a newer
//! keystroke cancels an older search mid-scan. A slow fuzzy scan reports
//! its best hits so far as partial outcomes (`complete: false`).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use crate::filter::{self, Facets, Hit};
use crate::index::Index;
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
///
/// `hits` holds every match best first (16 bytes a row: an empty query over
/// a million records is a 16 MB vector, built in about a millisecond and
/// moved, never copied, to the UI). A partial outcome holds only the best
/// hits found so far.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub generation: u64,
    pub query: Query,
    /// Best first.
    pub hits: Vec<Hit>,
    /// How many records match (so far, while `complete` is false); equal to
    /// `hits.len()` once complete.
    pub total: usize,
    /// False while more results may follow for this generation.
    pub complete: bool,
}

/// Runs one request on the calling thread with the same engine the worker
/// uses (for the CLI and tests). Builds an index each call; keep one and
/// use [`run_indexed`] for more than one query.
#[must_use]
pub fn run(store: &Store, req: &Request) -> Outcome {
    run_indexed(store, &Index::build(store), req)
}

/// [`run`] with an index already built.
#[must_use]
pub fn run_indexed(store: &Store, index: &Index, req: &Request) -> Outcome {
    let query = query::parse(&req.text, Vocabulary::get());
    let hits = filter::evaluate(store, index, &query, &req.facets, &|| false, &mut |_, _| {})
        .unwrap_or_default();
    Outcome {
        generation: 0,
        query,
        total: hits.len(),
        hits,
        complete: true,
    }
}

/// Where a worker puts its outcomes when not in its own channel: false
/// once no one listens (the worker then ends).
pub type Deliver = Box<dyn Fn(Outcome) -> bool + Send>;

/// A worker thread that answers requests, newest first.
pub struct Searcher {
    tx: Sender<(u64, Request)>,
    /// The worker's own outcomes; empty when it delivers elsewhere.
    rx: Receiver<Outcome>,
    latest: Arc<AtomicU64>,
    index: Arc<OnceLock<Arc<Index>>>,
    /// Where the index goes when another thread is building it.
    handover: Option<Sender<Arc<Index>>>,
}

impl Searcher {
    /// Starts the worker over a store; the worker builds the index first
    /// (requests submitted meanwhile wait on the worker, not on the UI).
    #[must_use]
    pub fn spawn(store: Arc<Store>) -> Searcher {
        let own = Arc::clone(&store);
        Searcher::start(store, move || Arc::new(Index::build(&own)), None)
    }

    /// [`Searcher::spawn`], delivering every outcome to `deliver`.
    #[must_use]
    pub fn spawn_into(store: Arc<Store>, deliver: Deliver) -> Searcher {
        let own = Arc::clone(&store);
        Searcher::start(store, move || Arc::new(Index::build(&own)), Some(deliver))
    }

    /// Starts the worker with an index already built (the bench times the
    /// build on its own).
    #[must_use]
    pub fn with_index(store: Arc<Store>, index: Arc<Index>) -> Searcher {
        Searcher::start(store, move || index, None)
    }

    /// Starts the worker on an index another thread is building: requests
    /// wait on the worker until [`Searcher::give_index`] brings it (or, if
    /// it never comes, until the worker has built its own).
    #[must_use]
    pub fn awaiting_index(store: Arc<Store>) -> Searcher {
        Searcher::awaiting(store, None)
    }

    /// [`Searcher::awaiting_index`], delivering every outcome to `deliver`.
    #[must_use]
    pub fn awaiting_index_into(store: Arc<Store>, deliver: Deliver) -> Searcher {
        Searcher::awaiting(store, Some(deliver))
    }

    fn awaiting(store: Arc<Store>, deliver: Option<Deliver>) -> Searcher {
        let (handover, coming) = mpsc::channel();
        let own = Arc::clone(&store);
        let index = move || {
            coming
                .recv()
                .unwrap_or_else(|_| Arc::new(Index::build(&own)))
        };
        let mut searcher = Searcher::start(store, index, deliver);
        searcher.handover = Some(handover);
        searcher
    }

    /// Hands over the index an [`Searcher::awaiting_index`] worker waits for.
    pub fn give_index(&self, index: Arc<Index>) {
        if let Some(h) = &self.handover {
            // a send fails only when the worker is gone
            let _ = h.send(index);
        }
    }

    fn start(
        store: Arc<Store>,
        index: impl FnOnce() -> Arc<Index> + Send + 'static,
        deliver: Option<Deliver>,
    ) -> Searcher {
        let (tx, jobs) = mpsc::channel::<(u64, Request)>();
        let (own, rx) = mpsc::channel();
        let send: Deliver = deliver.unwrap_or_else(|| Box::new(move |o| own.send(o).is_ok()));
        let latest = Arc::new(AtomicU64::new(0));
        let seen = Arc::clone(&latest);
        let built = Arc::new(OnceLock::new());
        let slot = Arc::clone(&built);
        std::thread::Builder::new()
            .name("vitascope-search".into())
            .spawn(move || {
                let index = slot.get_or_init(index);
                filter::warm(store.len());
                while let Ok(mut job) = jobs.recv() {
                    // skip to the newest queued request: older ones are stale
                    while let Ok(newer) = jobs.try_recv() {
                        job = newer;
                    }
                    let (generation, req) = job;
                    if generation < seen.load(Ordering::Acquire) {
                        continue;
                    }
                    let query = query::parse(&req.text, Vocabulary::get());
                    let cancelled = || seen.load(Ordering::Acquire) != generation;
                    let mut partial = |hits: Vec<Hit>, total: usize| {
                        send(Outcome {
                            generation,
                            query: query.clone(),
                            hits,
                            total,
                            complete: false,
                        });
                    };
                    let Some(hits) = filter::evaluate(
                        &store,
                        index,
                        &query,
                        &req.facets,
                        &cancelled,
                        &mut partial,
                    ) else {
                        continue;
                    };
                    let outcome = Outcome {
                        generation,
                        query,
                        total: hits.len(),
                        hits,
                        complete: true,
                    };
                    if !send(outcome) {
                        break;
                    }
                }
            })
            .expect("spawning the search thread");
        Searcher {
            tx,
            rx,
            latest,
            index: built,
            handover: None,
        }
    }

    /// The worker's index, once built.
    #[must_use]
    pub fn index(&self) -> Option<Arc<Index>> {
        self.index.get().cloned()
    }

    /// Queues a request; returns its generation. Older requests are
    /// cancelled.
    pub fn submit(&mut self, req: Request) -> u64 {
        let generation = self.latest.load(Ordering::Acquire) + 1;
        self.submit_as(generation, req);
        generation
    }

    /// Queues a request numbered by the caller (the browser numbers its own,
    /// so only its `update` changes what it waits for); numbers must rise.
    pub fn submit_as(&mut self, generation: u64, req: Request) {
        self.latest.store(generation, Ordering::Release);
        // a send fails only when the worker is gone; polling then yields nothing
        let _ = self.tx.send((generation, req));
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

    /// Blocks until the next outcome (partial or complete) for the latest
    /// request, or the timeout. For the bench, tests and scripts: the
    /// browser polls instead.
    #[must_use]
    pub fn wait(&self, timeout: Duration) -> Option<Outcome> {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.checked_duration_since(Instant::now())?;
            match self.rx.recv_timeout(left) {
                Ok(o) if o.generation == self.latest.load(Ordering::Acquire) => return Some(o),
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return None,
            }
        }
    }

    /// Blocks until the latest request's complete outcome, or the timeout.
    #[must_use]
    pub fn wait_complete(&self, timeout: Duration) -> Option<Outcome> {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.checked_duration_since(Instant::now())?;
            let o = self.wait(left)?;
            if o.complete {
                return Some(o);
            }
        }
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
        let outcome = (0..15_000)
            .find_map(|_| {
                std::thread::sleep(std::time::Duration::from_millis(2));
                s.poll()
            })
            .expect("an outcome within half a minute");
        assert_eq!(outcome.generation, last);
        assert_eq!(
            outcome.hits.iter().map(|h| h.index).collect::<Vec<_>>(),
            [1]
        );
    }
}
