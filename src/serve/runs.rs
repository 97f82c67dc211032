//! The checks the server started: each keeps its inputs in memory (the
//! HTML report quotes their source, and a language switch renders the
//! report again) until newer runs push it out.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};

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
    finished: Condvar,
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
            finished: Condvar::new(),
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
        self.finished.notify_all();
    }

    /// Blocks until the check has finished.
    pub fn wait(&self) -> State {
        let Ok(mut state) = self.state.lock() else {
            return State::Failed;
        };
        while matches!(*state, State::Running) {
            match self.finished.wait(state) {
                Ok(s) => state = s,
                Err(_) => return State::Failed,
            }
        }
        state.clone()
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

/// A count of checks running at once; a permit is one of them.
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

    /// A permit if fewer than `max` checks are running, otherwise none.
    pub fn try_acquire(&self) -> Option<Permit> {
        self.busy
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < self.max).then_some(n + 1)
            })
            .ok()
            .map(|_| Permit(Arc::clone(&self.busy)))
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
}
