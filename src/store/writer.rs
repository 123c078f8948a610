//! The one writer of a parallel batch: worker threads flatten their documents into rows
//! ([`Prepared`]) and send them over a channel to a thread that owns the only connection
//! and stores each in one transaction.
//!
//! Documents are stored in input order whatever order they arrive in (a document waits
//! until the ones before it are stored or skipped), so when two inputs share a programme
//! and revision the later input wins in every run, whatever `--jobs`. With a single
//! connection there is no lock to wait for, and a document is either all stored or not at
//! all.

use super::{Document, Prepared, Store};
use crate::error::{Error, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Sender};
use std::thread::JoinHandle;

enum Message {
    Put(usize, Box<Prepared>),
    Skip(usize),
}

/// What the writer did, once finished.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Replacements of a stored document by another file, in input order.
    pub notes: Vec<String>,
    /// Inputs (by index) whose document could not be stored.
    pub failures: Vec<(usize, Error)>,
    /// Number of documents stored.
    pub stored: usize,
}

/// A writer thread and its channel.
pub struct Writer {
    sender: Option<Sender<Message>>,
    thread: Option<JoinHandle<Outcome>>,
    path: PathBuf,
}

impl Writer {
    /// Open (or create) the database at `path` on this thread, so a database that is
    /// refused is reported before anything is converted, then start the writer thread.
    pub fn start(path: &Path) -> Result<Writer> {
        let store = Store::open(path)?;
        let (sender, receiver) = channel::<Message>();
        let thread = std::thread::Builder::new()
            .name("compmap-sqlite".into())
            .spawn(move || {
                let mut store = store;
                let mut out = Outcome::default();
                let mut pending: BTreeMap<usize, Option<Box<Prepared>>> = BTreeMap::new();
                let mut next = 0usize;
                let mut put = |store: &mut Store, index: usize, doc: Option<Box<Prepared>>| {
                    if let Some(doc) = doc {
                        let start = std::time::Instant::now();
                        let stored = store.put_prepared(&doc);
                        log::debug!(
                            "stored {} in {:.1} ms",
                            doc.source,
                            start.elapsed().as_secs_f64() * 1e3
                        );
                        match stored {
                            Ok(note) => {
                                out.stored += 1;
                                out.notes.extend(note);
                            }
                            Err(e) => out.failures.push((index, e)),
                        }
                    }
                };
                for message in receiver {
                    let (index, doc) = match message {
                        Message::Put(i, d) => (i, Some(d)),
                        Message::Skip(i) => (i, None),
                    };
                    pending.insert(index, doc);
                    while let Some(doc) = pending.remove(&next) {
                        put(&mut store, next, doc);
                        next += 1;
                    }
                }
                // Whatever is left (an index never reported): in order.
                for (index, doc) in std::mem::take(&mut pending) {
                    put(&mut store, index, doc);
                }
                if let Err(e) = store.checkpoint() {
                    log::debug!("{e}");
                }
                out
            })
            .map_err(|source| Error::Thread {
                path: path.to_path_buf(),
                source,
            })?;
        Ok(Writer {
            sender: Some(sender),
            thread: Some(thread),
            path: path.to_path_buf(),
        })
    }

    /// Store `doc`, the document of input `index`, after inputs `0..index`. The document is
    /// flattened into its rows here, on the caller's thread (a worker), and dropped here:
    /// the writer thread only binds and steps.
    pub fn send(&self, index: usize, doc: Document) {
        if let Some(s) = &self.sender {
            let prepared = Prepared::new(&doc);
            drop(doc);
            // A send fails only when the writer thread is gone (it panicked): `finish` says so.
            let _ = s.send(Message::Put(index, Box::new(prepared)));
        }
    }

    /// Input `index` gives no document (it failed).
    pub fn skip(&self, index: usize) {
        if let Some(s) = &self.sender {
            let _ = s.send(Message::Skip(index));
        }
    }

    /// Close the channel, wait for every document to be stored, and say what happened.
    pub fn finish(mut self) -> Result<Outcome> {
        self.sender = None;
        let thread = self.thread.take();
        match thread.map(JoinHandle::join) {
            Some(Ok(outcome)) => Ok(outcome),
            _ => Err(Error::Internal {
                path: self.path.clone(),
                detail: Some("the database writer stopped".into()),
            }),
        }
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        self.sender = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
