//! Progress reporting and cancellation shared by long jobs. Jobs know nothing
//! of terminals or windows: the CLI turns events into a progress bar, the app
//! into a Tauri channel.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// What a long job reports as it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "phase")]
pub enum ProgressEvent {
    /// Walking the folders; `found` files so far.
    Walking { found: u64 },
    /// Reading metadata: `done` of `total` files that needed reading.
    Reading { done: u64, total: u64 },
    /// Rendering thumbnails: `done` of `total` photos.
    Rendering { done: u64, total: u64 },
    /// Finished.
    Done { photos: u64, skipped: u64 },
}

/// A callback for progress events. It is called from worker threads.
pub type Progress<'a> = &'a (dyn Fn(ProgressEvent) + Sync);

/// A no-op progress sink.
pub fn silent(_: ProgressEvent) {}

/// A flag a front end sets to stop a job between files.
#[derive(Debug, Clone, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}
