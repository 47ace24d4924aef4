//! The alias trie walked from each word start.
//!
//! Matching only ever starts where a word does (see `at_word_starts`), so
//! the automaton needs no failure links: a plain trie, ASCII case folded,
//! walked a few bytes from each start. Building one for thousands of
//! aliases takes well under a millisecond, where an Aho-Corasick automaton
//! computes failure transitions for every state, which every process would
//! pay for at start.
//!
//! Within a word, a run of nodes with one child and no alias ending at them
//! is one edge labelled with the run's bytes: a walk reads each node and
//! its edges from memory the cache rarely holds, and most of an alias past
//! its first letters ("bone mineral density" past "bone m") branches
//! nowhere. Runs stop where a word ends, so every alias's first word has a
//! node of its own (see `first_words`).

/// Aliases in a trie; node 0 is the root.
#[derive(Debug)]
pub(super) struct Trie {
    /// the root's children by (folded) byte, 0 where none
    root: Box<[u32; 256]>,
    /// per node: its edges' range in `edges`, its aliases' range in `ends`
    nodes: Vec<(u32, u32, u32, u32)>,
    /// sorted by byte within each node
    edges: Vec<Edge>,
    /// the bytes (folded) each edge goes on with after its first
    labels: Vec<u8>,
    /// ids of the aliases that end at a node
    ends: Vec<u32>,
}

#[derive(Debug, Clone, Copy)]
struct Edge {
    byte: u8,
    /// how many bytes of `labels` follow `byte` on this edge
    len: u16,
    label: u32,
    child: u32,
}

/// Where a word ends: an ASCII letter or digit before, something else at.
fn word_ends_at(alias: &[u8], at: usize) -> bool {
    alias[at - 1].is_ascii_alphanumeric() && !alias[at].is_ascii_alphanumeric()
}

fn fold(b: u8) -> u8 {
    b.to_ascii_lowercase()
}

impl Trie {
    /// Built from the aliases sorted (folded): a node is a run of them
    /// sharing its path, its children the sub-runs by the next byte, so
    /// the nodes come out in breadth-first order, the few levels nearest
    /// the root, which every walk reads, together in memory (in insertion
    /// order a walk's second step lands anywhere in the table, and the
    /// cache misses cost more than the search itself), with no list per
    /// node to allocate on the way: every process builds this at start.
    pub(super) fn new<'a>(aliases: impl Iterator<Item = &'a str>) -> Trie {
        // every alias folded, one after another, so sorting compares plain
        // bytes
        let mut folded = Vec::new();
        let mut spans = Vec::new();
        for alias in aliases {
            let start = folded.len();
            folded.extend(alias.bytes().map(fold));
            spans.push((start, folded.len()));
        }
        let sorted: Vec<(&[u8], u32)> = {
            let mut v: Vec<(&[u8], u32)> = spans
                .iter()
                .zip(0u32..)
                .map(|(&(s, e), id)| (&folded[s..e], id))
                .collect();
            // stable: the ids of one alias text stay in ascending order
            v.sort_by(|a, b| a.0.cmp(b.0));
            v
        };
        let mut trie = Trie {
            root: Box::new([0u32; 256]),
            nodes: Vec::new(),
            edges: Vec::new(),
            labels: Vec::new(),
            ends: Vec::new(),
        };
        // per node, in breadth-first order: its run of `sorted` and depth
        let mut runs: Vec<(u32, u32, u32)> = vec![(0, sorted.len() as u32, 0)];
        let mut next = 0;
        while next < runs.len() {
            let (lo, hi, depth) = runs[next];
            let (mut at, hi, depth_at) = (lo as usize, hi as usize, depth as usize);
            let ends_from = trie.ends.len() as u32;
            // the aliases that end here sort first in their run
            while at < hi && sorted[at].0.len() == depth_at {
                if depth_at > 0 {
                    trie.ends.push(sorted[at].1);
                }
                at += 1;
            }
            let edges_from = trie.edges.len() as u32;
            while at < hi {
                let first = sorted[at].0;
                let byte = first[depth_at];
                let mut to = at + 1;
                while to < hi && sorted[to].0[depth_at] == byte {
                    to += 1;
                }
                // the run goes on while every alias of it does, with one
                // byte (the shortest sorts first, and first and last agree
                // only if all do) and within a word; the root's children
                // stay one byte deep, as `root` gives them
                let last = sorted[to - 1].0;
                let mut end = depth_at + 1;
                while depth_at > 0
                    && end < first.len()
                    && first[end] == last[end]
                    && !word_ends_at(first, end)
                    && u16::try_from(end - depth_at).is_ok()
                {
                    end += 1;
                }
                trie.edges.push(Edge {
                    byte,
                    len: (end - depth_at - 1) as u16,
                    label: trie.labels.len() as u32,
                    child: runs.len() as u32,
                });
                trie.labels.extend_from_slice(&first[depth_at + 1..end]);
                runs.push((at as u32, to as u32, end as u32));
                at = to;
            }
            trie.nodes.push((
                edges_from,
                trie.edges.len() as u32,
                ends_from,
                trie.ends.len() as u32,
            ));
            next += 1;
        }
        let (from, to, _, _) = trie.nodes[0];
        for edge in &trie.edges[from as usize..to as usize] {
            trie.root[usize::from(edge.byte)] = edge.child;
            // a folded letter is reached from either case
            trie.root[usize::from(edge.byte.to_ascii_uppercase())] = edge.child;
        }
        trie
    }

    /// Whether some alias starts with `byte`.
    pub(super) fn starts(&self, byte: u8) -> bool {
        self.root[usize::from(byte)] != 0
    }

    /// Calls `each(p, end, alias)` for every alias that `b[p..]` starts
    /// with, shortest first.
    pub(super) fn walk(&self, b: &[u8], p: usize, each: &mut impl FnMut(usize, usize, usize)) {
        if let Some(&first) = b.get(p) {
            self.walk_from(self.root[usize::from(first)], b, p, p + 1, each);
        }
    }

    /// `walk` resumed at `node`, the node `b[p..q]` leads to: only aliases
    /// that end at or after `q` are reported.
    pub(super) fn walk_from(
        &self,
        node: u32,
        b: &[u8],
        p: usize,
        mut q: usize,
        each: &mut impl FnMut(usize, usize, usize),
    ) {
        let mut node = node as usize;
        while node != 0 {
            let (_, _, ms, me) = self.nodes[node];
            for &id in &self.ends[ms as usize..me as usize] {
                each(p, q, id as usize);
            }
            let Some((child, to)) = self.child(node, b, q) else {
                return;
            };
            node = child as usize;
            q = to;
        }
    }

    /// The node `bytes` (not empty) lead to from the root, 0 where no
    /// alias starts with them or they end inside an edge (never where a
    /// word of an alias ends).
    pub(super) fn node_of(&self, bytes: &[u8]) -> u32 {
        let Some(&first) = bytes.first() else {
            return 0;
        };
        let mut node = self.root[usize::from(first)];
        let mut q = 1;
        while node != 0 && q < bytes.len() {
            let Some((child, to)) = self.child(node as usize, bytes, q) else {
                return 0;
            };
            node = child;
            q = to;
        }
        if q == bytes.len() { node } else { 0 }
    }

    /// The child of `node` that `b[q..]` leads to along a whole edge, and
    /// where in `b` the edge ends.
    fn child(&self, node: usize, b: &[u8], q: usize) -> Option<(u32, usize)> {
        let (es, ee, _, _) = self.nodes[node];
        let byte = fold(*b.get(q)?);
        let edge = self.edges[es as usize..ee as usize]
            .iter()
            .find(|e| e.byte == byte)?;
        let from = edge.label as usize;
        let label = &self.labels[from..from + usize::from(edge.len)];
        let rest = b.get(q + 1..q + 1 + label.len())?;
        rest.iter()
            .zip(label)
            .all(|(&t, &l)| fold(t) == l)
            .then_some((edge.child, q + 1 + label.len()))
    }
}
