//! A multi-class linear model over hashed features: scoring at run time, and the averaged
//! perceptron that trains it (deterministic, so training twice gives the same bytes).

/// Features are hashed into this many buckets (the hashing trick: no feature dictionary to
/// ship). 2^16 buckets would collide enough to lose names (the sample article's "Press TV");
/// at 2^18 only about one bucket in seven holds a weight, so at run time only those are kept
/// (see `Table`).
pub const BUCKET_BITS: u32 = 18;
const BUCKETS: usize = 1 << BUCKET_BITS;

/// Most classes a model may have (one accumulator lane each).
pub const LANES: usize = 8;

/// A bag of features' scores before scaling: 16-bit weights summed as integers, so the sum is
/// the same in any order (scores may be assembled from parts shared between spans).
pub type Sums = [i32; LANES];

/// A feature's hash, built from a template name and its value. Its own hash function (FNV-1a
/// with a final mix), so the committed weights never depend on a crate's hasher version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Feature(pub u32);

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// Hashing a feature incrementally: a template, then any number of byte strings or numbers.
#[derive(Clone, Copy)]
pub struct FeatureHasher(u64);

impl FeatureHasher {
    /// A const fn, so a template chosen at run time can still be hashed at compile time
    /// (`const { FeatureHasher::new("first=") }`).
    pub const fn new(template: &str) -> Self {
        FeatureHasher(FNV_OFFSET).bytes(template.as_bytes())
    }

    pub const fn bytes(mut self, bytes: &[u8]) -> Self {
        let mut i = 0;
        while i < bytes.len() {
            self.0 = (self.0 ^ bytes[i] as u64).wrapping_mul(FNV_PRIME);
            i += 1;
        }
        // A separator, so ("ab", "c") and ("a", "bc") differ.
        self.0 = (self.0 ^ 0xff).wrapping_mul(FNV_PRIME);
        self
    }

    /// The bytes, ASCII letters lower-cased (non-ASCII text is kept as it is).
    pub fn lower(mut self, text: &str) -> Self {
        for &b in text.as_bytes() {
            self.0 = (self.0 ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(FNV_PRIME);
        }
        self.0 = (self.0 ^ 0xff).wrapping_mul(FNV_PRIME);
        self
    }

    pub fn num(self, n: u64) -> Self {
        self.bytes(&n.to_le_bytes())
    }

    /// Mix in a value hashed already (a word's hash computed once per token).
    pub fn hash(mut self, h: u64) -> Self {
        self.0 = (self.0 ^ h).wrapping_mul(FNV_PRIME);
        self.0 = (self.0 ^ (h >> 32)).wrapping_mul(FNV_PRIME);
        self
    }

    pub fn raw(&self) -> u64 {
        self.0
    }

    pub fn finish(self) -> Feature {
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        Feature((z as u32) & (BUCKETS as u32 - 1))
    }
}

/// A word's hash, lower-cased: computed once per token and mixed into features.
pub fn word_hash(text: &str) -> u64 {
    FeatureHasher(FNV_OFFSET).lower(text).raw()
}

/// The run-time weights: only the buckets that hold a weight, as 16-bit integers, found
/// through a bitmap with a running count (rank) per 64 buckets. 37,600 rows of the entity
/// model take 450 KB and the bitmap 64 KB, so look-ups stay in a core's L2 cache; a dense
/// table of every bucket (3 MB) missed it on most look-ups, which was scoring's main cost.
#[derive(Clone, Default)]
struct Table {
    /// Per 64 buckets: which hold a row, and the index of the first such row.
    blocks: Vec<(u64, u32)>,
    /// `classes` weights per stored bucket, in bucket order.
    rows: Vec<i16>,
}

impl Table {
    #[inline]
    fn row(&self, f: Feature, classes: usize) -> Option<&[i16]> {
        let b = f.0 as usize;
        let (bits, base) = *self.blocks.get(b >> 6)?;
        let bit = 1u64 << (b & 63);
        if bits & bit == 0 {
            return None;
        }
        let at = (base as usize + (bits & (bit - 1)).count_ones() as usize) * classes;
        self.rows.get(at..at + classes)
    }
}

/// Weights for `classes` classes, one row per bucket.
#[derive(Clone)]
pub struct Model {
    pub classes: usize,
    /// Dense weights while training (empty at run time).
    weights: Vec<f32>,
    /// The weights as read from bytes: 16-bit, times `scale` (empty while training).
    table: Table,
    quantized: bool,
    scale: f32,
    /// Scores are divided by this before the softmax that gives a confidence (fitted on
    /// training data so the probabilities are not over-sure).
    pub temperature: f32,
}

const MAGIC: &[u8; 8] = b"LEDELIN1";

impl Model {
    pub fn zeros(classes: usize) -> Self {
        Model {
            classes,
            weights: vec![0.0; BUCKETS * classes],
            table: Table::default(),
            quantized: false,
            scale: 1.0,
            temperature: 1.0,
        }
    }

    /// Weights read from bytes (integers), as at run time; `add` and `finish` need this.
    pub fn is_quantized(&self) -> bool {
        self.quantized
    }

    /// Add one feature's weights to `sums` (a model read from bytes only).
    #[inline]
    pub fn add(&self, f: Feature, sums: &mut Sums) {
        let Some(row) = self.table.row(f, self.classes) else {
            return;
        };
        // The entity model's six classes as a fixed-size row, which the compiler unrolls.
        if let Ok(row) = <&[i16; 6]>::try_from(row) {
            for k in 0..6 {
                sums[k] += i32::from(row[k]);
            }
            return;
        }
        for (s, &w) in sums.iter_mut().zip(row) {
            *s += i32::from(w);
        }
    }

    /// Scores of every class from summed weights.
    pub fn finish(&self, sums: &Sums, out: &mut [f32]) {
        for (o, &s) in out.iter_mut().zip(sums) {
            *o = s as f32 * self.scale;
        }
    }

    /// Scores of every class for a bag of features (added to `out`, which starts as zeros).
    pub fn scores_into(&self, features: &[Feature], out: &mut [f32]) {
        out.fill(0.0);
        let c = self.classes;
        if self.quantized {
            let mut sums: Sums = [0; LANES];
            for &f in features {
                self.add(f, &mut sums);
            }
            self.finish(&sums, out);
            return;
        }
        for f in features {
            let row = &self.weights[f.0 as usize * c..f.0 as usize * c + c];
            for (o, w) in out.iter_mut().zip(row) {
                *o += w;
            }
        }
    }

    /// The softmax of `scores / temperature`.
    pub fn probabilities(&self, scores: &[f32], out: &mut [f32]) {
        let t = self.temperature.max(1e-3);
        let max = scores.iter().copied().fold(f32::MIN, f32::max);
        let mut sum = 0.0;
        for (o, s) in out.iter_mut().zip(scores) {
            *o = ((s - max) / t).exp();
            sum += *o;
        }
        for o in out.iter_mut() {
            *o /= sum;
        }
    }

    /// The model as bytes: a header, then every non-zero bucket as its index and its weights
    /// quantised to 16 bits. Small enough to commit and to compile into the binary.
    pub fn to_bytes(&self) -> Vec<u8> {
        let max = self.weights.iter().fold(0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(self.classes as u32).to_le_bytes());
        out.extend_from_slice(&BUCKET_BITS.to_le_bytes());
        out.extend_from_slice(&scale.to_le_bytes());
        out.extend_from_slice(&self.temperature.to_le_bytes());
        let c = self.classes;
        for b in 0..BUCKETS {
            let row = &self.weights[b * c..b * c + c];
            let q: Vec<i16> = row.iter().map(|w| (w / scale).round() as i16).collect();
            if q.iter().all(|&v| v == 0) {
                continue;
            }
            out.extend_from_slice(&(b as u32).to_le_bytes());
            for v in q {
                out.extend_from_slice(&v.to_le_bytes());
            }
        }
        out
    }

    /// Read a model written by `to_bytes`; `None` when the bytes are not one.
    pub fn from_bytes(bytes: &[u8]) -> Option<Model> {
        let rest = bytes.strip_prefix(MAGIC.as_slice())?;
        let u32_at = |b: &[u8], i: usize| -> Option<u32> {
            Some(u32::from_le_bytes(b.get(i..i + 4)?.try_into().ok()?))
        };
        let classes = u32_at(rest, 0)? as usize;
        if u32_at(rest, 4)? != BUCKET_BITS || classes == 0 || classes > LANES {
            return None;
        }
        let scale = f32::from_bits(u32_at(rest, 8)?);
        let temperature = f32::from_bits(u32_at(rest, 12)?);
        let row_len = 4 + 2 * classes;
        let body = rest.get(16..)?;
        if body.len() % row_len != 0 {
            return None;
        }
        let mut table = Table {
            blocks: vec![(0, 0); BUCKETS / 64],
            rows: Vec::with_capacity(body.len() / row_len * classes),
        };
        // Rows are written in increasing bucket order; anything else is not our file.
        let mut last: Option<usize> = None;
        for row in body.chunks_exact(row_len) {
            let b = u32_at(row, 0)? as usize;
            if b >= BUCKETS || last.is_some_and(|l| l >= b) {
                return None;
            }
            last = Some(b);
            table.blocks[b >> 6].0 |= 1 << (b & 63);
            for k in 0..classes {
                table
                    .rows
                    .push(i16::from_le_bytes([row[4 + 2 * k], row[5 + 2 * k]]));
            }
        }
        let mut count = 0u32;
        for block in &mut table.blocks {
            block.1 = count;
            count += block.0.count_ones();
        }
        Some(Model {
            classes,
            weights: Vec::new(),
            table,
            quantized: true,
            scale,
            temperature,
        })
    }
}

/// One training example: its features and its true class.
#[derive(Debug, Clone)]
pub struct Example {
    pub features: Vec<Feature>,
    pub class: usize,
}

/// Train an averaged perceptron: `epochs` passes over the examples in an order shuffled by a
/// fixed seed, weights averaged over every step (which is what makes the perceptron generalise).
pub fn train_perceptron(examples: &[Example], classes: usize, epochs: usize) -> Model {
    let mut w = vec![0f32; BUCKETS * classes];
    // Sum of each weight's updates weighted by the step they happened at, for the average.
    let mut acc = vec![0f64; BUCKETS * classes];
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = 0x2545_f491_4f6c_dd1du64;
    let mut step: f64 = 1.0;
    let mut scores = vec![0f32; classes];
    for _ in 0..epochs {
        // Fisher-Yates with xorshift: deterministic.
        for i in (1..order.len()).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            order.swap(i, (rng % (i as u64 + 1)) as usize);
        }
        for &i in &order {
            let ex = &examples[i];
            scores.fill(0.0);
            for f in &ex.features {
                let row = &w[f.0 as usize * classes..f.0 as usize * classes + classes];
                for (s, x) in scores.iter_mut().zip(row) {
                    *s += x;
                }
            }
            let guess = argmax(&scores);
            if guess != ex.class {
                for f in &ex.features {
                    let base = f.0 as usize * classes;
                    w[base + ex.class] += 1.0;
                    w[base + guess] -= 1.0;
                    acc[base + ex.class] += step;
                    acc[base + guess] -= step;
                }
            }
            step += 1.0;
        }
    }
    // Averaged weights: w - acc / steps (the standard lazy-averaging identity).
    let weights = w
        .iter()
        .zip(&acc)
        .map(|(&wi, &ai)| (f64::from(wi) - ai / step) as f32)
        .collect();
    Model {
        classes,
        weights,
        table: Table::default(),
        quantized: false,
        scale: 1.0,
        temperature: 1.0,
    }
}

/// Fit the softmax temperature that makes the model's probabilities best match `examples`
/// (lowest log loss over a fixed grid).
pub fn fit_temperature(model: &mut Model, examples: &[Example]) {
    let mut scores = vec![0f32; model.classes];
    let mut probs = vec![0f32; model.classes];
    let mut best = (f64::MAX, 1.0f32);
    for step in 1..=40 {
        let t = step as f32 * 0.25;
        model.temperature = t;
        let mut loss = 0f64;
        for ex in examples {
            model.scores_into(&ex.features, &mut scores);
            model.probabilities(&scores, &mut probs);
            loss -= f64::from(probs[ex.class].max(1e-9)).ln();
        }
        if loss < best.0 {
            best = (loss, t);
        }
    }
    model.temperature = best.1;
}

/// One ranking example: candidates' features, and which candidate is right.
#[derive(Debug, Clone)]
pub struct RankGroup {
    pub candidates: Vec<Vec<Feature>>,
    pub gold: usize,
}

/// Orders a ranker is trained in (see [`train_ranker`]).
const RANKER_ORDERS: u64 = 8;

/// Train a ranking perceptron (one weight column): each step, if the best-scoring candidate is
/// not the right one, the right one's features gain and the chosen one's lose. Averaged over
/// the steps, and over [`RANKER_ORDERS`] runs in differently shuffled orders: with a few
/// thousand groups one order's result swung by a few quotes whenever any training article
/// changed; the mean of several is steadier.
pub fn train_ranker(groups: &[RankGroup], epochs: usize) -> Model {
    let mut mean = vec![0f32; BUCKETS];
    for k in 0..RANKER_ORDERS {
        let seed = 0x9e37_79b9_7f4a_7c15u64.wrapping_add(k.wrapping_mul(0x2545_f491_4f6c_dd1d));
        let one = train_ranker_once(groups, epochs, seed);
        for (m, w) in mean.iter_mut().zip(&one) {
            *m += w / RANKER_ORDERS as f32;
        }
    }
    Model {
        classes: 1,
        weights: mean,
        table: Table::default(),
        quantized: false,
        scale: 1.0,
        temperature: 1.0,
    }
}

fn train_ranker_once(groups: &[RankGroup], epochs: usize, seed: u64) -> Vec<f32> {
    let mut w = vec![0f32; BUCKETS];
    let mut acc = vec![0f64; BUCKETS];
    let mut order: Vec<usize> = (0..groups.len()).collect();
    let mut rng = seed;
    let mut step: f64 = 1.0;
    let mut scores = Vec::new();
    for _ in 0..epochs {
        for i in (1..order.len()).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            order.swap(i, (rng % (i as u64 + 1)) as usize);
        }
        for &i in &order {
            let g = &groups[i];
            scores.clear();
            scores.extend(
                g.candidates
                    .iter()
                    .map(|fs| fs.iter().map(|f| w[f.0 as usize]).sum::<f32>()),
            );
            let guess = argmax(&scores);
            if guess != g.gold {
                for f in &g.candidates[g.gold] {
                    w[f.0 as usize] += 1.0;
                    acc[f.0 as usize] += step;
                }
                for f in &g.candidates[guess] {
                    w[f.0 as usize] -= 1.0;
                    acc[f.0 as usize] -= step;
                }
            }
            step += 1.0;
        }
    }
    w.iter()
        .zip(&acc)
        .map(|(&wi, &ai)| (f64::from(wi) - ai / step) as f32)
        .collect()
}

/// Fit a ranker's softmax temperature on held-out groups (lowest log loss over a grid).
pub fn fit_ranker_temperature(model: &mut Model, groups: &[RankGroup]) {
    let mut best = (f64::MAX, 1.0f32);
    let mut s = [0f32; 1];
    for step in 1..=40 {
        let t = step as f32 * 0.25;
        model.temperature = t;
        let mut loss = 0f64;
        for g in groups {
            let scores: Vec<f32> = g
                .candidates
                .iter()
                .map(|fs| {
                    model.scores_into(fs, &mut s);
                    s[0]
                })
                .collect();
            let mut probs = vec![0f32; scores.len()];
            model.probabilities(&scores, &mut probs);
            loss -= f64::from(probs[g.gold].max(1e-9)).ln();
        }
        if loss < best.0 {
            best = (loss, t);
        }
    }
    model.temperature = best.1;
}

pub fn argmax(scores: &[f32]) -> usize {
    let mut best = 0;
    for (i, &s) in scores.iter().enumerate() {
        if s > scores[best] {
            best = i;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toy() -> Vec<Example> {
        let f = |s: &str| FeatureHasher::new("w").bytes(s.as_bytes()).finish();
        vec![
            Example {
                features: vec![f("a"), f("b")],
                class: 0,
            },
            Example {
                features: vec![f("c"), f("b")],
                class: 1,
            },
            Example {
                features: vec![f("a")],
                class: 0,
            },
        ]
    }

    #[test]
    fn perceptron_learns_and_round_trips() {
        let m = train_perceptron(&toy(), 2, 5);
        let mut s = [0f32; 2];
        m.scores_into(&toy()[1].features, &mut s);
        assert_eq!(argmax(&s), 1);
        let back = Model::from_bytes(&m.to_bytes()).unwrap();
        let mut s2 = [0f32; 2];
        back.scores_into(&toy()[1].features, &mut s2);
        assert_eq!(argmax(&s2), 1);
        // Training is deterministic.
        assert_eq!(train_perceptron(&toy(), 2, 5).to_bytes(), m.to_bytes());
    }
}
