//! Stable sorting that stays small in WebAssembly. The standard library's sorts are
//! monomorphized per element type *and* per comparison closure; with a few dozen call sites
//! that was about 100 KB of the browser bundle (measured with twiggy; BENCHMARKS.md). Here
//! the merge sort itself exists once, over indices with a `dyn` comparison, and only a small
//! permutation step is generic.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// Sorts `v` stably by `cmp`.
pub fn sort_by<T>(v: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let mut idx: Vec<usize> = (0..v.len()).collect();
    {
        let items: &[T] = v;
        merge_sort(&mut idx, &|a, b| cmp(&items[a], &items[b]));
    }
    permute(v, &idx);
}

/// Sorts `v` stably by a key.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `v` stably in its natural order.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// Collects pairs into a map by inserting them in turn (a later pair wins, as with
/// `collect`). `BTreeMap`'s `FromIterator` sorts its input first, one more sort per type.
pub fn to_map<K: Ord, V>(pairs: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut m = BTreeMap::new();
    for (k, v) in pairs {
        m.insert(k, v);
    }
    m
}

/// Collects into a set by inserting in turn (see [`to_map`]).
pub fn to_set<K: Ord>(items: impl IntoIterator<Item = K>) -> BTreeSet<K> {
    let mut s = BTreeSet::new();
    for k in items {
        s.insert(k);
    }
    s
}

/// Bottom-up merge sort of indices (stable).
fn merge_sort(idx: &mut [usize], cmp: &dyn Fn(usize, usize) -> Ordering) {
    let n = idx.len();
    let mut buf = vec![0usize; n];
    let mut width = 1;
    while width < n {
        let mut start = 0;
        while start < n {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut i, mut j, mut k) = (start, mid, start);
            while i < mid && j < end {
                if cmp(idx[j], idx[i]) == Ordering::Less {
                    buf[k] = idx[j];
                    j += 1;
                } else {
                    buf[k] = idx[i];
                    i += 1;
                }
                k += 1;
            }
            buf[k..k + (mid - i)].copy_from_slice(&idx[i..mid]);
            k += mid - i;
            buf[k..k + (end - j)].copy_from_slice(&idx[j..end]);
            start = end;
        }
        idx.copy_from_slice(&buf);
        width *= 2;
    }
}

/// Rearranges `v` so that position `k` holds what was at `idx[k]`, following cycles.
fn permute<T>(v: &mut [T], idx: &[usize]) {
    let mut done = vec![false; idx.len()];
    for i in 0..idx.len() {
        if done[i] {
            continue;
        }
        let mut cur = i;
        loop {
            done[cur] = true;
            let next = idx[cur];
            if next == i {
                break;
            }
            v.swap(cur, next);
            cur = next;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably_like_the_standard_library() {
        let mut seed = 7u64;
        for n in [0usize, 1, 2, 3, 5, 8, 17, 100, 1000] {
            let mut v: Vec<(u8, usize)> = (0..n)
                .map(|i| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ((seed >> 60) as u8, i)
                })
                .collect();
            let mut want = v.clone();
            want.sort_by_key(|p| p.0);
            sort_by_key(&mut v, |p| p.0);
            assert_eq!(v, want, "n = {n}");
        }
        let mut words = vec!["b", "a", "c", "a"];
        sort(&mut words);
        assert_eq!(words, ["a", "a", "b", "c"]);
    }
}
