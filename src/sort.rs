//! Stable sorting that stays small in WebAssembly. The standard library's sorts are
//! monomorphized per element type *and* per comparison closure; with a few dozen call sites
//! that was about 100 KB of the browser bundle (measured with twiggy; BENCHMARKS.md). Here
//! the merge sort itself exists once, over indices with a `dyn` comparison, and only a small
//! permutation step is generic. `go_sort` is Go's `sort.Sort`, for output that must order ties as
//! Go does.

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

/// Go's `sort.Sort` (pattern-defeating quicksort, `sort/zsortinterface.go`, Go 1.19+): not
/// stable, and where items compare equal the order it leaves is Go's own, which a program
/// printing what Go sorted (kubectl's `--sort-by`) must reproduce. `less` is the
/// `Interface.Less` of two items.
pub fn go_sort<T>(v: &mut [T], less: &mut dyn FnMut(&T, &T) -> bool) {
    let n = v.len();
    if n <= 1 {
        return;
    }
    let limit = usize::BITS - n.leading_zeros();
    pdqsort(v, less, 0, n, limit);
}

type Less<'a, T> = &'a mut dyn FnMut(&T, &T) -> bool;

fn lt<T>(v: &[T], less: Less<'_, T>, i: usize, j: usize) -> bool {
    less(&v[i], &v[j])
}

fn insertion_sort<T>(v: &mut [T], less: Less<'_, T>, a: usize, b: usize) {
    for i in a + 1..b {
        let mut j = i;
        while j > a && lt(v, less, j, j - 1) {
            v.swap(j, j - 1);
            j -= 1;
        }
    }
}

fn sift_down<T>(v: &mut [T], less: Less<'_, T>, lo: usize, hi: usize, first: usize) {
    let mut root = lo;
    loop {
        let mut child = 2 * root + 1;
        if child >= hi {
            return;
        }
        if child + 1 < hi && lt(v, less, first + child, first + child + 1) {
            child += 1;
        }
        if !lt(v, less, first + root, first + child) {
            return;
        }
        v.swap(first + root, first + child);
        root = child;
    }
}

fn heap_sort<T>(v: &mut [T], less: Less<'_, T>, a: usize, b: usize) {
    let (first, hi) = (a, b - a);
    for i in (0..=(hi - 1) / 2).rev() {
        sift_down(v, less, i, hi, first);
    }
    for i in (0..hi).rev() {
        v.swap(first, first + i);
        sift_down(v, less, 0, i, first);
    }
}

#[derive(PartialEq)]
enum Hint {
    Unknown,
    Increasing,
    Decreasing,
}

fn pdqsort<T>(v: &mut [T], less: Less<'_, T>, mut a: usize, mut b: usize, mut limit: u32) {
    const MAX_INSERTION: usize = 12;
    let (mut was_balanced, mut was_partitioned) = (true, true);
    loop {
        let length = b - a;
        if length <= MAX_INSERTION {
            insertion_sort(v, less, a, b);
            return;
        }
        if limit == 0 {
            heap_sort(v, less, a, b);
            return;
        }
        if !was_balanced {
            break_patterns(v, a, b);
            limit -= 1;
        }
        let (mut pivot, mut hint) = choose_pivot(v, less, a, b);
        if hint == Hint::Decreasing {
            v[a..b].reverse();
            pivot = (b - 1) - (pivot - a);
            hint = Hint::Increasing;
        }
        if was_balanced
            && was_partitioned
            && hint == Hint::Increasing
            && partial_insertion_sort(v, less, a, b)
        {
            return;
        }
        if a > 0 && !lt(v, less, a - 1, pivot) {
            a = partition_equal(v, less, a, b, pivot);
            continue;
        }
        let (mid, already) = partition(v, less, a, b, pivot);
        was_partitioned = already;
        let (left, right) = (mid - a, b - mid);
        let threshold = length / 8;
        if left < right {
            was_balanced = left >= threshold;
            pdqsort(v, less, a, mid, limit);
            a = mid + 1;
        } else {
            was_balanced = right >= threshold;
            pdqsort(v, less, mid + 1, b, limit);
            b = mid;
        }
    }
}

/// The scan both partitions share: `v[a]` is the pivot, `i` and `j` (inclusive, and `j` may
/// step below `a + 1`, as Go's ints do) meet over `v[a + 1..b]`, swapping what is on the
/// wrong side. An item goes left when it is less than the pivot, or with `equal` when the
/// pivot is not less than it. Returns where they stopped and whether anything was swapped.
fn scan<T>(
    v: &mut [T],
    less: Less<'_, T>,
    a: usize,
    b: usize,
    equal: bool,
) -> (isize, isize, bool) {
    let left = |v: &[T], less: Less<'_, T>, x: isize| {
        if equal {
            !lt(v, less, a, x as usize)
        } else {
            lt(v, less, x as usize, a)
        }
    };
    let (mut i, mut j) = (a as isize + 1, b as isize - 1);
    let mut swapped = false;
    loop {
        while i <= j && left(v, less, i) {
            i += 1;
        }
        while i <= j && !left(v, less, j) {
            j -= 1;
        }
        if i > j {
            return (i, j, swapped);
        }
        v.swap(i as usize, j as usize);
        i += 1;
        j -= 1;
        swapped = true;
    }
}

fn partition<T>(v: &mut [T], less: Less<'_, T>, a: usize, b: usize, pivot: usize) -> (usize, bool) {
    v.swap(a, pivot);
    let (_, j, swapped) = scan(v, less, a, b, false);
    v.swap(j as usize, a);
    (j as usize, !swapped)
}

fn partition_equal<T>(v: &mut [T], less: Less<'_, T>, a: usize, b: usize, pivot: usize) -> usize {
    v.swap(a, pivot);
    let (i, _, _) = scan(v, less, a, b, true);
    i as usize
}

fn partial_insertion_sort<T>(v: &mut [T], less: Less<'_, T>, a: usize, b: usize) -> bool {
    const MAX_STEPS: usize = 5;
    const SHORTEST_SHIFTING: usize = 50;
    let mut i = a + 1;
    for _ in 0..MAX_STEPS {
        while i < b && !lt(v, less, i, i - 1) {
            i += 1;
        }
        if i == b {
            return true;
        }
        if b - a < SHORTEST_SHIFTING {
            return false;
        }
        v.swap(i, i - 1);
        if i - a >= 2 {
            let mut j = i - 1;
            while j >= 1 {
                if !lt(v, less, j, j - 1) {
                    break;
                }
                v.swap(j, j - 1);
                j -= 1;
            }
        }
        if b - i >= 2 {
            for j in i + 1..b {
                if !lt(v, less, j, j - 1) {
                    break;
                }
                v.swap(j, j - 1);
            }
        }
    }
    false
}

fn break_patterns<T>(v: &mut [T], a: usize, b: usize) {
    let length = b - a;
    if length >= 8 {
        // `xorshift(length)` and `nextPowerOfTwo` (sort/sort.go).
        let mut random = length as u64;
        let modulus = 1usize << (usize::BITS - length.leading_zeros());
        let start = a + (length / 4) * 2 - 1;
        for idx in start..=start + 2 {
            random ^= random << 13;
            random ^= random >> 7;
            random ^= random << 17;
            let mut other = (random as usize) & (modulus - 1);
            if other >= length {
                other -= length;
            }
            v.swap(idx, a + other);
        }
    }
}

fn choose_pivot<T>(v: &[T], less: Less<'_, T>, a: usize, b: usize) -> (usize, Hint) {
    const SHORTEST_NINTHER: usize = 50;
    const MAX_SWAPS: usize = 4 * 3;
    let l = b - a;
    let mut swaps = 0;
    let (mut i, mut j, mut k) = (a + l / 4, a + l / 4 * 2, a + l / 4 * 3);
    if l >= 8 {
        if l >= SHORTEST_NINTHER {
            i = median(v, less, i - 1, i, i + 1, &mut swaps);
            j = median(v, less, j - 1, j, j + 1, &mut swaps);
            k = median(v, less, k - 1, k, k + 1, &mut swaps);
        }
        j = median(v, less, i, j, k, &mut swaps);
    }
    match swaps {
        0 => (j, Hint::Increasing),
        MAX_SWAPS => (j, Hint::Decreasing),
        _ => (j, Hint::Unknown),
    }
}

fn order2<T>(v: &[T], less: Less<'_, T>, a: usize, b: usize, swaps: &mut usize) -> (usize, usize) {
    if lt(v, less, b, a) {
        *swaps += 1;
        (b, a)
    } else {
        (a, b)
    }
}

fn median<T>(v: &[T], less: Less<'_, T>, a: usize, b: usize, c: usize, swaps: &mut usize) -> usize {
    let (a, b) = order2(v, less, a, b, swaps);
    let (b, c) = order2(v, less, b, c, swaps);
    let (_, b) = order2(v, less, a, b, swaps);
    let _ = c;
    b
}

#[cfg(test)]
mod go_sort_tests {
    use super::*;

    /// Go's `sort.Sort` sorts whatever it is given: sizes that take every path (insertion
    /// sort, median of three, Tukey's ninther, pattern breaking, heap sort), with ties.
    #[test]
    fn go_sort_sorts() {
        let mut seed = 42u64;
        for n in [0, 1, 2, 12, 13, 49, 50, 51, 200, 1000] {
            for spread in [2u64, 10, 1 << 20] {
                let mut v: Vec<u64> = (0..n)
                    .map(|_| {
                        seed ^= seed << 13;
                        seed ^= seed >> 7;
                        seed ^= seed << 17;
                        seed % spread
                    })
                    .collect();
                let mut want = v.clone();
                want.sort();
                go_sort(&mut v, &mut |a, b| a < b);
                assert_eq!(v, want, "n={n} spread={spread}");
                // Sorted, reversed and sawtooth inputs too.
                let mut r: Vec<u64> = want.iter().rev().copied().collect();
                go_sort(&mut r, &mut |a, b| a < b);
                assert_eq!(r, want);
                let mut saw: Vec<u64> = (0..n as u64).map(|i| i % 7).collect();
                let mut saw_want = saw.clone();
                saw_want.sort();
                go_sort(&mut saw, &mut |a, b| a < b);
                assert_eq!(saw, saw_want);
            }
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
