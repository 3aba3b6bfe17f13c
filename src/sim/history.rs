//! `History<T>`: what the world only ever appends to (the timeline, the Events, the statuses
//! written), kept in chunks of a fixed size.
//!
//! A `Vec` that grows by doubling copies everything it holds into a new block each time, and
//! the old block's memory has been touched for nothing: a rollout of 10,000 pods appends
//! 300,000 timeline entries, and the copies cost as much memory as the timeline itself. Here a
//! new chunk is added when the last is full, so what is held is never moved, and the memory
//! touched is what is held.
//!
//! Full chunks are shared between copies of the world (`Rc`): a copy (a checkpoint of the
//! playground's timeline) costs a pointer per full chunk and the entries after them, and the
//! first write to a shared chunk copies that chunk alone.
//!
//! A reader that derives something from a history as it grows (the playground's lanes) keeps
//! a `Mark` and reads only what came after it (`History::after`). A copy is a history of its
//! own (it may go on differently), so a mark of the original says nothing about the copy.

use std::rc::Rc;

/// Entries per chunk (a power of two: an index splits into chunk and offset by shifting).
const CHUNK_BITS: u32 = 10;
const CHUNK: usize = 1 << CHUNK_BITS;

pub struct History<T> {
    /// Full chunks of `CHUNK` entries each.
    full: Vec<Rc<Vec<T>>>,
    /// The entries after them, fewer than `CHUNK` (a copy of the world copies these).
    tail: Vec<T>,
    /// This history's identity for `Mark`s: new for every history and every copy.
    lineage: Rc<()>,
}

impl<T> Default for History<T> {
    fn default() -> Self {
        History {
            full: Vec::new(),
            tail: Vec::new(),
            lineage: Rc::new(()),
        }
    }
}

impl<T: Clone> Clone for History<T> {
    fn clone(&self) -> Self {
        History {
            full: self.full.clone(),
            tail: self.tail.clone(),
            lineage: Rc::new(()),
        }
    }
}

/// How far a reader has read a history: its length then, and which history it was. Entries
/// are only ever appended (an entry is written in full when it is pushed), so what a reader
/// derived from the first `len` entries still holds while the history is the same one.
#[derive(Clone, Debug, Default)]
pub struct Mark {
    /// Held weakly: the allocation stays while the mark does, so no other history takes its
    /// address.
    lineage: std::rc::Weak<()>,
    len: usize,
}

impl<T: Clone> History<T> {
    /// Appends `value` and returns it.
    pub fn push(&mut self, value: T) -> &mut T {
        if self.tail.len() == CHUNK {
            let full = std::mem::replace(&mut self.tail, Vec::with_capacity(CHUNK));
            self.full.push(Rc::new(full));
        } else if self.tail.capacity() == 0 {
            self.tail.reserve_exact(CHUNK);
        }
        self.tail.push(value);
        let i = self.tail.len() - 1;
        &mut self.tail[i]
    }

    pub fn get_mut(&mut self, i: usize) -> Option<&mut T> {
        let held = self.full.len() * CHUNK;
        match self.full.get_mut(i >> CHUNK_BITS) {
            Some(chunk) => Rc::make_mut(chunk).get_mut(i & (CHUNK - 1)),
            None => self.tail.get_mut(i - held),
        }
    }
}

impl<T> History<T> {
    pub fn len(&self) -> usize {
        self.full.len() * CHUNK + self.tail.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, i: usize) -> Option<&T> {
        match self.full.get(i >> CHUNK_BITS) {
            Some(chunk) => chunk.get(i & (CHUNK - 1)),
            None => self.tail.get(i - self.full.len() * CHUNK),
        }
    }

    pub fn iter(&self) -> Iter<'_, T> {
        self.since(0)
    }

    /// Where a reader that has read everything so far stands.
    pub fn mark(&self) -> Mark {
        Mark {
            lineage: Rc::downgrade(&self.lineage),
            len: self.len(),
        }
    }

    /// What was appended after `mark`, or `None` when `mark` was taken of another history.
    pub fn after(&self, mark: &Mark) -> Option<Iter<'_, T>> {
        let same = mark
            .lineage
            .upgrade()
            .is_some_and(|l| Rc::ptr_eq(&l, &self.lineage));
        same.then(|| self.since(mark.len))
    }

    /// The entries from position `from` on (none when `from` is past the end): what was
    /// appended since a reader saw `len()` was `from`.
    pub fn since(&self, from: usize) -> Iter<'_, T> {
        let len = self.len();
        Iter {
            history: self,
            front: from.min(len),
            back: len,
        }
    }
}

impl<T: PartialEq> PartialEq for History<T> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for History<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<'a, T> IntoIterator for &'a History<T> {
    type Item = &'a T;
    type IntoIter = Iter<'a, T>;
    fn into_iter(self) -> Iter<'a, T> {
        self.iter()
    }
}

/// The entries of a `History` from `front` to `back` (exclusive), from either end.
pub struct Iter<'a, T> {
    history: &'a History<T>,
    front: usize,
    back: usize,
}

impl<T> Clone for Iter<'_, T> {
    fn clone(&self) -> Self {
        Iter { ..*self }
    }
}

impl<'a, T> Iterator for Iter<'a, T> {
    type Item = &'a T;
    fn next(&mut self) -> Option<&'a T> {
        if self.front >= self.back {
            return None;
        }
        self.front += 1;
        self.history.get(self.front - 1)
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.back - self.front;
        (n, Some(n))
    }
    fn nth(&mut self, n: usize) -> Option<&'a T> {
        self.front = self.front.saturating_add(n).min(self.back);
        self.next()
    }
}

impl<'a, T> DoubleEndedIterator for Iter<'a, T> {
    fn next_back(&mut self) -> Option<&'a T> {
        if self.front >= self.back {
            return None;
        }
        self.back -= 1;
        self.history.get(self.back)
    }
}

impl<T> ExactSizeIterator for Iter<'_, T> {}

#[cfg(test)]
mod tests {
    use super::{CHUNK, History};

    /// Across chunk boundaries, a history reads, writes and iterates as a `Vec` does, and a
    /// copy is not changed by writes to the original.
    #[test]
    fn reads_as_a_vec_does() {
        let mut h = History::default();
        let mut v = Vec::new();
        for i in 0..(2 * CHUNK + 7) {
            h.push(i);
            v.push(i);
        }
        let copy = h.clone();
        *h.get_mut(CHUNK).unwrap() = 0;
        v[CHUNK] = 0;
        *h.get_mut(2 * CHUNK + 6).unwrap() += 1;
        *v.last_mut().unwrap() += 1;
        h.push(9);
        v.push(9);
        assert_eq!(h.len(), v.len());
        assert!(h.iter().eq(v.iter()));
        assert!(h.iter().rev().eq(v.iter().rev()));
        for from in [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, v.len(), v.len() + 3] {
            let tail = &v[from.min(v.len())..];
            assert!(h.since(from).eq(tail.iter()), "since {from}");
            assert_eq!(h.since(from).len(), tail.len());
            assert!(
                h.since(from).rev().eq(tail.iter().rev()),
                "since {from} reversed"
            );
        }
        assert_eq!(h.iter().nth(CHUNK + 2), v.get(CHUNK + 2));
        assert_eq!(h.get(v.len()), None);
        assert_eq!(copy.len(), 2 * CHUNK + 7);
        assert_eq!(copy.get(CHUNK), Some(&CHUNK));
        assert_eq!(copy.get(2 * CHUNK + 6), Some(&(2 * CHUNK + 6)));
        assert_eq!(format!("{:?}", h), format!("{:?}", v));
    }

    /// A mark gives what came after it in the same history, and nothing in a copy (which may
    /// have gone on differently) or in another history.
    #[test]
    fn a_mark_reads_on_in_its_own_history_only() {
        let mut h = History::default();
        h.push(1);
        h.push(2);
        let mark = h.mark();
        h.push(3);
        assert!(h.after(&mark).is_some_and(|new| new.eq([3].iter())));
        let mut copy = h.clone();
        copy.push(4);
        assert!(copy.after(&mark).is_none());
        assert!(History::<i32>::default().after(&mark).is_none());
        assert!(h.after(&super::Mark::default()).is_none());
        assert!(
            h.after(&h.mark())
                .is_some_and(|mut new| new.next().is_none())
        );
    }
}
