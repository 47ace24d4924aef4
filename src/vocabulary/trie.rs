//! The alias trie walked from each word start.
//!
//! Matching only ever starts where a word does (see `at_word_starts`), so
//! the automaton needs no failure links: a plain trie, ASCII case folded,
//! walked a few bytes from each start. Building one for thousands of
//! aliases takes well under a millisecond, where an Aho-Corasick automaton
//! computes failure transitions for every state, which every process would
//! pay for at start.

/// Aliases in a trie; node 0 is the root.
#[derive(Debug)]
pub(super) struct Trie {
    /// the root's children by (folded) byte, 0 where none
    root: Box<[u32; 256]>,
    /// per node: its edges' range in `edges`, its aliases' range in `ends`
    nodes: Vec<(u32, u32, u32, u32)>,
    /// (byte, child) sorted by byte within each node
    edges: Vec<(u8, u32)>,
    /// ids of the aliases that end at a node
    ends: Vec<u32>,
}

/// A node's (byte, child) pairs while building.
type Edges = Vec<(u8, u32)>;

fn fold(b: u8) -> u8 {
    b.to_ascii_lowercase()
}

/// The nodes renumbered in breadth-first order, so the few levels nearest
/// the root, which every walk reads, lie together in memory: in insertion
/// order a walk's second step lands anywhere in the table, and the cache
/// misses cost more than the search itself.
fn breadth_first(kids: Vec<Edges>, ends: Vec<Vec<u32>>) -> (Vec<Edges>, Vec<Vec<u32>>) {
    let mut order = vec![0usize];
    let mut i = 0;
    while i < order.len() {
        order.extend(kids[order[i]].iter().map(|&(_, c)| c as usize));
        i += 1;
    }
    let mut new_id = vec![0u32; kids.len()];
    for (n, &old) in order.iter().enumerate() {
        new_id[old] = n as u32;
    }
    let mut kids: Vec<Option<Edges>> = kids.into_iter().map(Some).collect();
    let mut ends: Vec<Option<Vec<u32>>> = ends.into_iter().map(Some).collect();
    order
        .iter()
        .map(|&old| {
            let k = kids[old].take().unwrap_or_default();
            let k = k
                .into_iter()
                .map(|(b, c)| (b, new_id[c as usize]))
                .collect();
            (k, ends[old].take().unwrap_or_default())
        })
        .unzip()
}

impl Trie {
    pub(super) fn new<'a>(aliases: impl Iterator<Item = &'a str>) -> Trie {
        // children and alias ids per node while building, flattened after
        let mut kids: Vec<Edges> = vec![Vec::new()];
        let mut ends: Vec<Vec<u32>> = vec![Vec::new()];
        for (id, alias) in aliases.enumerate() {
            let mut node = 0usize;
            for &b in alias.as_bytes() {
                let b = fold(b);
                node = if let Some(&(_, child)) = kids[node].iter().find(|(k, _)| *k == b) {
                    child as usize
                } else {
                    let child = kids.len();
                    kids.push(Vec::new());
                    ends.push(Vec::new());
                    kids[node].push((b, child as u32));
                    child
                };
            }
            if node != 0 {
                ends[node].push(id as u32);
            }
        }
        let (kids, ends) = breadth_first(kids, ends);
        let mut root = Box::new([0u32; 256]);
        for &(b, child) in &kids[0] {
            root[usize::from(b)] = child;
            // a folded letter is reached from either case
            root[usize::from(b.to_ascii_uppercase())] = child;
        }
        let mut t = Trie {
            root,
            nodes: Vec::with_capacity(kids.len()),
            edges: Vec::new(),
            ends: Vec::new(),
        };
        for (mut k, e) in kids.into_iter().zip(ends) {
            k.sort_unstable_by_key(|&(b, _)| b);
            let (es, ee) = (t.edges.len() as u32, (t.edges.len() + k.len()) as u32);
            t.edges.extend(k);
            let (ms, me) = (t.ends.len() as u32, (t.ends.len() + e.len()) as u32);
            t.ends.extend(e);
            t.nodes.push((es, ee, ms, me));
        }
        t
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
            let Some(&byte) = b.get(q) else {
                return;
            };
            node = self.child(node, byte) as usize;
            q += 1;
        }
    }

    /// The node `bytes` (not empty) lead to from the root, 0 where no
    /// alias starts with them.
    pub(super) fn node_of(&self, bytes: &[u8]) -> u32 {
        let Some((&first, rest)) = bytes.split_first() else {
            return 0;
        };
        let mut node = self.root[usize::from(first)];
        for &byte in rest {
            if node == 0 {
                break;
            }
            node = self.child(node as usize, byte);
        }
        node
    }

    fn child(&self, node: usize, byte: u8) -> u32 {
        let (es, ee, _, _) = self.nodes[node];
        let byte = fold(byte);
        self.edges[es as usize..ee as usize]
            .iter()
            .find(|(k, _)| *k == byte)
            .map_or(0, |&(_, child)| child)
    }
}
