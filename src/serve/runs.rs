//! The checks the server started: each keeps its inputs in memory (the
//! HTML report quotes their source, and a language switch renders the
//! report again) until newer runs push it out.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use tokio::sync::{OwnedSemaphorePermit, Semaphore, watch};

use super::repaired::Repaired;
use crate::engine::Outcome;
use crate::input::Input;

/// Finished or running checks kept for their reports.
const KEPT: usize = 4;

/// One upload's check.
pub struct Run {
    pub id: String,
    pub inputs: Vec<Input>,
    /// Files to check in all, and files checked so far.
    pub total: usize,
    done: AtomicUsize,
    state: Mutex<State>,
    /// Turns true when the check has finished: a report waits on it
    /// without holding a thread.
    finished: watch::Sender<bool>,
    /// The repaired copy of the uploads, made when the page first asks
    /// (`None` inside: nothing could be rebuilt). Locked while it is made,
    /// so that a second request waits for it instead of repairing again.
    pub repaired: tokio::sync::Mutex<Option<Arc<Option<Repaired>>>>,
}

#[derive(Clone)]
pub enum State {
    Running,
    Done(Arc<Outcome>),
    /// The check stopped on a bug; the run has no report.
    Failed,
}

impl Run {
    pub fn new(id: String, inputs: Vec<Input>) -> Run {
        let total = inputs.iter().map(|i| i.entries.len()).sum();
        Run {
            id,
            inputs,
            total,
            done: AtomicUsize::new(0),
            state: Mutex::new(State::Running),
            finished: watch::Sender::new(false),
            repaired: tokio::sync::Mutex::new(None),
        }
    }

    pub fn tick(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }

    pub fn done(&self) -> usize {
        self.done.load(Ordering::Relaxed).min(self.total)
    }

    pub fn state(&self) -> State {
        self.state.lock().map_or(State::Failed, |s| s.clone())
    }

    pub fn finish(&self, state: State) {
        if let Ok(mut s) = self.state.lock() {
            *s = state;
        }
        self.finished.send_replace(true);
    }

    /// The state once the check has finished.
    pub async fn wait(&self) -> State {
        let mut finished = self.finished.subscribe();
        // The sender lives as long as `self`: waiting cannot fail.
        let _ = finished.wait_for(|done| *done).await;
        self.state()
    }
}

/// The last few runs, newest last.
#[derive(Default)]
pub struct Runs {
    runs: Mutex<VecDeque<Arc<Run>>>,
}

impl Runs {
    pub fn add(&self, run: Arc<Run>) {
        if let Ok(mut runs) = self.runs.lock() {
            runs.push_back(run);
            while runs.len() > KEPT {
                runs.pop_front();
            }
        }
    }

    pub fn get(&self, id: &str) -> Option<Arc<Run>> {
        let runs = self.runs.lock().ok()?;
        runs.iter().find(|r| r.id == id).cloned()
    }
}

/// A count of tasks running at once (checks, or report renders); a
/// permit is one of them.
pub struct Slots {
    max: usize,
    busy: Arc<AtomicUsize>,
}

pub struct Permit(Arc<AtomicUsize>);

impl Drop for Permit {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

impl Slots {
    pub fn new(max: usize) -> Slots {
        Slots {
            max: max.max(1),
            busy: Arc::new(AtomicUsize::new(0)),
        }
    }

    pub fn max(&self) -> usize {
        self.max
    }

    /// Whether `max` are running (a permit asked now would be refused).
    pub fn full(&self) -> bool {
        self.busy.load(Ordering::Acquire) >= self.max
    }

    /// A permit if fewer than `max` are running, otherwise none.
    pub fn try_acquire(&self) -> Option<Permit> {
        self.busy
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < self.max).then_some(n + 1)
            })
            .ok()
            .map(|_| Permit(Arc::clone(&self.busy)))
    }
}

/// Report renders: at most `max` at once (each holds a whole report in
/// memory until it is sent), and at most `queue` more waiting for a turn;
/// past that a request is refused, as a check past the slots is.
pub struct Renders {
    max: usize,
    queue: usize,
    turns: Arc<Semaphore>,
    waiting: AtomicUsize,
}

/// One render under way; dropped when its answer has been sent.
pub type Turn = OwnedSemaphorePermit;

impl Renders {
    pub fn new(max: usize, queue: usize) -> Renders {
        let max = max.max(1);
        Renders {
            max,
            queue,
            turns: Arc::new(Semaphore::new(max)),
            waiting: AtomicUsize::new(0),
        }
    }

    pub fn max(&self) -> usize {
        self.max
    }

    /// A turn now, or after the renders before it; none when the queue is full.
    pub async fn turn(&self) -> Option<Turn> {
        if let Ok(turn) = Arc::clone(&self.turns).try_acquire_owned() {
            return Some(turn);
        }
        self.waiting
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < self.queue).then_some(n + 1)
            })
            .ok()?;
        // Leaves the queue however the wait ends (the client may go).
        struct Waiting<'a>(&'a AtomicUsize);
        impl Drop for Waiting<'_> {
            fn drop(&mut self) {
                self.0.fetch_sub(1, Ordering::AcqRel);
            }
        }
        let _waiting = Waiting(&self.waiting);
        Arc::clone(&self.turns).acquire_owned().await.ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_give_at_most_max_permits_and_take_them_back() {
        let slots = Slots::new(2);
        let a = slots.try_acquire();
        let b = slots.try_acquire();
        assert!(a.is_some() && b.is_some());
        assert!(slots.try_acquire().is_none());
        drop(a);
        assert!(slots.try_acquire().is_some());
    }

    #[test]
    fn renders_past_max_wait_in_a_bounded_queue() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let renders = Arc::new(Renders::new(1, 1));
            let first = renders.turn().await.unwrap();
            let queued = tokio::spawn({
                let renders = Arc::clone(&renders);
                async move { renders.turn().await.is_some() }
            });
            tokio::task::yield_now().await;
            assert!(renders.turn().await.is_none(), "one running, one waiting: full");
            drop(first);
            assert!(queued.await.unwrap(), "the waiting one gets the turn");
        });
    }

    #[test]
    fn a_report_waits_for_its_check_to_finish() {
        let run = Arc::new(Run::new("r".into(), Vec::new()));
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let checker = Arc::clone(&run);
        let finisher = std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(50));
            checker.finish(State::Failed);
        });
        assert!(matches!(run.state(), State::Running));
        assert!(matches!(runtime.block_on(run.wait()), State::Failed));
        finisher.join().unwrap();
    }
}
