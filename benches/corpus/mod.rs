//! The generated corpus the benchmarks share: speaker turns of words drawn
//! from the fictional sample corpus, so word frequencies look like real
//! interview talk, written once into a temporary folder and reused by later
//! runs. Included by each bench with `#[path = "corpus/mod.rs"] mod corpus;`.

use std::path::{Path, PathBuf};

/// Words of the sample corpus, in order, as the generator's vocabulary.
pub fn vocabulary() -> Vec<String> {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-corpus/transcripts");
    let mut words = Vec::new();
    for entry in std::fs::read_dir(corpus).expect("sample corpus").flatten() {
        let Ok(bytes) = std::fs::read(entry.path()) else {
            continue;
        };
        let Ok(document) =
            polyphony::ingest::import_document(&entry.file_name().to_string_lossy(), &bytes)
        else {
            continue;
        };
        words.extend(document.text.split_whitespace().map(str::to_owned));
    }
    words
}

/// A small deterministic generator (xorshift), so every run sees the same corpus.
pub struct Random(pub u64);

impl Random {
    /// A number in `0..below`.
    pub fn next(&mut self, below: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        usize::try_from(self.0 % below as u64).unwrap_or(0)
    }
}

/// Writes `count` transcripts of `words` words each into `folder`.
fn generate_corpus(folder: &Path, count: usize, words: usize) {
    let vocabulary = vocabulary();
    let speakers = [
        "Interviewer",
        "Zoë Adebayo",
        "Marcus Reid",
        "Helen Marsh",
        "Łukasz Nowak",
    ];
    let mut random = Random(0x5EED_CAFE);
    std::fs::create_dir_all(folder).expect("corpus folder");
    for n in 0..count {
        let mut text = format!("Generated interview {n}\n\n");
        let mut written = 0;
        let mut turn = 0;
        while written < words {
            let speaker = if turn % 2 == 0 {
                speakers[0]
            } else {
                speakers[1 + n % 4]
            };
            let length = 20 + random.next(120);
            // Runs of the sample corpus keep phrases such as "network meeting".
            let from = random.next(vocabulary.len().saturating_sub(length).max(1));
            let said = vocabulary[from..(from + length).min(vocabulary.len())].join(" ");
            text.push_str(&format!("{speaker}: {said}\n\n"));
            written += length;
            turn += 1;
        }
        std::fs::write(folder.join(format!("interview-{n:04}.txt")), text)
            .expect("write transcript");
    }
}

/// The folder holding `count` generated transcripts of `words` words,
/// generated on first use.
pub fn corpus_folder(count: usize, words: usize) -> PathBuf {
    let folder = std::env::temp_dir().join(format!("polyphony-bench-{count}x{words}"));
    if !folder
        .join(format!("interview-{:04}.txt", count.saturating_sub(1)))
        .exists()
    {
        generate_corpus(&folder, count, words);
    }
    folder
}
